package io.jenkins.plugins.statusqueue.sim;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;

/** What the HTTP simulators share: writing an answer, trickled or not, and injected latency. */
final class SimulatorHttp {

    private SimulatorHttp() {
    }

    /** Sends the status and body; headers must be set before. */
    static void write(HttpExchange exchange, int status, byte[] body) throws IOException {
        write(exchange, status, body, Duration.ZERO);
    }

    /**
     * Sends the status and headers at once, then the body spread over {@code trickle}, a byte at a time: what a
     * server or proxy that stalls mid-answer looks like to a client.
     *
     * @return whether the whole body reached the client (false when it hung up first)
     */
    static boolean write(HttpExchange exchange, int status, byte[] body, Duration trickle) throws IOException {
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            if (trickle.isZero() || body.length == 0) {
                out.write(body);
                return true;
            }
            long pauseNanos = trickle.toNanos() / body.length;
            for (byte b : body) {
                out.write(b);
                out.flush();
                pause(Duration.ofNanos(pauseNanos));
                if (Thread.currentThread().isInterrupted()) {
                    return false;
                }
            }
            return true;
        } catch (IOException clientHungUp) {
            return false;
        }
    }

    static void pause(Duration duration) {
        if (duration.isZero()) {
            return;
        }
        try {
            Thread.sleep(duration.toMillis(), duration.toNanosPart() % 1_000_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
