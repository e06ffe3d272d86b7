package io.jenkins.plugins.statusqueue.http;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Sends a request with a deadline on the whole exchange, body included. The JDK client's request timeout stops
 * counting once the response headers arrive, so a server that trickles its body would otherwise hold the caller for
 * as long as it likes. A cancelled exchange closes its connection.
 */
public final class WholeExchange {

    private WholeExchange() {
    }

    /**
     * @throws HttpTimeoutException    when the answer is not complete within {@code deadline}
     * @throws InterruptedIOException  when the calling thread is interrupted (the interrupt flag is set again)
     * @throws IOException             when the exchange fails otherwise, as {@link HttpClient#send} would
     */
    public static <T> HttpResponse<T> send(HttpClient client, HttpRequest request, HttpResponse.BodyHandler<T> body,
            Duration deadline) throws IOException {
        CompletableFuture<HttpResponse<T>> exchange = client.sendAsync(request, body);
        try {
            return exchange.get(deadline.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            exchange.cancel(true);
            throw new HttpTimeoutException("no complete answer within " + seconds(deadline));
        } catch (InterruptedException e) {
            exchange.cancel(true);
            Thread.currentThread().interrupt();
            throw (InterruptedIOException) new InterruptedIOException("interrupted").initCause(e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IOException(cause);
        }
    }

    /** {@code 15 s}, {@code 0.3 s}: a deadline as the messages state it. */
    public static String seconds(Duration duration) {
        return (duration.toMillis() % 1000 == 0 ? Long.toString(duration.toSeconds())
                : String.format(Locale.ROOT, "%.1f", duration.toMillis() / 1000.0)) + " s";
    }
}
