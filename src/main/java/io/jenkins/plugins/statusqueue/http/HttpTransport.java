package io.jenkins.plugins.statusqueue.http;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ProtocolException;
import java.net.Proxy;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import okhttp3.Call;
import okhttp3.Connection;
import okhttp3.ConnectionPool;
import okhttp3.EventListener;
import okhttp3.Headers;
import okhttp3.Interceptor;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.BufferedSource;

/**
 * The plugin's HTTP policy on top of an OkHttp client (from {@link HttpClientFactory}), shared by the GitHub sink,
 * its connection test and the API Gateway source.
 *
 * <ul>
 * <li>Each call has a deadline on the whole exchange, OkHttp's call timeout: DNS, connect, TLS, writing the request
 * and reading the answer to its last byte. A server that trickles its answer cannot hold the caller past it.</li>
 * <li>No redirect is followed: a token or key goes only where the caller sends it.</li>
 * <li>An answer longer than the cap fails the exchange instead of filling the heap.</li>
 * <li>An answer whose framing is ambiguous (two different {@code Content-Length}s, a transfer coding other than
 * plain {@code chunked}) is refused, and its connection closed, rather than guessed at.</li>
 * <li>A kept-alive connection on which bytes arrived while it was idle is closed before a request goes on it: those
 * bytes would otherwise be read as the next request's answer.</li>
 * <li>A request marked not resendable (a status post) is not sent again once a connection failed with it written:
 * the server may have processed it. Others OkHttp sends once more on a new connection when a kept-alive one turns
 * out closed; any request goes on a new connection when one was refused before anything was written on it.</li>
 * </ul>
 *
 * <p>Connections are pooled per transport (one pool per configured server) and closed once idle for
 * {@link #IDLE_TIMEOUT}. Thread-safe; the calling thread runs the exchange.
 */
public final class HttpTransport implements AutoCloseable {

    /** Below the keep-alive timeouts of common servers and load balancers (nginx 75 s, AWS ALB 60 s). */
    public static final Duration IDLE_TIMEOUT = Duration.ofSeconds(20);
    /** As many kept-alive connections as the drain has posts in flight at most. */
    private static final int MAX_IDLE_CONNECTIONS = 64;
    /** The settings every transport starts from: OkHttp's defaults. */
    private static final OkHttpClient BASE = new OkHttpClient();

    private final OkHttpClient client;
    /** The same client without a pool: every call on a connection of its own. */
    private final OkHttpClient unpooled;
    private final long maxAnswerBytes;

    /**
     * @param factory        where the client comes from (in Jenkins: with Jenkins' proxy)
     * @param connectTimeout how long a TCP connect may take, within each call's deadline
     * @param maxAnswerBytes the longest answer body accepted
     */
    public HttpTransport(HttpClientFactory factory, Duration connectTimeout, long maxAnswerBytes) {
        this.maxAnswerBytes = maxAnswerBytes;
        this.client = factory.newClientBuilder(BASE)
                .connectionPool(new ConnectionPool(MAX_IDLE_CONNECTIONS, IDLE_TIMEOUT.toSeconds(), TimeUnit.SECONDS))
                .connectTimeout(connectTimeout)
                // Every call's deadline bounds its reads and writes; a timeout per read or write would also enter
                // okio's watchdog, under one JVM-wide lock, on every socket read and write of 64 posting threads.
                .readTimeout(Duration.ZERO)
                .writeTimeout(Duration.ZERO)
                .followRedirects(false)
                .followSslRedirects(false)
                .addNetworkInterceptor(HttpTransport::unambiguousExchange)
                .eventListenerFactory(call -> CONNECTS)
                .build();
        this.unpooled = client.newBuilder().connectionPool(new ConnectionPool(0, 1, TimeUnit.SECONDS)).build();
    }

    /**
     * This transport's client (its pool, proxy and policy) for a library that reads answers itself: every call
     * bounded by {@code deadline}, every answer's body capped, and only the requests {@code allowed} lets through.
     */
    public OkHttpClient restrictedClient(Duration deadline, Interceptor allowed) {
        return client.newBuilder().callTimeout(deadline).addInterceptor(allowed).addInterceptor(this::capBody).build();
    }

    /**
     * Sends one request and reads the whole answer.
     *
     * @param headers    header fields to send besides those OkHttp adds ({@code Host}, {@code Content-Length})
     * @param body       the request body, {@code null} for none
     * @param resendable whether the request may go twice (idempotent): a status post is not
     * @throws HttpTimeoutException     when the answer is not complete within {@code deadline}
     * @throws IllegalArgumentException when the URI is not http(s) with a host, or a header holds a line break
     * @throws IOException              when the connection or the answer fails otherwise
     */
    public HttpAnswer send(String method, URI uri, Map<String, String> headers, byte[] body, Duration deadline,
            boolean resendable) throws IOException {
        return send(client, method, uri, Headers.of(headers), body, deadline, resendable);
    }

    /** {@link #send} with header fields checked once, for a caller that sends the same ones every time. */
    public HttpAnswer send(String method, URI uri, Headers headers, byte[] body, Duration deadline,
            boolean resendable) throws IOException {
        return send(client, method, uri, headers, body, deadline, resendable);
    }

    /**
     * {@link #send} on a connection opened for this request alone: to confirm an answer read on a kept-alive
     * connection before acting on it for good.
     */
    public HttpAnswer sendOnNewConnection(String method, URI uri, Headers headers, byte[] body,
            Duration deadline) throws IOException {
        return send(unpooled, method, uri, headers, body, deadline, false);
    }

    private HttpAnswer send(OkHttpClient via, String method, URI uri, Headers headers, byte[] body,
            Duration deadline, boolean resendable) throws IOException {
        Request.Builder request = new Request.Builder().url(uri.toString()).headers(headers);
        request.method(method, body == null ? null : RequestBody.create(body));
        CallState state = new CallState(resendable);
        request.tag(CallState.class, state);
        Call call = via.newCall(request.build());
        call.timeout().timeout(deadline.toNanos(), TimeUnit.NANOSECONDS);
        long start = System.nanoTime();
        try (Response response = call.execute()) {
            return new HttpAnswer(response.code(), response.headers(), read(response.body()), !state.opened);
        } catch (IOException e) {
            // The deadline cancels the call: "timeout", or a read it cut off. A connect timeout stays itself.
            if (call.isCanceled() || System.nanoTime() - start >= deadline.toNanos()) {
                throw timeout(deadline, e);
            }
            throw e;
        }
    }

    private static HttpTimeoutException timeout(Duration deadline, IOException cause) {
        HttpTimeoutException timeout = new HttpTimeoutException("no complete answer within " + seconds(deadline));
        timeout.initCause(cause);
        return timeout;
    }

    private byte[] read(ResponseBody body) throws IOException {
        if (body.contentLength() > maxAnswerBytes) {
            throw tooLong();
        }
        BufferedSource source = body.source();
        if (source.request(maxAnswerBytes + 1)) {
            throw tooLong();
        }
        return source.getBuffer().readByteArray();
    }

    private Response capBody(Interceptor.Chain chain) throws IOException {
        Response response = chain.proceed(chain.request());
        try (ResponseBody body = response.body()) {
            MediaType type = body.contentType();
            return response.newBuilder().body(ResponseBody.create(read(body), type)).build();
        }
    }

    private IOException tooLong() {
        return new IOException("the answer is longer than " + maxAnswerBytes + " bytes");
    }

    /**
     * Each attempt of a call on a connection: refuses to send a request that may not go twice again, closes a
     * kept-alive connection that received bytes while idle before the request goes on it, and refuses an answer
     * whose length or transfer coding can be read two ways.
     */
    private static Response unambiguousExchange(Interceptor.Chain chain) throws IOException {
        CallState state = chain.request().tag(CallState.class);
        if (state != null && state.failedAfterWriting && !state.resendable) {
            throw new NotResent();
        }
        Connection connection = chain.connection();
        // Closed here, the request fails to be written, and OkHttp sends it on a new connection.
        boolean strayBytes = connection != null && unreadBytes(connection.socket()) > 0;
        if (strayBytes) {
            connection.socket().close();
        }
        Response response;
        try {
            response = chain.proceed(chain.request());
        } catch (IOException e) {
            if (state != null && !strayBytes) {
                state.failedAfterWriting = true;
            }
            throw e;
        }
        String problem = framingProblem(response);
        if (problem != null) {
            response.close();
            if (connection != null) {
                connection.socket().close();
            }
            throw new ProtocolException(problem);
        }
        return response;
    }

    private static int unreadBytes(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        return in.available();
    }

    private static String framingProblem(Response response) {
        List<String> lengths = response.headers("Content-Length");
        if (lengths.stream().map(String::trim).distinct().count() > 1) {
            return "the answer has conflicting Content-Length headers " + lengths;
        }
        List<String> codings = response.headers("Transfer-Encoding");
        if (!codings.isEmpty() && !(codings.size() == 1 && codings.get(0).trim().toLowerCase(Locale.ROOT)
                .equals("chunked"))) {
            return "the answer has a transfer coding this client does not read: " + codings;
        }
        return null;
    }

    /** {@code 15 s}, {@code 0.3 s}: a deadline as the messages state it. */
    public static String seconds(Duration duration) {
        return (duration.toMillis() % 1000 == 0 ? Long.toString(duration.toSeconds())
                : String.format(Locale.ROOT, "%.1f", duration.toMillis() / 1000.0)) + " s";
    }

    /** Closes the idle connections; calls under way finish. */
    @Override
    public void close() {
        client.connectionPool().evictAll();
    }

    /** Idle connections kept now. */
    int idleConnections() {
        return client.connectionPool().idleConnectionCount();
    }

    /** What a call's attempts learned, kept in its request's tag. */
    private static final class CallState {
        final boolean resendable;
        /** It opened a connection of its own. */
        volatile boolean opened;
        /** An attempt failed after the request may have been written. */
        volatile boolean failedAfterWriting;

        CallState(boolean resendable) {
            this.resendable = resendable;
        }
    }

    private static final EventListener CONNECTS = new EventListener() {
        @Override
        public void connectStart(Call call, InetSocketAddress address, Proxy proxy) {
            CallState state = call.request().tag(CallState.class);
            if (state != null) {
                state.opened = true;
            }
        }
    };

    /** A protocol failure for OkHttp, which then tries no other connection. */
    private static final class NotResent extends ProtocolException {
        private static final long serialVersionUID = 1L;

        NotResent() {
            super("the connection closed with the request written and no answer; not sent again, the server may have "
                    + "processed it");
        }
    }
}
