package io.jenkins.plugins.statusqueue.http;

import static io.jenkins.plugins.statusqueue.http.RawServer.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.statusqueue.http.RawServer.Reply;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.URI;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import okhttp3.Credentials;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HttpTransportTest {

    private static final Duration DEADLINE = Duration.ofSeconds(5);
    private static final Map<String, String> NO_HEADERS = Map.of();
    private static final String STRAY_REFUSAL = "HTTP/1.1 422 Unprocessable Entity\r\nContent-Length: 0\r\n\r\n";

    private final HttpTransport transport = new HttpTransport(HttpClientFactory.DIRECT, Duration.ofSeconds(2), 1000);
    private RawServer server;

    @AfterEach
    void stop() throws IOException {
        transport.close();
        if (server != null) {
            server.close();
        }
    }

    private HttpAnswer get(String path) throws IOException {
        return transport.send("GET", URI.create(server.url() + path), NO_HEADERS, null, DEADLINE, true);
    }

    private HttpAnswer post(String path) throws IOException {
        return transport.send("POST", URI.create(server.url() + path), Map.of("Content-Type", "application/json"),
                "{}".getBytes(StandardCharsets.UTF_8), DEADLINE, false);
    }

    @Test
    void keepsOneConnectionAliveAcrossRequestsAndSendsTheBodyWithItsLength() throws Exception {
        server = RawServer.start(request -> Reply.of(ok("answer " + request)));
        for (int i = 0; i < 5; i++) {
            HttpAnswer answer = get("/r?i=" + i);
            assertEquals(200, answer.status());
            assertEquals("answer " + i, answer.text());
            assertEquals("text/plain", answer.header("content-type"), "header names ignore case");
            assertEquals(i > 0, answer.reusedConnection());
        }
        HttpAnswer posted = transport.send("POST", URI.create(server.url() + "/p"), Map.of("X-Key", "k"),
                "{\"a\":1}".getBytes(StandardCharsets.UTF_8), DEADLINE, false);
        assertEquals(200, posted.status());
        assertEquals(1, server.connections.get(), "one connection for six requests");
        String last = server.requests.stream().reduce((first, next) -> next).orElseThrow();
        assertTrue(last.startsWith("POST /p HTTP/1.1\r\n"), last);
        assertTrue(last.contains("X-Key: k\r\n") && last.contains("Content-Length: 7\r\n")
                && last.endsWith("\r\n\r\n{\"a\":1}"), last);
    }

    @Test
    void aTricklingAnswerEndsAtTheDeadline() throws Exception {
        try (MockWebServer slow = new MockWebServer()) {
            slow.enqueue(new MockResponse().setBody("x".repeat(900)).throttleBody(1, 50, TimeUnit.MILLISECONDS));
            long start = System.nanoTime();
            HttpTimeoutException e = assertThrows(HttpTimeoutException.class, () -> transport.send("GET",
                    slow.url("/").uri(), NO_HEADERS, null, Duration.ofMillis(700), true));
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertEquals("no complete answer within 0.7 s", e.getMessage());
            assertTrue(took.compareTo(Duration.ofMillis(1500)) < 0, "took " + took);
        }
    }

    @Test
    void aKeptAliveConnectionTheServerClosedIsReplacedForARequestThatMayGoTwice() throws Exception {
        // Answers as if keeping the connection, then closes it, as a server does when its keep-alive timeout ends.
        server = RawServer.start(request -> Reply.closing(ok("fresh")));
        assertEquals("fresh", get("/a").text());
        assertEquals("fresh", get("/b").text());
        assertEquals(2, server.connections.get());
        assertEquals(2, server.requests.size(), "the request on the closed connection never reached the server");
    }

    /** Finding: a POST the server may have processed was sent again on a new connection. */
    @Test
    void aRequestThatMayNotGoTwiceIsSentOnceWhenItsConnectionClosesUnanswered() throws Exception {
        server = RawServer.start(request -> request == 0 ? Reply.of(ok("first")) : Reply.closing(""));
        assertEquals("first", post("/a").text());
        IOException e = assertThrows(IOException.class, () -> post("/b"));
        assertTrue(e.getMessage().contains("not sent again"), e.getMessage());
        assertEquals(2, server.requests.size(), "not sent again");
    }

    /** Finding: bytes that arrive after a complete answer were read as the next request's answer. */
    @Test
    void bytesThatArriveOnAnIdleConnectionAreNeverReadAsTheNextAnswer() throws Exception {
        server = RawServer.start(request -> request == 0 ? Reply.thenLater(ok("ab"), STRAY_REFUSAL)
                : Reply.thenLater(ok("clean " + request), STRAY_REFUSAL));
        assertEquals("ab", get("/a").text());
        Thread.sleep(300);
        assertEquals("clean 1", get("/b").text(), "the connection with stray bytes was replaced");
        Thread.sleep(300);
        HttpAnswer posted = post("/c");
        assertEquals(200, posted.status(), "not the stray 422");
        assertEquals("clean 2", posted.text());
        assertEquals(3, server.connections.get(), "each connection with stray bytes was replaced before use");
    }

    @Test
    void anAnswerLongerThanTheCapFails() throws Exception {
        server = RawServer.start(request -> Reply.of(switch (request) {
            case 0 -> "HTTP/1.1 200 OK\r\nContent-Length: 1001\r\n\r\n" + "x".repeat(1001);
            case 1 -> "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3e8\r\n" + "x".repeat(1000)
                    + "\r\n1\r\nx\r\n0\r\n\r\n";
            // Finding: a chunk size this large overflowed the old client's cap check.
            default -> "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n7fffffffffffffff\r\n" + "x".repeat(1200);
        }));
        for (String path : new String[] {"/a", "/b", "/c"}) {
            IOException e = assertThrows(IOException.class, () -> get(path));
            assertEquals("the answer is longer than 1000 bytes", e.getMessage());
        }
        assertEquals(0, transport.idleConnections(), "no connection is kept");
    }

    /** Findings: the first of two Content-Lengths won, "chunked, gzip" misframed, "HTTP/1.1 2000" read as 200. */
    @Test
    void anAnswerThatCanBeReadTwoWaysIsRefused() throws Exception {
        server = RawServer.start(request -> Reply.of(switch (request) {
            case 0 -> "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 40\r\n\r\nab";
            case 1 -> "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked, gzip\r\n\r\n2\r\nab\r\n0\r\n\r\n";
            case 2 -> "HTTP/1.1 2000 OK\r\nContent-Length: 0\r\n\r\n";
            default -> ok("fine");
        }));
        assertTrue(assertThrows(IOException.class, () -> get("/a")).getMessage()
                .contains("conflicting Content-Length"));
        assertTrue(assertThrows(IOException.class, () -> get("/b")).getMessage().contains("transfer coding"));
        assertThrows(IOException.class, () -> get("/c"));
        assertEquals("fine", get("/d").text());
        assertEquals(4, server.connections.get(), "no connection that carried a misframed answer is reused");
    }

    @Test
    void aHeaderWithALineBreakIsRefusedBeforeAnythingIsSent() throws Exception {
        server = RawServer.start(request -> Reply.of(ok("")));
        assertThrows(IllegalArgumentException.class, () -> transport.send("GET", URI.create(server.url() + "/"),
                Map.of("X-Key", "k\r\nX-Injected: 1"), null, DEADLINE, true));
        assertThrows(IllegalArgumentException.class, () -> transport.send("GET", URI.create("ftp://host/"),
                NO_HEADERS, null, DEADLINE, true));
        assertEquals(0, server.connections.get());
    }

    @Test
    void followsNoRedirect() throws Exception {
        try (MockWebServer elsewhere = new MockWebServer(); MockWebServer api = new MockWebServer()) {
            api.enqueue(new MockResponse().setResponseCode(307).setHeader("Location", elsewhere.url("/steal")));
            HttpAnswer answer = transport.send("POST", api.url("/repos/o/r/statuses/abc").uri(),
                    Map.of("Authorization", "token secret"), new byte[0], DEADLINE, false);
            assertEquals(307, answer.status());
            assertEquals(0, elsewhere.getRequestCount(), "the token went nowhere else");
        }
    }

    /** What okhttp-api's builder does with Jenkins' proxy configuration, on OkHttp's own API. */
    static HttpClientFactory proxied(MockWebServer proxy, String user, String password) {
        return base -> base.newBuilder()
                .proxy(new Proxy(Proxy.Type.HTTP, new InetSocketAddress(proxy.getHostName(), proxy.getPort())))
                .proxyAuthenticator((route, response) -> response.request().newBuilder()
                        .header("Proxy-Authorization", Credentials.basic(user, password)).build());
    }

    @Test
    void goesThroughAnAuthenticatingProxyInAbsoluteForm() throws Exception {
        try (MockWebServer proxy = new MockWebServer()) {
            proxy.enqueue(new MockResponse().setResponseCode(407).setHeader("Proxy-Authenticate", "Basic realm=\"p\""));
            proxy.enqueue(new MockResponse().setBody("via proxy"));
            try (HttpTransport viaProxy = new HttpTransport(proxied(proxy, "jenkins", "pw"), Duration.ofSeconds(2),
                    1000)) {
                assertEquals("via proxy", viaProxy.send("GET", URI.create("http://ghe.example.com/api/v3/user"),
                        NO_HEADERS, null, DEADLINE, true).text());
            }
            RecordedRequest challenged = proxy.takeRequest();
            assertNull(challenged.getHeader("Proxy-Authorization"));
            RecordedRequest answered = proxy.takeRequest();
            assertEquals("GET http://ghe.example.com/api/v3/user HTTP/1.1", answered.getRequestLine());
            assertEquals(Credentials.basic("jenkins", "pw"), answered.getHeader("Proxy-Authorization"));
        }
    }

    @Test
    void tunnelsHttpsThroughTheProxyAndSaysWhenItRefuses() throws Exception {
        try (MockWebServer proxy = new MockWebServer()) {
            proxy.enqueue(new MockResponse().setResponseCode(403));
            try (HttpTransport viaProxy = new HttpTransport(proxied(proxy, "jenkins", "pw"), Duration.ofSeconds(2),
                    1000)) {
                IOException e = assertThrows(IOException.class, () -> viaProxy.send("GET",
                        URI.create("https://ghe.example.com/api/v3/user"), NO_HEADERS, null, DEADLINE, true));
                assertTrue(e.getMessage().contains("403"), e.getMessage());
            }
            assertEquals("CONNECT ghe.example.com:443 HTTP/1.1", proxy.takeRequest().getRequestLine());
        }
    }

    @Test
    void closingEndsIdleConnections() throws Exception {
        server = RawServer.start(request -> Reply.of(ok("x")));
        get("/a");
        assertEquals(1, transport.idleConnections());
        transport.close();
        assertEquals(0, transport.idleConnections());
        assertFalse(get("/b").reusedConnection());
    }

    @Test
    void serverWaitsAreClampedToAnHour() {
        assertEquals(Duration.ofSeconds(7), HttpAnswer.retryAfter(" 7 "));
        assertEquals(Duration.ofSeconds(1), HttpAnswer.retryAfter("0"));
        // Findings: 1000000000 backed the drain off until 2058; Long.MAX_VALUE killed a trigger poller.
        assertEquals(HttpAnswer.MAX_SERVER_WAIT, HttpAnswer.retryAfter("1000000000"));
        assertEquals(HttpAnswer.MAX_SERVER_WAIT, HttpAnswer.retryAfter(Long.toString(Long.MAX_VALUE)));
        assertEquals(HttpAnswer.MAX_SERVER_WAIT, HttpAnswer.retryAfter("99999999999999999999999"));
        assertEquals(Duration.ofMinutes(1), HttpAnswer.retryAfter("Wed, 21 Oct 2015 07:28:00 GMT"));
        assertEquals(Duration.ofHours(1), HttpAnswer.clamp(Duration.ofSeconds(Long.MAX_VALUE)));
        assertNull(HttpAnswer.retryAfter(null));
    }
}
