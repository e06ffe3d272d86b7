package io.jenkins.plugins.statusqueue.sim;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A server on 127.0.0.1 that answers every request with 200 at once and then trickles the given body over a
 * duration: for any protocol (SQS's XML here), a client whose deadline only covers the headers waits it out.
 */
public final class TricklingServer implements AutoCloseable {

    private final HttpServer server;
    private final ExecutorService workers = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "trickling-server");
        thread.setDaemon(true);
        return thread;
    });

    private TricklingServer(String contentType, String body, Duration over) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.setExecutor(workers);
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        server.createContext("/", exchange -> {
            try (exchange) {
                exchange.getRequestBody().readAllBytes();
                exchange.getResponseHeaders().set("Content-Type", contentType);
                SimulatorHttp.write(exchange, 200, bytes, over);
            }
        });
        server.start();
    }

    public static TricklingServer start(String contentType, String body, Duration over) {
        try {
            return new TricklingServer(contentType, body, over);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        workers.shutdownNow();
    }
}
