package io.jenkins.plugins.statusqueue.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.URI;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import javax.net.ServerSocketFactory;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Http1ClientTest {

    private static final Duration DEADLINE = Duration.ofSeconds(5);
    private static final Map<String, String> NO_HEADERS = Map.of();

    private final Http1Client client = new Http1Client(Duration.ofSeconds(2), 1000, null, null);
    private RawServer server;

    @AfterEach
    void stop() throws IOException {
        client.close();
        if (server != null) {
            server.close();
        }
    }

    private static String ok(String body) {
        return "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: " + body.length() + "\r\n\r\n" + body;
    }

    private HttpAnswer get(String path) throws IOException {
        return client.send("GET", URI.create(server.url() + path), NO_HEADERS, null, DEADLINE);
    }

    @Test
    void keepsOneConnectionAliveAcrossRequestsAndSendsTheBodyWithItsLength() throws Exception {
        server = RawServer.start(request -> Reply.of(ok("answer " + request)));
        for (int i = 0; i < 5; i++) {
            HttpAnswer answer = get("/r?i=" + i);
            assertEquals(200, answer.status());
            assertEquals("answer " + i, answer.text());
            assertEquals("text/plain", answer.header("content-type"), "header names ignore case");
        }
        HttpAnswer posted = client.send("POST", URI.create(server.url() + "/p"), Map.of("X-Key", "k"),
                "{\"a\":1}".getBytes(StandardCharsets.UTF_8), DEADLINE);
        assertEquals(200, posted.status());
        assertEquals(1, server.connections.get(), "one connection for six requests");
        String head = server.requests.stream().reduce((first, last) -> last).orElseThrow();
        assertTrue(head.startsWith("POST /p HTTP/1.1\r\nHost: 127.0.0.1:" + server.port() + "\r\n"), head);
        assertTrue(head.contains("X-Key: k\r\nContent-Length: 7\r\n\r\n{\"a\":1}"), head);
        assertTrue(server.requests.peek().startsWith("GET /r?i=0 HTTP/1.1\r\n"), server.requests.peek());
    }

    @Test
    void readsChunkedAnswersAndAnswersThatEndWithTheirConnection() throws Exception {
        server = RawServer.start(request -> request == 0
                ? Reply.of("HTTP/1.1 201 Created\r\nTransfer-Encoding: chunked\r\n\r\n4;ext=1\r\nWiki\r\n"
                        + "5\r\npedia\r\n0\r\nTrailer: x\r\n\r\n")
                : Reply.closing("HTTP/1.1 200 OK\r\n\r\nuntil the end"));
        HttpAnswer chunked = get("/a");
        assertEquals(201, chunked.status());
        assertEquals("Wikipedia", chunked.text());
        assertEquals("until the end", get("/b").text());
        server.answers = request -> Reply.of(ok("again"));
        assertEquals("again", get("/c").text());
        assertEquals(2, server.connections.get(), "the chunked answer kept its connection, the unframed one did not");
    }

    @Test
    void aConnectionWithBytesBeyondItsAnswerIsNotKept() throws Exception {
        server = RawServer.start(request -> Reply.of(request == 0 ? ok("ab") + "HTTP/1.1 200 OK\r\n" : ok("clean")));
        assertEquals("ab", get("/a").text());
        assertEquals("clean", get("/b").text(), "not the stray bytes read as an answer");
        assertEquals(2, server.connections.get());
    }

    @Test
    void skipsInterimAnswersAndReadsNoBodyWhereThereIsNone() throws Exception {
        server = RawServer.start(request -> Reply.of(request == 0
                ? "HTTP/1.1 100 Continue\r\n\r\n" + ok("after")
                : "HTTP/1.1 204 No Content\r\n\r\n"));
        assertEquals("after", get("/a").text());
        HttpAnswer none = get("/b");
        assertEquals(204, none.status());
        assertArrayEquals(new byte[0], none.body());
    }

    @Test
    void aTricklingAnswerEndsAtTheDeadline() throws Exception {
        server = RawServer.start(request -> Reply.trickling("HTTP/1.1 200 OK\r\nContent-Length: 900\r\n\r\n"
                + "x".repeat(900), Duration.ofMillis(50)));
        long start = System.nanoTime();
        HttpTimeoutException e = assertThrows(HttpTimeoutException.class,
                () -> client.send("GET", URI.create(server.url() + "/"), NO_HEADERS, null, Duration.ofMillis(700)));
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertEquals("no complete answer within 0.7 s", e.getMessage());
        assertTrue(took.compareTo(Duration.ofMillis(1500)) < 0, "took " + took);
    }

    @Test
    void aPooledConnectionTheServerClosedIsReplacedOnce() throws Exception {
        // Answers as if keeping the connection, then closes it, as a server does when its keep-alive timeout ends.
        server = RawServer.start(request -> Reply.closing(ok("fresh")));
        assertEquals("fresh", get("/a").text());
        assertEquals("fresh", get("/b").text());
        assertEquals(2, server.connections.get());
        assertEquals(2, server.requests.size(), "the request on the closed connection never reached the server");
    }

    @Test
    void aNewConnectionClosedWithoutAnAnswerFailsWithoutAnotherTry() throws Exception {
        server = RawServer.start(request -> Reply.closing(""));
        IOException e = assertThrows(IOException.class, () -> get("/a"));
        assertTrue(e.getMessage().contains("closed"), e.getMessage());
        assertEquals(1, server.requests.size());
    }

    @Test
    void anAnswerLongerThanTheCapFails() throws Exception {
        server = RawServer.start(request -> Reply.of(request == 0
                ? "HTTP/1.1 200 OK\r\nContent-Length: 1001\r\n\r\n" + "x".repeat(1001)
                : "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3e8\r\n" + "x".repeat(1000)
                        + "\r\n1\r\nx\r\n0\r\n\r\n"));
        assertTrue(assertThrows(IOException.class, () -> get("/a")).getMessage()
                .contains("longer than 1000 bytes"));
        assertTrue(assertThrows(IOException.class, () -> get("/b")).getMessage()
                .contains("longer than 1000 bytes"));
        assertEquals(0, client.openConnections(), "neither connection is kept");
    }

    @Test
    void aHeaderWithALineBreakIsRefusedBeforeAnythingIsSent() throws Exception {
        server = RawServer.start(request -> Reply.of(ok("")));
        assertThrows(IllegalArgumentException.class, () -> client.send("GET", URI.create(server.url() + "/"),
                Map.of("X-Key", "k\r\nX-Injected: 1"), null, DEADLINE));
        assertThrows(IllegalArgumentException.class, () -> client.send("GET", URI.create("ftp://host/"),
                NO_HEADERS, null, DEADLINE));
        assertEquals(0, server.connections.get());
    }

    @Test
    void closeFailsARequestUnderWay() throws Exception {
        server = RawServer.start(request -> Reply.trickling(ok("late"), Duration.ofSeconds(30)));
        Thread closer = new Thread(() -> {
            try {
                Thread.sleep(300);
            } catch (InterruptedException e) {
                return;
            }
            client.close();
        });
        closer.start();
        long start = System.nanoTime();
        assertThrows(IOException.class, () -> client.send("GET", URI.create(server.url() + "/"), NO_HEADERS, null,
                Duration.ofSeconds(30)));
        assertTrue(System.nanoTime() - start < Duration.ofSeconds(5).toNanos());
        assertThrows(IOException.class, () -> get("/"), "a closed client sends nothing");
    }

    @Test
    void sendsPlainRequestsToAProxyInAbsoluteForm() throws Exception {
        server = RawServer.start(request -> Reply.of(ok("via proxy")));
        Http1Client proxied = new Http1Client(Duration.ofSeconds(2), 1000, null, proxy(server.port()));
        try (proxied) {
            assertEquals("via proxy", proxied.send("GET", URI.create("http://ghe.example.com/api/v3/user"),
                    NO_HEADERS, null, DEADLINE).text());
        }
        assertTrue(server.requests.peek().startsWith("GET http://ghe.example.com/api/v3/user HTTP/1.1\r\n"
                + "Host: ghe.example.com\r\n"), server.requests.peek());
    }

    @Test
    void tunnelsHttpsThroughAProxyAndSaysWhenItRefuses() throws Exception {
        server = RawServer.start(request -> Reply.of("HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n"));
        Http1Client proxied = new Http1Client(Duration.ofSeconds(2), 1000, null, proxy(server.port()));
        try (proxied) {
            IOException e = assertThrows(IOException.class, () -> proxied.send("GET",
                    URI.create("https://ghe.example.com/api/v3/user"), NO_HEADERS, null, DEADLINE));
            assertEquals("the proxy refused a tunnel to ghe.example.com:443: HTTP/1.1 403 Forbidden", e.getMessage());
        }
        assertTrue(server.requests.peek().startsWith("CONNECT ghe.example.com:443 HTTP/1.1\r\n"),
                server.requests.peek());
    }

    @Test
    void verifiesTheServersCertificateAndName(@TempDir Path dir) throws Exception {
        Path keys = dir.resolve("server.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1", "-dname",
                "CN=localhost", "-ext", "san=dns:localhost", "-validity", "2", "-keystore", keys.toString(),
                "-storetype", "PKCS12", "-storepass", "changeit", "-keypass", "changeit").redirectErrorStream(true)
                .start();
        assertEquals(0, keytool.waitFor(), new String(keytool.getInputStream().readAllBytes(),
                StandardCharsets.UTF_8));
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keys)) {
            store.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory serverKeys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        serverKeys.init(store, "changeit".toCharArray());
        SSLContext serverTls = SSLContext.getInstance("TLS");
        serverTls.init(serverKeys.getKeyManagers(), null, null);
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(store);
        SSLContext clientTls = SSLContext.getInstance("TLS");
        clientTls.init(null, trust.getTrustManagers(), null);
        server = RawServer.start(serverTls.getServerSocketFactory(), request -> Reply.of(ok("secret")));

        try (Http1Client trusting = new Http1Client(Duration.ofSeconds(2), 1000, clientTls.getSocketFactory(), null);
                Http1Client stock = new Http1Client(Duration.ofSeconds(2), 1000,
                        (SSLSocketFactory) SSLSocketFactory.getDefault(), null)) {
            assertEquals("secret", trusting.send("GET", URI.create("https://localhost:" + server.port() + "/"),
                    NO_HEADERS, null, DEADLINE).text());
            assertThrows(SSLException.class, () -> trusting.send("GET",
                    URI.create("https://127.0.0.1:" + server.port() + "/"), NO_HEADERS, null, DEADLINE),
                    "the certificate does not name 127.0.0.1");
            assertThrows(SSLException.class, () -> stock.send("GET",
                    URI.create("https://localhost:" + server.port() + "/"), NO_HEADERS, null, DEADLINE),
                    "the JVM's trust store does not hold a self-signed certificate");
        }
        assertEquals(1, server.requests.size(), "only the verified connection carried a request");
    }

    private static ProxySelector proxy(int port) {
        return new ProxySelector() {
            @Override
            public List<Proxy> select(URI uri) {
                return List.of(new Proxy(Proxy.Type.HTTP, new InetSocketAddress("127.0.0.1", port)));
            }

            @Override
            public void connectFailed(URI uri, SocketAddress address, IOException e) {
            }
        };
    }

    /** What the server writes for one request, how fast, and whether it closes the connection after it. */
    private record Reply(byte[] bytes, boolean close, Duration perByte) {
        static Reply of(String text) {
            return new Reply(text.getBytes(StandardCharsets.ISO_8859_1), false, Duration.ZERO);
        }

        static Reply closing(String text) {
            return new Reply(text.getBytes(StandardCharsets.ISO_8859_1), true, Duration.ZERO);
        }

        static Reply trickling(String text, Duration perByte) {
            return new Reply(text.getBytes(StandardCharsets.ISO_8859_1), false, perByte);
        }
    }

    /** A loopback server that reads each request (head and Content-Length body) and writes a scripted reply. */
    private static final class RawServer implements AutoCloseable {
        final ServerSocket socket;
        final AtomicInteger connections = new AtomicInteger();
        final ConcurrentLinkedQueue<String> requests = new ConcurrentLinkedQueue<>();
        volatile IntFunction<Reply> answers;

        private RawServer(ServerSocket socket, IntFunction<Reply> answers) {
            this.socket = socket;
            this.answers = answers;
            Thread acceptor = new Thread(this::accept, "raw-server");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        static RawServer start(IntFunction<Reply> answers) throws IOException {
            return start(ServerSocketFactory.getDefault(), answers);
        }

        static RawServer start(ServerSocketFactory factory, IntFunction<Reply> answers) throws IOException {
            return new RawServer(factory.createServerSocket(0, 16, InetAddress.getLoopbackAddress()), answers);
        }

        int port() {
            return socket.getLocalPort();
        }

        String url() {
            return "http://127.0.0.1:" + port();
        }

        private void accept() {
            while (!socket.isClosed()) {
                try {
                    Socket connection = socket.accept();
                    Thread serving = new Thread(() -> serve(connection), "raw-server-connection");
                    serving.setDaemon(true);
                    serving.start();
                } catch (IOException e) {
                    return;
                }
            }
        }

        private void serve(Socket connection) {
            try (connection) {
                InputStream in = connection.getInputStream();
                OutputStream out = connection.getOutputStream();
                boolean counted = false;
                while (true) {
                    String head = readHead(in);
                    if (head == null) {
                        return;
                    }
                    if (!counted) {
                        connections.incrementAndGet();
                        counted = true;
                    }
                    int length = 0;
                    for (String line : head.split("\r\n")) {
                        if (line.toLowerCase().startsWith("content-length:")) {
                            length = Integer.parseInt(line.substring(15).trim());
                        }
                    }
                    String body = new String(in.readNBytes(length), StandardCharsets.ISO_8859_1);
                    int index = requests.size();
                    requests.add(head + body);
                    Reply reply = answers.apply(index);
                    if (reply.perByte().isZero()) {
                        out.write(reply.bytes());
                    } else {
                        for (byte b : reply.bytes()) {
                            out.write(b);
                            out.flush();
                            Thread.sleep(reply.perByte().toMillis());
                        }
                    }
                    out.flush();
                    if (reply.close()) {
                        return;
                    }
                }
            } catch (IOException | InterruptedException e) {
                // the client went away
            }
        }

        /** The request head through its blank line, or null when the connection ended first. */
        private static String readHead(InputStream in) throws IOException {
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            int matched = 0;
            int next;
            while ((next = in.read()) >= 0) {
                head.write(next);
                matched = next == (matched % 2 == 0 ? '\r' : '\n') ? matched + 1 : next == '\r' ? 1 : 0;
                if (matched == 4) {
                    return head.toString(StandardCharsets.ISO_8859_1);
                }
            }
            return null;
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
