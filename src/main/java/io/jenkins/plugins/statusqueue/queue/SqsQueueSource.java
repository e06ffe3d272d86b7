package io.jenkins.plugins.statusqueue.queue;

import com.amazonaws.AmazonClientException;
import com.amazonaws.ClientConfiguration;
import com.amazonaws.auth.AWSCredentialsProvider;
import com.amazonaws.auth.DefaultAWSCredentialsProviderChain;
import com.amazonaws.client.builder.AwsClientBuilder;
import com.amazonaws.retry.PredefinedRetryPolicies;
import com.amazonaws.services.sqs.AmazonSQS;
import com.amazonaws.services.sqs.AmazonSQSClientBuilder;
import com.amazonaws.services.sqs.model.BatchResultErrorEntry;
import com.amazonaws.services.sqs.model.ChangeMessageVisibilityRequest;
import com.amazonaws.services.sqs.model.DeleteMessageBatchRequest;
import com.amazonaws.services.sqs.model.DeleteMessageBatchRequestEntry;
import com.amazonaws.services.sqs.model.DeleteMessageBatchResult;
import com.amazonaws.services.sqs.model.DeleteMessageBatchResultEntry;
import com.amazonaws.services.sqs.model.GetQueueAttributesRequest;
import com.amazonaws.services.sqs.model.ListMessageMoveTasksRequest;
import com.amazonaws.services.sqs.model.ListMessageMoveTasksResultEntry;
import com.amazonaws.services.sqs.model.Message;
import com.amazonaws.services.sqs.model.ReceiveMessageRequest;
import com.amazonaws.services.sqs.model.StartMessageMoveTaskRequest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Amazon SQS (or an SQS-compatible server) reached directly through the AWS SDK.
 *
 * <p>FIFO queues: while a message is in flight SQS holds back the rest of its message group. {@link #postpone} sets
 * the visibility to exactly the delay, counted from now, so the group resumes when the back-off ends (earlier if the
 * message is deleted) and other groups are not held at all; if postponing fails, the receive's visibility timeout
 * still bounds the hold. Receives on FIFO queues carry a {@code ReceiveRequestAttemptId}, so an SDK retry after a
 * lost answer gets the same messages back instead of leaving them in flight, and their groups held, unseen.
 *
 * <p>The source owns its client: {@link #close()} shuts it down. Give each source a client of its own, from
 * {@link #newClient}. Thread-safe, like the SDK client.
 */
public final class SqsQueueSource implements QueueSource {

    /** SQS's limit for one receive or batch delete. */
    private static final int MAX_BATCH = 10;
    private static final int MAX_WAIT_SECONDS = 20;
    /** SQS's limit for a message's visibility, counted from the receive. */
    private static final int MAX_VISIBILITY_SECONDS = 12 * 60 * 60;
    private static final int CONNECT_TIMEOUT_MILLIS = 10_000;
    /** Above the 20 s long poll, so a receive waiting for messages is not cut off as a timeout. */
    private static final int SOCKET_TIMEOUT_MILLIS = 30_000;
    /**
     * The whole of one attempt, body included: the socket timeout alone lets a server that trickles a byte at a time
     * hold a call for good. Above the 20 s long poll.
     */
    static final int REQUEST_TIMEOUT_MILLIS = 30_000;
    private static final int MAX_RETRIES = 3;

    static final String RECEIVE_COUNT = "ApproximateReceiveCount";
    private static final String SENT_TIMESTAMP = "SentTimestamp";
    private static final List<String> MESSAGE_ATTRIBUTES = List.of(RECEIVE_COUNT, SENT_TIMESTAMP, "MessageGroupId",
            "MessageDeduplicationId");
    private static final List<String> PROBE_ATTRIBUTES = List.of("ApproximateNumberOfMessages",
            "ApproximateNumberOfMessagesNotVisible", "FifoQueue", "RedrivePolicy");
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Move tasks shown: the one under way, if any, and the last few before it. */
    private static final int MAX_MOVE_TASKS = 5;

    private final AmazonSQS client;
    private final String queueUrl;
    private final int visibilityTimeoutSeconds;
    private final boolean fifo;
    private final String identity;
    private final Runnable onClose;

    /**
     * @param client                   the client to use; the source shuts it down on {@link #close()}
     * @param queueUrl                 the queue URL
     * @param visibilityTimeoutSeconds how long a received message stays hidden while it is processed (1 s to 12 h)
     */
    public SqsQueueSource(AmazonSQS client, String queueUrl, int visibilityTimeoutSeconds) {
        this(client, queueUrl, visibilityTimeoutSeconds, null, () -> { });
    }

    /**
     * @param identity what the client signs its requests as, for "Test connection" (never a secret); {@code null}
     *                 to leave it unsaid
     * @param onClose  what else to end with the client (an STS client assuming a role)
     */
    public SqsQueueSource(AmazonSQS client, String queueUrl, int visibilityTimeoutSeconds, String identity,
            Runnable onClose) {
        if (client == null) {
            throw new IllegalArgumentException("client is required");
        }
        if (queueUrl == null || queueUrl.isBlank()) {
            throw new IllegalArgumentException("queue URL is required");
        }
        if (visibilityTimeoutSeconds < 1 || visibilityTimeoutSeconds > MAX_VISIBILITY_SECONDS) {
            throw new IllegalArgumentException("visibility timeout must be 1 to " + MAX_VISIBILITY_SECONDS
                    + " seconds, not " + visibilityTimeoutSeconds);
        }
        this.client = client;
        this.queueUrl = queueUrl.trim();
        this.visibilityTimeoutSeconds = visibilityTimeoutSeconds;
        this.fifo = this.queueUrl.endsWith(".fifo");
        this.identity = identity;
        this.onClose = onClose;
    }

    /**
     * A client for {@link SqsQueueSource}.
     *
     * @param region           the region requests are signed for, for example {@code us-east-1}
     * @param endpointOverride blank for Amazon SQS; otherwise the base URL of a VPC endpoint or an SQS-compatible
     *                         server, which then receives every request whatever host the queue URL names
     * @param credentials      {@code null} for the default provider chain (environment, profile, instance role)
     * @param proxy            the HTTP proxy on the way to the queue's host, {@code null} for none
     */
    public static AmazonSQS newClient(String region, String endpointOverride, AWSCredentialsProvider credentials,
            HttpProxy proxy) {
        return newClient(region, endpointOverride, credentials, proxy, REQUEST_TIMEOUT_MILLIS);
    }

    /**
     * @param requestTimeoutMillis the bound on one whole attempt; every call, retries included, is bounded by twice
     *                             that
     */
    static AmazonSQS newClient(String region, String endpointOverride, AWSCredentialsProvider credentials,
            HttpProxy proxy, int requestTimeoutMillis) {
        if (region == null || region.isBlank()) {
            throw new IllegalArgumentException("region is required");
        }
        ClientConfiguration configuration = new ClientConfiguration()
                .withConnectionTimeout(CONNECT_TIMEOUT_MILLIS)
                .withSocketTimeout(SOCKET_TIMEOUT_MILLIS)
                .withRequestTimeout(requestTimeoutMillis)
                .withClientExecutionTimeout(2 * requestTimeoutMillis)
                .withRetryPolicy(PredefinedRetryPolicies.getDefaultRetryPolicyWithCustomMaxRetries(MAX_RETRIES));
        AmazonSQSClientBuilder builder = AmazonSQSClientBuilder.standard()
                .withClientConfiguration(HttpProxy.apply(proxy, configuration))
                .withCredentials(credentials != null ? credentials : DefaultAWSCredentialsProviderChain.getInstance());
        if (endpointOverride == null || endpointOverride.isBlank()) {
            builder.withRegion(region.trim());
        } else {
            URI endpoint = QueueUrlRedirect.endpoint(endpointOverride.trim());
            builder.withEndpointConfiguration(new AwsClientBuilder.EndpointConfiguration(endpoint.toString(),
                    region.trim()))
                    .withRequestHandlers(new QueueUrlRedirect(endpoint));
        }
        return builder.build();
    }

    @Override
    public List<QueueMessage> receive(int maxMessages, int waitSeconds) throws QueueException {
        ReceiveMessageRequest request = new ReceiveMessageRequest(queueUrl)
                .withMaxNumberOfMessages(Math.max(1, Math.min(MAX_BATCH, maxMessages)))
                .withWaitTimeSeconds(Math.max(0, Math.min(MAX_WAIT_SECONDS, waitSeconds)))
                .withVisibilityTimeout(visibilityTimeoutSeconds)
                .withMessageSystemAttributeNames(MESSAGE_ATTRIBUTES);
        if (fifo) {
            request.setReceiveRequestAttemptId(UUID.randomUUID().toString());
        }
        List<Message> messages;
        try {
            messages = client.receiveMessage(request).getMessages();
        } catch (AmazonClientException e) {
            throw failure("receive from", e);
        }
        List<QueueMessage> received = new ArrayList<>(messages.size());
        for (Message message : messages) {
            received.add(QueueMessage.fromSqs(message.getMessageId(), message.getReceiptHandle(),
                    message.getBody(), message.getAttributes()));
        }
        return received;
    }

    /**
     * Deletes in batches of ten. A batch that fails as a whole throws when nothing was deleted yet; after that, it
     * and the batches behind it are reported as failed so the caller still learns what was deleted.
     */
    @Override
    public DeleteResult delete(List<QueueMessage> messages) throws QueueException {
        List<QueueMessage> distinct = new ArrayList<>(new LinkedHashSet<>(messages));
        List<QueueMessage> deleted = new ArrayList<>();
        Map<QueueMessage, String> failed = new LinkedHashMap<>();
        for (int start = 0; start < distinct.size(); start += MAX_BATCH) {
            List<QueueMessage> chunk = distinct.subList(start, Math.min(distinct.size(), start + MAX_BATCH));
            DeleteMessageBatchResult result;
            try {
                result = client.deleteMessageBatch(new DeleteMessageBatchRequest(queueUrl, entries(chunk)));
            } catch (AmazonClientException e) {
                QueueException failure = failure("delete from", e);
                if (deleted.isEmpty() && failed.isEmpty()) {
                    throw failure;
                }
                distinct.subList(start, distinct.size()).forEach(message -> failed.put(message, failure.getMessage()));
                break;
            }
            Set<String> successful = new LinkedHashSet<>();
            for (DeleteMessageBatchResultEntry entry : result.getSuccessful()) {
                successful.add(entry.getId());
            }
            Map<String, String> errors = new HashMap<>();
            for (BatchResultErrorEntry entry : result.getFailed()) {
                errors.put(entry.getId(), entry.getCode() + ": " + entry.getMessage());
            }
            for (int i = 0; i < chunk.size(); i++) {
                String id = entryId(i);
                if (successful.contains(id)) {
                    deleted.add(chunk.get(i));
                } else {
                    failed.put(chunk.get(i), errors.getOrDefault(id, "SQS did not report this entry"));
                }
            }
        }
        return new DeleteResult(deleted, failed);
    }

    /** Entry ids must be unique within a batch and match {@code [A-Za-z0-9_-]{1,80}}: the position does both. */
    private static List<DeleteMessageBatchRequestEntry> entries(List<QueueMessage> chunk) {
        List<DeleteMessageBatchRequestEntry> entries = new ArrayList<>(chunk.size());
        for (int i = 0; i < chunk.size(); i++) {
            entries.add(new DeleteMessageBatchRequestEntry(entryId(i), chunk.get(i).receiptHandle()));
        }
        return entries;
    }

    private static String entryId(int position) {
        return Integer.toString(position);
    }

    /**
     * Hides the message for {@code delaySeconds} from now. The delay is capped so that, with the time the message
     * already spent in flight (at most the receive's visibility timeout), it stays within SQS's 12 hours.
     */
    @Override
    public void postpone(QueueMessage message, int delaySeconds) throws QueueException {
        int cap = Math.max(MAX_VISIBILITY_SECONDS - visibilityTimeoutSeconds, visibilityTimeoutSeconds);
        int seconds = Math.max(0, Math.min(cap, delaySeconds));
        try {
            client.changeMessageVisibility(new ChangeMessageVisibilityRequest(queueUrl, message.receiptHandle(),
                    seconds));
        } catch (AmazonClientException e) {
            throw failure("postpone a message in", e);
        }
    }

    @Override
    public int maxBatchSize() {
        return MAX_BATCH;
    }

    @Override
    public QueueProbe probe() throws QueueException {
        Map<String, String> attributes;
        try {
            attributes = client.getQueueAttributes(new GetQueueAttributesRequest(queueUrl, PROBE_ATTRIBUTES))
                    .getAttributes();
        } catch (AmazonClientException e) {
            throw failure("read the attributes of", e);
        }
        long visible = parseOr(attributes.getOrDefault("ApproximateNumberOfMessages", "-1"), -1L);
        long inFlight = parseOr(attributes.getOrDefault("ApproximateNumberOfMessagesNotVisible", "-1"), -1L);
        boolean fifoQueue = Boolean.parseBoolean(attributes.get("FifoQueue"));
        StringBuilder description = new StringBuilder(fifoQueue ? "FIFO" : "Standard").append(" SQS queue ")
                .append(queueUrl).append(identity == null ? "" : " (as " + identity + ")").append(": about ")
                .append(visible).append(" messages waiting, ").append(inFlight).append(" in flight; ").append(deadLetterDescription(attributes.get("RedrivePolicy"))).append('.');
        return new QueueProbe(description.toString(), visible);
    }

    private static long parseOr(String value, long fallback) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    private static String deadLetterDescription(String redrivePolicy) {
        if (redrivePolicy == null || redrivePolicy.isBlank()) {
            return "no dead-letter queue, so a message that never succeeds is retried until it expires";
        }
        try {
            JsonNode policy = JSON.readTree(redrivePolicy);
            String target = policy.path("deadLetterTargetArn").asText("?");
            return "dead-letter queue " + target.substring(target.lastIndexOf(':') + 1) + " after "
                    + policy.path("maxReceiveCount").asText("?") + " receives";
        } catch (IOException e) {
            return "a dead-letter queue is configured";
        }
    }

    /**
     * Reads the redrive policy, then the dead-letter queue's depth, the send time of the oldest of up to 10 of its
     * messages (received with a visibility timeout of 0: they stay visible, though SQS counts the receive), and its
     * newest message move tasks. A refused task listing (a policy without {@code sqs:ListMessageMoveTasks}) leaves
     * the rest readable.
     */
    @Override
    public Optional<DeadLetterQueue> deadLetters() throws QueueException {
        Optional<RedriveTarget> target = redriveTarget();
        if (target.isEmpty()) {
            return Optional.empty();
        }
        String deadLetterUrl = target.get().url(queueUrl);
        Map<String, String> attributes;
        try {
            attributes = client.getQueueAttributes(new GetQueueAttributesRequest(deadLetterUrl,
                    List.of("ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"))).getAttributes();
        } catch (AmazonClientException e) {
            throw SqsErrors.translate("Cannot read the attributes of dead-letter queue " + deadLetterUrl, e);
        }
        long depth = parseOr(attributes.getOrDefault("ApproximateNumberOfMessages", "0"), 0L);
        Instant oldest = depth > 0 ? oldestSent(deadLetterUrl) : null;
        List<DeadLetterQueue.MoveTask> tasks = new ArrayList<>();
        String tasksError = null;
        try {
            for (ListMessageMoveTasksResultEntry entry : client.listMessageMoveTasks(new ListMessageMoveTasksRequest()
                    .withSourceArn(target.get().arn()).withMaxResults(MAX_MOVE_TASKS)).getResults()) {
                tasks.add(new DeadLetterQueue.MoveTask(entry.getStatus(),
                        entry.getApproximateNumberOfMessagesMoved() == null ? 0 : entry.getApproximateNumberOfMessagesMoved(),
                        entry.getApproximateNumberOfMessagesToMove() == null ? -1
                                : entry.getApproximateNumberOfMessagesToMove(),
                        entry.getFailureReason(),
                        entry.getStartedTimestamp() == null ? null : Instant.ofEpochMilli(entry.getStartedTimestamp())));
            }
        } catch (AmazonClientException e) {
            tasksError = SqsErrors.translate("Cannot list the message move tasks of " + target.get().arn(), e)
                    .getMessage();
        }
        return Optional.of(new DeadLetterQueue(target.get().name(), target.get().maxReceiveCount(), depth,
                parseOr(attributes.getOrDefault("ApproximateNumberOfMessagesNotVisible", "0"), 0L), oldest, tasks,
                tasksError));
    }

    /** The oldest send time among up to 10 messages, which stay visible; {@code null} when none came back. */
    private Instant oldestSent(String deadLetterUrl) throws QueueException {
        ReceiveMessageRequest peek = new ReceiveMessageRequest(deadLetterUrl).withMaxNumberOfMessages(MAX_BATCH)
                .withVisibilityTimeout(0).withWaitTimeSeconds(0).withMessageSystemAttributeNames(SENT_TIMESTAMP);
        if (deadLetterUrl.endsWith(".fifo")) {
            peek.setReceiveRequestAttemptId(UUID.randomUUID().toString());
        }
        try {
            return client.receiveMessage(peek).getMessages().stream()
                    .map(message -> parseOr(message.getAttributes().getOrDefault(SENT_TIMESTAMP, "-1"), -1L))
                    .filter(millis -> millis >= 0).min(Long::compare).map(Instant::ofEpochMilli).orElse(null);
        } catch (AmazonClientException e) {
            throw SqsErrors.translate("Cannot look at the messages of dead-letter queue " + deadLetterUrl, e);
        }
    }

    /** Starts SQS's message move task from the dead-letter queue back to the queues its messages came from. */
    @Override
    public DeadLetterQueue.MoveTask moveDeadLettersBack() throws QueueException {
        RedriveTarget target = redriveTarget().orElseThrow(() -> new QueueException(QueueException.Kind.CONFIG,
                "SQS queue " + queueUrl + " has no dead-letter queue (no redrive policy)"));
        try {
            client.startMessageMoveTask(new StartMessageMoveTaskRequest().withSourceArn(target.arn()));
        } catch (AmazonClientException e) {
            throw SqsErrors.translate("Cannot start moving the messages of " + target.arn() + " back", e);
        }
        return new DeadLetterQueue.MoveTask("RUNNING", 0, -1, null, Instant.now());
    }

    /**
     * The queue's redrive policy: where a message goes after too many receives.
     *
     * @param arn             the dead-letter queue's ARN ({@code arn:aws:sqs:region:account:name})
     * @param maxReceiveCount receives before a message moves there, or -1
     */
    record RedriveTarget(String arn, int maxReceiveCount) {

        String name() {
            return arn.substring(arn.lastIndexOf(':') + 1);
        }

        /**
         * The dead-letter queue's URL: SQS keeps a dead-letter queue in the account and region of its queue, and
         * names queues by account and name, so it sits beside the queue's own.
         */
        String url(String queueUrl) {
            return queueUrl.substring(0, queueUrl.lastIndexOf('/') + 1) + name();
        }
    }

    Optional<RedriveTarget> redriveTarget() throws QueueException {
        String policy;
        try {
            policy = client.getQueueAttributes(new GetQueueAttributesRequest(queueUrl, List.of("RedrivePolicy")))
                    .getAttributes().get("RedrivePolicy");
        } catch (AmazonClientException e) {
            throw failure("read the redrive policy of", e);
        }
        if (policy == null || policy.isBlank()) {
            return Optional.empty();
        }
        try {
            JsonNode node = JSON.readTree(policy);
            String arn = node.path("deadLetterTargetArn").asText("");
            if (!arn.startsWith("arn:") || arn.split(":").length != 6) {
                throw new QueueException(QueueException.Kind.BAD_RESPONSE, "The redrive policy of SQS queue "
                        + queueUrl + " names no dead-letter queue ARN");
            }
            return Optional.of(new RedriveTarget(arn, node.path("maxReceiveCount").asInt(-1)));
        } catch (IOException e) {
            throw new QueueException(QueueException.Kind.BAD_RESPONSE, "The redrive policy of SQS queue " + queueUrl
                    + " is not JSON", null, e);
        }
    }

    @Override
    public String describe() {
        return queueUrl;
    }

    @Override
    public void close() {
        client.shutdown();
        onClose.run();
    }

    /** Turns an SDK failure into a {@link QueueException} an administrator can act on; AWS messages carry no secret. */
    QueueException failure(String action, AmazonClientException e) {
        return SqsErrors.translate("Cannot " + action + " SQS queue " + queueUrl, e);
    }
}
