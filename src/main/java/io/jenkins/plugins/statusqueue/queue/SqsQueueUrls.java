package io.jenkins.plugins.statusqueue.queue;

import io.jenkins.plugins.statusqueue.config.FieldCheck;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Checks SQS queue URLs and regions as an administrator types them, and reads the region out of a queue URL. */
public final class SqsQueueUrls {

    /**
     * Amazon SQS hosts that name their region: {@code sqs.<region>.amazonaws.com} (also {@code .com.cn} and
     * {@code sqs-fips}), a VPC interface endpoint {@code vpce-<id>.sqs.<region>.vpce.amazonaws.com}, and the legacy
     * {@code <region>.queue.amazonaws.com}.
     */
    private static final Pattern REGIONAL_HOST = Pattern.compile(
            "(?:sqs(?:-fips)?\\.([a-z0-9-]+)\\.amazonaws\\.com(?:\\.cn)?"
                    + "|vpce-[a-z0-9-]+\\.sqs\\.([a-z0-9-]+)\\.vpce\\.amazonaws\\.com"
                    + "|([a-z0-9-]+)\\.queue\\.amazonaws\\.com)");
    /** The legacy host without a region is us-east-1. */
    private static final String LEGACY_US_EAST_1_HOST = "queue.amazonaws.com";
    /** {@code /<12-digit account id>/<name>}: up to 80 letters, digits, hyphens and underscores, ".fifo" included. */
    private static final Pattern QUEUE_PATH = Pattern.compile("/\\d{12}/(?=[A-Za-z0-9_.-]{1,80}$)[A-Za-z0-9_-]+(?:\\.fifo)?");
    private static final Pattern REGION = Pattern.compile("[a-z]{2}(?:-[a-z]+)+-\\d+");
    private static final String EXAMPLE = "https://sqs.us-east-1.amazonaws.com/123456789012/build-events";

    private SqsQueueUrls() {
    }

    /** Checks a queue URL against the configured region (blank when the region is taken from the URL). */
    public static FieldCheck check(String queueUrl, String region) {
        String url = trim(queueUrl);
        if (url.isEmpty()) {
            return FieldCheck.error("Enter the queue URL, for example " + EXAMPLE + ".");
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            return FieldCheck.error("Not a valid URL: " + e.getReason() + ".");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("https") || scheme.equals("http")) || uri.getHost() == null) {
            return FieldCheck.error("The queue URL must be an https:// address, for example " + EXAMPLE + ".");
        }
        if (uri.getRawUserInfo() != null) {
            return FieldCheck.error("The queue URL must not contain a user name or password; use credentials.");
        }
        Optional<String> urlRegion = regionOfHost(uri.getHost());
        if (urlRegion.isEmpty()) {
            return FieldCheck.warning("Not an Amazon SQS address. This works only with an SQS-compatible server "
                    + "(for example ElasticMQ or LocalStack), set as the endpoint override; the region is then only "
                    + "used to sign requests.");
        }
        if (!scheme.equals("https")) {
            return FieldCheck.error("Amazon SQS queue URLs start with https://.");
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null || uri.getRawPath() == null
                || !QUEUE_PATH.matcher(uri.getRawPath()).matches()) {
            return FieldCheck.error("An Amazon SQS queue URL has the form https://sqs.<region>.amazonaws.com/"
                    + "<12-digit account id>/<queue name>: up to 80 letters, digits, hyphens and underscores, FIFO "
                    + "queues ending in .fifo. Copy it from the queue's details in the SQS console.");
        }
        String configured = trim(region);
        if (!configured.isEmpty() && !configured.equals(urlRegion.get())) {
            return FieldCheck.error("The queue is in region " + urlRegion.get() + " but the region is set to "
                    + configured + "; SQS rejects requests signed for another region.");
        }
        return FieldCheck.ok();
    }

    /** Checks the endpoint override field; blank means Amazon SQS at the queue URL's host. */
    public static FieldCheck checkEndpointOverride(String endpointOverride) {
        String value = trim(endpointOverride);
        if (value.isEmpty()) {
            return FieldCheck.ok();
        }
        URI endpoint;
        try {
            endpoint = QueueUrlRedirect.endpoint(value);
        } catch (IllegalArgumentException e) {
            return FieldCheck.error(e.getMessage());
        }
        if (endpoint.getScheme().equals("http") && !isLoopback(endpoint.getHost())) {
            return FieldCheck.warning("Plain http: messages and request signatures cross the network unencrypted.");
        }
        return FieldCheck.ok("Every request goes to " + endpoint + ", whatever host the queue URL names.");
    }

    private static boolean isLoopback(String host) {
        String lower = host.toLowerCase(Locale.ROOT);
        return lower.equals("localhost") || lower.startsWith("127.") || lower.equals("[::1]");
    }

    /** Checks the region field; blank is fine when the queue URL names the region. */
    public static FieldCheck checkRegion(String region, String queueUrl) {
        String configured = trim(region);
        if (configured.isEmpty()) {
            return regionOf(queueUrl)
                    .map(fromUrl -> FieldCheck.ok("Taken from the queue URL: " + fromUrl + "."))
                    .orElseGet(() -> FieldCheck.error("Enter the AWS region of the queue, for example us-east-1."));
        }
        if (!REGION.matcher(configured).matches()) {
            return FieldCheck.error("Not an AWS region name; regions look like us-east-1 or eu-west-2.");
        }
        return FieldCheck.ok();
    }

    /** The region to sign requests for: the configured one, else the queue URL's. */
    public static Optional<String> signingRegion(String region, String queueUrl) {
        String configured = trim(region);
        return configured.isEmpty() ? regionOf(queueUrl) : Optional.of(configured);
    }

    /** The region an Amazon SQS queue URL names, or empty for other hosts and malformed URLs. */
    public static Optional<String> regionOf(String queueUrl) {
        try {
            String host = new URI(trim(queueUrl)).getHost();
            return host == null ? Optional.empty() : regionOfHost(host);
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
    }

    /** Whether {@code url} is an address of Amazon SQS itself (public, FIPS, VPC interface or legacy endpoint). */
    public static boolean isAmazonSqs(String url) {
        try {
            URI uri = new URI(trim(url));
            return "https".equalsIgnoreCase(uri.getScheme()) && uri.getHost() != null && uri.getRawUserInfo() == null
                    && regionOfHost(uri.getHost()).isPresent();
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private static Optional<String> regionOfHost(String host) {
        String lower = host.toLowerCase(Locale.ROOT);
        if (lower.equals(LEGACY_US_EAST_1_HOST)) {
            return Optional.of("us-east-1");
        }
        Matcher matcher = REGIONAL_HOST.matcher(lower);
        if (!matcher.matches()) {
            return Optional.empty();
        }
        for (int group = 1; group <= matcher.groupCount(); group++) {
            if (matcher.group(group) != null) {
                return Optional.of(matcher.group(group));
            }
        }
        return Optional.empty();
    }

    private static String trim(String value) {
        return value == null ? "" : value.trim();
    }
}
