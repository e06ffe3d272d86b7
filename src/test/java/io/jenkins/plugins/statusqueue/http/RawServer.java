package io.jenkins.plugins.statusqueue.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * A loopback server that reads each request (head and Content-Length body) and writes scripted bytes, however
 * wrong: for the faults a real HTTP server library will not produce.
 */
public final class RawServer implements AutoCloseable {

    /** What the server writes for one request, how fast, what it sends later, and whether it then closes. */
    public record Reply(byte[] bytes, Duration perByte, String later, boolean close) {
        public static Reply of(String text) {
            return new Reply(bytes(text), Duration.ZERO, null, false);
        }

        public static Reply closing(String text) {
            return new Reply(bytes(text), Duration.ZERO, null, true);
        }

        public static Reply trickling(String text, Duration perByte) {
            return new Reply(bytes(text), perByte, null, false);
        }

        /** The answer, then, 100 ms later on the idle connection, {@code later}. */
        public static Reply thenLater(String text, String later) {
            return new Reply(bytes(text), Duration.ZERO, later, false);
        }

        private static byte[] bytes(String text) {
            return text.getBytes(StandardCharsets.ISO_8859_1);
        }
    }

    public static String ok(String body) {
        return "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: " + body.length() + "\r\n\r\n" + body;
    }

    private final ServerSocket socket;
    public final AtomicInteger connections = new AtomicInteger();
    public final ConcurrentLinkedQueue<String> requests = new ConcurrentLinkedQueue<>();
    public volatile IntFunction<Reply> answers;

    private RawServer(ServerSocket socket, IntFunction<Reply> answers) {
        this.socket = socket;
        this.answers = answers;
        Thread acceptor = new Thread(this::accept, "raw-server");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public static RawServer start(IntFunction<Reply> answers) throws IOException {
        return new RawServer(new ServerSocket(0, 16, InetAddress.getLoopbackAddress()), answers);
    }

    public String url() {
        return "http://127.0.0.1:" + socket.getLocalPort();
    }

    private void accept() {
        while (!socket.isClosed()) {
            try {
                Socket connection = socket.accept();
                connections.incrementAndGet();
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
            while (true) {
                String head = readHead(in);
                if (head == null) {
                    return;
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
                if (reply.later() != null) {
                    Thread.sleep(100);
                    out.write(reply.later().getBytes(StandardCharsets.ISO_8859_1));
                    out.flush();
                }
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
