package io.jenkins.plugins.statusqueue.queue;

import static io.jenkins.plugins.statusqueue.http.HttpClientFactory.DIRECT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jenkins.plugins.statusqueue.sim.ApiGatewayEmulator;
import io.jenkins.plugins.statusqueue.sim.ElasticMq;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The bundled stack's read-only {@code GET /queue/dead-letter}, through the API Gateway emulator. */
class ApiGatewayDeadLetterTest {

    private static ElasticMq mq;

    @BeforeAll
    static void startElasticMq() {
        mq = ElasticMq.start();
    }

    @AfterAll
    static void stopElasticMq() {
        mq.close();
    }

    @Test
    void readsTheDeadLetterDepthWhereTheStackOffersIt() throws Exception {
        String dead = mq.createQueue("gw-dlq");
        String queue = mq.createQueueWithDeadLetterQueue("gw", dead, 5);
        for (int i = 0; i < 3; i++) {
            mq.client().sendMessage(dead, "undelivered " + i);
        }
        try (ApiGatewayEmulator api = ApiGatewayEmulator.start(mq, queue, ApiGatewayEmulator.Stack.IMPROVED);
                ApiGatewayQueueSource source = new ApiGatewayQueueSource(DIRECT, api.apiUrl(), ApiGatewayEmulator.API_KEY)) {
            DeadLetterQueue letters = source.deadLetters().orElseThrow();
            assertEquals(3, letters.approximateDepth());
            assertEquals(0, letters.inFlight());
            assertNull(letters.name(), "the stack says how many, not which queue");
            assertNull(letters.oldestSent());
            assertEquals(List.of(), letters.moveTasks());
            QueueException refused = assertThrows(QueueException.class, source::moveDeadLettersBack,
                    "read-only through the API");
            assertEquals(QueueException.Kind.CONFIG, refused.kind());
        }
    }

    @Test
    void aStackWithoutTheResourceOffersNothing() throws Exception {
        try (ApiGatewayEmulator api = ApiGatewayEmulator.start(mq, mq.createQueue("gw-original"),
                ApiGatewayEmulator.Stack.ORIGINAL);
                ApiGatewayQueueSource source = new ApiGatewayQueueSource(DIRECT, api.apiUrl(), ApiGatewayEmulator.API_KEY)) {
            assertEquals(Optional.empty(), source.deadLetters());
        }
    }

    @Test
    void theApiKeyIsRequiredAsForEveryRoute() throws Exception {
        try (ApiGatewayEmulator api = ApiGatewayEmulator.start(mq, mq.createQueue("gw-key"),
                ApiGatewayEmulator.Stack.IMPROVED);
                ApiGatewayQueueSource source = new ApiGatewayQueueSource(DIRECT, api.apiUrl(), "not-the-key")) {
            assertEquals(QueueException.Kind.AUTH, assertThrows(QueueException.class, source::deadLetters).kind());
        }
    }
}
