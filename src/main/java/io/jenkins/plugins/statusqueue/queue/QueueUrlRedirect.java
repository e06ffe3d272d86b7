package io.jenkins.plugins.statusqueue.queue;

import com.amazonaws.AmazonWebServiceRequest;
import com.amazonaws.handlers.RequestHandler2;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * Sends requests to the endpoint override. SDK v1 routes every request that names a queue to the host of its queue
 * URL, ignoring the client's endpoint, so a VPC endpoint or an SQS-compatible server would only be used for calls
 * without a queue URL. This rewrites the queue URL's scheme, host and port to the override's, keeping its path,
 * before the request is marshalled; SQS accepts queue URLs on its VPC endpoint hosts.
 */
final class QueueUrlRedirect extends RequestHandler2 {

    private final URI endpoint;

    QueueUrlRedirect(URI endpoint) {
        this.endpoint = endpoint;
    }

    /**
     * Parses an endpoint override: an absolute http(s) URL whose path, if any, is ignored.
     *
     * @throws IllegalArgumentException with a message for the administrator
     */
    static URI endpoint(String endpointOverride) {
        URI uri;
        try {
            uri = new URI(endpointOverride);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("The endpoint override is not a URL: " + e.getReason() + ".", e);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("https") || scheme.equals("http")) || uri.getHost() == null) {
            throw new IllegalArgumentException("The endpoint override must be an http(s) URL with a host, for "
                    + "example https://vpce-0123456789abcdef0-abcdefgh.sqs.us-east-1.vpce.amazonaws.com.");
        }
        if (uri.getRawUserInfo() != null) {
            throw new IllegalArgumentException("The endpoint override must not contain a user name or password.");
        }
        try {
            return new URI(scheme, null, uri.getHost(), uri.getPort(), null, null, null);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("The endpoint override is not a URL: " + e.getReason() + ".", e);
        }
    }

    @Override
    public AmazonWebServiceRequest beforeMarshalling(AmazonWebServiceRequest request) {
        Method getter;
        try {
            getter = request.getClass().getMethod("getQueueUrl");
        } catch (NoSuchMethodException e) {
            return request;
        }
        try {
            Object queueUrl = getter.invoke(request);
            if (!(queueUrl instanceof String url) || redirect(url).equals(url)) {
                return request;
            }
            // A copy: the caller's request object stays as it was.
            AmazonWebServiceRequest copy = request.clone();
            copy.getClass().getMethod("setQueueUrl", String.class).invoke(copy, redirect(url));
            return copy;
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot redirect " + request.getClass().getSimpleName(),
                    e instanceof InvocationTargetException target ? target.getCause() : e);
        }
    }

    String redirect(String queueUrl) {
        try {
            URI uri = new URI(queueUrl);
            return new URI(endpoint.getScheme(), null, endpoint.getHost(), endpoint.getPort(), uri.getPath(),
                    uri.getQuery(), null).toString();
        } catch (URISyntaxException e) {
            return queueUrl; // the SDK reports the malformed queue URL itself
        }
    }
}
