package io.jenkins.plugins.statusqueue.sim;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A forwarding HTTP proxy on 127.0.0.1 that asks for a Basic login ({@code 407} with {@code Proxy-Authenticate}),
 * like a corporate proxy: it takes requests in absolute form and forwards them to their origin. It records what it
 * forwarded and how many requests it challenged.
 */
public final class ForwardingProxy implements AutoCloseable {

    /** Hop-by-hop fields and those the JDK client sets itself. */
    private static final Set<String> NOT_FORWARDED = Set.of("connection", "content-length", "expect", "host",
            "keep-alive", "proxy-authorization", "proxy-connection", "te", "trailer", "transfer-encoding", "upgrade");

    private final HttpServer server;
    private final HttpClient origin = HttpClient.newBuilder().proxy(HttpClient.Builder.NO_PROXY).build();
    private final String expectedLogin;
    private final List<String> forwarded = new CopyOnWriteArrayList<>();
    private final AtomicInteger challenged = new AtomicInteger();

    private ForwardingProxy(String user, String password) throws IOException {
        this.expectedLogin = "Basic " + Base64.getEncoder().encodeToString((user + ":" + password)
                .getBytes(StandardCharsets.ISO_8859_1));
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::forward);
        server.setExecutor(Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "forwarding-proxy");
            thread.setDaemon(true);
            return thread;
        }));
        server.start();
    }

    /** A proxy that wants {@code user} and {@code password}. */
    public static ForwardingProxy start(String user, String password) throws IOException {
        return new ForwardingProxy(user, password);
    }

    public String host() {
        return "127.0.0.1";
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** {@code METHOD http://host:port/path} of each request forwarded. */
    public List<String> forwarded() {
        return forwarded;
    }

    /** Requests answered 407 for a missing or wrong login. */
    public int challenged() {
        return challenged.get();
    }

    private void forward(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            URI target = exchange.getRequestURI();
            if (!expectedLogin.equals(exchange.getRequestHeaders().getFirst("Proxy-Authorization"))) {
                challenged.incrementAndGet();
                exchange.getResponseHeaders().set("Proxy-Authenticate", "Basic realm=\"corporate\"");
                exchange.sendResponseHeaders(407, -1);
                return;
            }
            if (!target.isAbsolute()) {
                exchange.sendResponseHeaders(400, -1);
                return;
            }
            HttpRequest.Builder request = HttpRequest.newBuilder(target).method(exchange.getRequestMethod(),
                    body.length == 0 ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofByteArray(body));
            exchange.getRequestHeaders().forEach((name, values) -> {
                if (!NOT_FORWARDED.contains(name.toLowerCase(Locale.ROOT))) {
                    values.forEach(value -> request.header(name, value));
                }
            });
            forwarded.add(exchange.getRequestMethod() + " " + target);
            HttpResponse<byte[]> answer;
            try {
                answer = origin.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                exchange.sendResponseHeaders(502, -1);
                return;
            } catch (IOException e) {
                exchange.sendResponseHeaders(502, -1);
                return;
            }
            answer.headers().map().forEach((name, values) -> {
                if (!NOT_FORWARDED.contains(name.toLowerCase(Locale.ROOT)) && !name.startsWith(":")) {
                    exchange.getResponseHeaders().put(name, values);
                }
            });
            byte[] content = answer.body();
            exchange.sendResponseHeaders(answer.statusCode(), content.length == 0 ? -1 : content.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(content);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
