package io.jenkins.plugins.statusqueue.sim;

import com.amazonaws.auth.AWSStaticCredentialsProvider;
import com.amazonaws.auth.BasicAWSCredentials;
import com.amazonaws.client.builder.AwsClientBuilder;
import com.amazonaws.services.sqs.AmazonSQS;
import com.amazonaws.services.sqs.AmazonSQSClientBuilder;
import com.amazonaws.services.sqs.model.CreateQueueRequest;
import java.util.List;
import java.util.Map;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;

/** A real SQS server (ElasticMQ) embedded on localhost, with an SDK client for setting up queues. */
public final class ElasticMq implements AutoCloseable {

    public static final String REGION = "elasticmq";
    public static final String ACCESS_KEY = "test-access-key";
    public static final String SECRET_KEY = "test-secret-key";

    static {
        // The SDK's end-of-support notice is a stack trace on every start; the plugin uses what Jenkins bundles.
        System.setProperty("aws.java.v1.disableDeprecationAnnouncement", "true");
    }

    private final SQSRestServer server;
    private final int port;
    private final AmazonSQS client;

    private ElasticMq(int requestedPort) {
        server = SQSRestServerBuilder.withInterface("127.0.0.1").withPort(requestedPort).start();
        port = server.waitUntilStarted().localAddress().getPort();
        client = newClient();
    }

    /** Starts ElasticMQ on a free port. */
    public static ElasticMq start() {
        return new ElasticMq(0);
    }

    /** Starts ElasticMQ on a fixed port, for the sandbox. */
    public static ElasticMq start(int port) {
        return new ElasticMq(port);
    }

    public String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    /** A shared client for test set-up. */
    public AmazonSQS client() {
        return client;
    }

    /** A new SDK client pointed at this server. */
    public AmazonSQS newClient() {
        return AmazonSQSClientBuilder.standard()
                .withEndpointConfiguration(new AwsClientBuilder.EndpointConfiguration(endpoint(), REGION))
                .withCredentials(new AWSStaticCredentialsProvider(new BasicAWSCredentials(ACCESS_KEY, SECRET_KEY)))
                .build();
    }

    /** Creates a standard queue and returns its URL. */
    public String createQueue(String name) {
        return client.createQueue(name).getQueueUrl();
    }

    /** Messages in the queue, visible or in flight. */
    public int depth(String queueUrl) {
        return client.getQueueAttributes(queueUrl, List.of("ApproximateNumberOfMessages",
                "ApproximateNumberOfMessagesNotVisible")).getAttributes().values().stream()
                .mapToInt(Integer::parseInt).sum();
    }

    /**
     * Creates a queue with SQS attributes (for example {@code FifoQueue}, {@code RedrivePolicy},
     * {@code VisibilityTimeout}) and returns its URL. FIFO queue names end in {@code .fifo}.
     */
    public String createQueue(String name, Map<String, String> attributes) {
        return client.createQueue(new CreateQueueRequest(name).withAttributes(attributes)).getQueueUrl();
    }

    /** Creates a FIFO queue that deduplicates by content and returns its URL. */
    public String createFifoQueue(String name) {
        return createQueue(name + ".fifo", Map.of("FifoQueue", "true", "ContentBasedDeduplication", "true"));
    }

    /** Creates a queue whose messages move to {@code deadLetterQueueUrl} after {@code maxReceiveCount} receives. */
    public String createQueueWithDeadLetterQueue(String name, String deadLetterQueueUrl, int maxReceiveCount) {
        String redrivePolicy = "{\"maxReceiveCount\":\"" + maxReceiveCount + "\",\"deadLetterTargetArn\":\""
                + queueArn(deadLetterQueueUrl) + "\"}";
        return createQueue(name, Map.of("RedrivePolicy", redrivePolicy));
    }

    public String queueArn(String queueUrl) {
        return client.getQueueAttributes(queueUrl, List.of("QueueArn")).getAttributes().get("QueueArn");
    }

    @Override
    public void close() {
        client.shutdown();
        server.stopAndWait();
    }
}
