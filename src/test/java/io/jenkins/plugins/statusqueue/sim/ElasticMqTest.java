package io.jenkins.plugins.statusqueue.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.amazonaws.services.sqs.model.ReceiveMessageRequest;
import org.junit.jupiter.api.Test;

class ElasticMqTest {

    @Test
    void sendsAndReceivesThroughTheSdk() {
        try (ElasticMq mq = ElasticMq.start()) {
            String url = mq.createQueue("smoke");
            mq.client().sendMessage(url, "hello");
            var received = mq.client().receiveMessage(new ReceiveMessageRequest(url).withWaitTimeSeconds(1));
            assertEquals("hello", received.getMessages().get(0).getBody());
        }
    }
}
