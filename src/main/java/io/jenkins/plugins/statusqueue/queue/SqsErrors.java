package io.jenkins.plugins.statusqueue.queue;

import com.amazonaws.AmazonClientException;
import com.amazonaws.AmazonServiceException;
import java.util.Set;

/** Sorts SDK failures into {@link QueueException.Kind}s, with a message that tells the administrator what to fix. */
final class SqsErrors {

    /** Refused credentials, permissions or signatures (query and JSON protocol spellings). */
    private static final Set<String> AUTH = Set.of("AccessDenied", "AccessDeniedException", "InvalidClientTokenId",
            "UnrecognizedClientException", "SignatureDoesNotMatch", "IncompleteSignature",
            "MissingAuthenticationToken", "ExpiredToken", "ExpiredTokenException", "RequestExpired",
            "KmsAccessDenied", "KMS.AccessDeniedException");
    private static final Set<String> THROTTLED = Set.of("RequestThrottled", "ThrottlingException", "Throttling",
            "SlowDown", "TooManyRequestsException", "KmsThrottled", "KMS.ThrottlingException", "OverLimit");
    /** The queue URL cannot work: no such queue, malformed address, or plain HTTP where SQS wants HTTPS. */
    private static final Set<String> CONFIG = Set.of("AWS.SimpleQueueService.NonExistentQueue", "QueueDoesNotExist",
            "InvalidAddress", "InvalidSecurity");
    private static final String CREDENTIALS_MISSING = "Unable to load AWS credentials";

    private SqsErrors() {
    }

    /**
     * @param context what was attempted, naming the queue, for example "Cannot receive from SQS queue https://..."
     */
    static QueueException translate(String context, AmazonClientException e) {
        if (e instanceof AmazonServiceException service) {
            String code = service.getErrorCode() == null ? "" : service.getErrorCode();
            String detail = ": " + code + " (HTTP " + service.getStatusCode() + ") " + service.getErrorMessage();
            if (AUTH.contains(code) || service.getStatusCode() == 401) {
                return new QueueException(QueueException.Kind.AUTH, context + detail + ". Check the access key, "
                        + "secret key and region, and that the identity may use this queue (and its KMS key).",
                        null, e);
            }
            if (CONFIG.contains(code)) {
                return new QueueException(QueueException.Kind.CONFIG, context + detail + ". Check the queue URL "
                        + "and region; SQS also answers this way when the queue belongs to an account these "
                        + "credentials may not use.", null, e);
            }
            if (THROTTLED.contains(code) || service.getStatusCode() == 429) {
                return new QueueException(QueueException.Kind.THROTTLED, context + detail, null, e);
            }
            if (service.getStatusCode() >= 500) {
                return new QueueException(QueueException.Kind.UNAVAILABLE, context + detail, null, e);
            }
            if (service.getStatusCode() == 403) {
                return new QueueException(QueueException.Kind.AUTH, context + detail + ". Check the credentials "
                        + "and the queue's access policy.", null, e);
            }
            return new QueueException(QueueException.Kind.QUEUE_ERROR, context + detail, null, e);
        }
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (message.startsWith(CREDENTIALS_MISSING)) {
            return new QueueException(QueueException.Kind.AUTH, context + ": no AWS credentials. Select a "
                    + "credential, or give the controller credentials through its environment, profile or "
                    + "instance role.", null, e);
        }
        return new QueueException(QueueException.Kind.TIMEOUT, context + ": no answer (" + message + ")", null, e);
    }
}
