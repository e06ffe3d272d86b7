package io.jenkins.plugins.statusqueue.http;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * An HTTP/1.1 client over blocking sockets for the JSON APIs the drain talks to (GitHub Enterprise, API Gateway):
 * the calling thread writes the request and reads the answer itself. The JDK's {@code HttpClient} hands every
 * exchange between the caller, its selector thread and its executor, which cost the drain about half a millisecond
 * of CPU per status; this costs a write and a read.
 *
 * <ul>
 * <li>Connections are kept alive and pooled per destination, as many as there are requests in flight, and closed
 * once idle for {@link #IDLE_TIMEOUT}.</li>
 * <li>A deadline bounds the whole exchange: connect, TLS handshake, request and answer, body included. Each read waits
 * at most what is left, so a server that trickles its answer cannot hold the caller past it.</li>
 * <li>A request sent on a pooled connection that the server closed meanwhile (the answer ends or is reset before its
 * first byte) is sent once more on a new connection.</li>
 * <li>TLS uses the JVM's default trust store and verifies the host name; the JVM's proxy selector is honoured
 * (HTTP proxies, with {@code CONNECT} for https, and SOCKS), asked once per origin.</li>
 * <li>An answer longer than the client's cap fails the exchange instead of filling the heap.</li>
 * </ul>
 *
 * <p>The deadline is enforced on reads; a request is written at once, which takes no time for the requests of this
 * plugin (a few kilobytes, which the socket's send buffer holds whole).
 *
 * <p>Thread-safe. {@link #close()} closes every connection, including those a request is using, which then fails.
 */
public final class Http1Client implements Closeable {

    /** Below the keep-alive timeouts of common servers and load balancers (nginx 75 s, AWS ALB 60 s). */
    public static final Duration IDLE_TIMEOUT = Duration.ofSeconds(20);
    private static final int BUFFER_BYTES = 8192;
    private static final int MAX_HEAD_BYTES = 64 * 1024;

    private final Duration connectTimeout;
    private final long maxAnswerBytes;
    private final SSLSocketFactory tls;
    private final ProxySelector proxies;
    private final Map<Route, Deque<Connection>> idle = new ConcurrentHashMap<>();
    private final Set<Connection> open = ConcurrentHashMap.newKeySet();
    /**
     * The proxy of each origin, asked of the selector once: the JVM's default selector reads system properties and
     * matches {@code http.nonProxyHosts} on every call, and a client talks to one or two origins.
     */
    private final Map<String, Proxy> proxyByOrigin = new ConcurrentHashMap<>();
    private volatile boolean closed;

    /**
     * A client with the JVM's TLS trust and proxy selector.
     *
     * @param connectTimeout how long a TCP connect may take, within each exchange's deadline
     * @param maxAnswerBytes the longest answer body accepted
     */
    public Http1Client(Duration connectTimeout, long maxAnswerBytes) {
        this(connectTimeout, maxAnswerBytes, (SSLSocketFactory) SSLSocketFactory.getDefault(),
                ProxySelector.getDefault());
    }

    /** A client with its own TLS trust and proxy selector ({@code null}: connect directly). */
    public Http1Client(Duration connectTimeout, long maxAnswerBytes, SSLSocketFactory tls, ProxySelector proxies) {
        this.connectTimeout = connectTimeout;
        this.maxAnswerBytes = maxAnswerBytes;
        this.tls = tls;
        this.proxies = proxies;
    }

    /**
     * Sends one request and reads the whole answer.
     *
     * @param headers header fields to send besides {@code Host} and {@code Content-Length}
     * @param body    the request body, {@code null} for none
     * @throws HttpTimeoutException     when the answer is not complete within {@code deadline}
     * @throws IllegalArgumentException when the URI is not http(s) with a host, or a header holds a line break
     * @throws IOException              when the connection or the answer fails otherwise
     */
    public HttpAnswer send(String method, URI uri, Map<String, String> headers, byte[] body, Duration deadline)
            throws IOException {
        if (closed) {
            throw new IOException("the HTTP client is closed");
        }
        long deadlineNanos = System.nanoTime() + deadline.toNanos();
        Route route = route(uri);
        byte[] head = head(method, uri, route, headers, body);
        Connection pooled = takeIdle(route);
        if (pooled != null) {
            try {
                return exchange(pooled, method, head, body, deadline, deadlineNanos);
            } catch (StaleConnection e) {
                // The server closed it while it sat in the pool, as keep-alive timeouts do: not a failure to report.
                // Should the server have taken the request and died before answering, it is sent twice, which a
                // commit status, a receive and a delete all tolerate.
            }
        }
        return exchange(connect(route, deadline, deadlineNanos), method, head, body, deadline, deadlineNanos);
    }

    /** Closes every connection; requests under way fail, later ones are refused. */
    @Override
    public void close() {
        closed = true;
        for (Connection connection : open) {
            connection.close();
        }
        idle.clear();
    }

    /** Connections open now, idle or in use. */
    int openConnections() {
        return open.size();
    }

    /** Where a connection goes: the origin and the proxy on the way. */
    private record Route(boolean https, String host, int port, Proxy proxy) {

        String authority() {
            String name = host.indexOf(':') >= 0 ? "[" + host + "]" : host;
            return port == (https ? 443 : 80) ? name : name + ":" + port;
        }
    }

    private Route route(URI uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
            throw new IllegalArgumentException("not an http(s) URL with a host: " + uri);
        }
        boolean https = scheme.equals("https");
        String host = uri.getHost().startsWith("[") ? uri.getHost().substring(1, uri.getHost().length() - 1)
                : uri.getHost();
        int port = uri.getPort() >= 0 ? uri.getPort() : https ? 443 : 80;
        Proxy proxy = proxyByOrigin.computeIfAbsent(scheme + "://" + host + ":" + port, origin -> proxyFor(uri));
        return new Route(https, host, port, proxy);
    }

    private Proxy proxyFor(URI uri) {
        if (proxies == null) {
            return Proxy.NO_PROXY;
        }
        List<Proxy> choices = proxies.select(uri);
        return choices == null || choices.isEmpty() ? Proxy.NO_PROXY : choices.get(0);
    }

    private static byte[] head(String method, URI uri, Route route, Map<String, String> headers, byte[] body) {
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        String target = uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
        if (route.proxy().type() == Proxy.Type.HTTP && !route.https()) {
            target = "http://" + route.authority() + target; // a proxy takes the absolute form
        }
        StringBuilder head = new StringBuilder(256).append(method).append(' ').append(target)
                .append(" HTTP/1.1\r\nHost: ").append(route.authority()).append("\r\n");
        for (Map.Entry<String, String> header : headers.entrySet()) {
            requireOneLine(header.getKey());
            requireOneLine(header.getValue());
            head.append(header.getKey()).append(": ").append(header.getValue()).append("\r\n");
        }
        if (body != null) {
            head.append("Content-Length: ").append(body.length).append("\r\n");
        }
        return head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    /** A line break in a header would let its value write headers or requests of its own. */
    private static void requireOneLine(String text) {
        if (text.indexOf('\r') >= 0 || text.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("a header field may not contain a line break");
        }
    }

    private Connection takeIdle(Route route) {
        Deque<Connection> connections = idle.get(route);
        if (connections == null) {
            return null;
        }
        Connection connection;
        while ((connection = connections.pollFirst()) != null) {
            if (!connection.idleTooLong()) {
                return connection;
            }
            connection.close();
        }
        return null;
    }

    /** Most recently used first, so that when fewer requests are in flight the others age out at the tail. */
    private void release(Connection connection) {
        if (closed) {
            connection.close();
            return;
        }
        connection.lastUsed = System.nanoTime();
        Deque<Connection> connections = idle.computeIfAbsent(connection.route, route -> new ConcurrentLinkedDeque<>());
        connections.offerFirst(connection);
        Connection oldest;
        while ((oldest = connections.peekLast()) != null && oldest.idleTooLong()) {
            if (connections.removeLastOccurrence(oldest)) {
                oldest.close();
            }
        }
    }

    private Connection connect(Route route, Duration deadline, long deadlineNanos) throws IOException {
        Proxy proxy = route.proxy();
        Socket socket = proxy.type() == Proxy.Type.SOCKS ? new Socket(proxy) : new Socket();
        Connection connection = null;
        try {
            InetSocketAddress address = proxy.type() == Proxy.Type.HTTP ? (InetSocketAddress) proxy.address()
                    : proxy.type() == Proxy.Type.SOCKS ? InetSocketAddress.createUnresolved(route.host(), route.port())
                    : new InetSocketAddress(route.host(), route.port());
            long millis = Math.min(connectTimeout.toMillis(), remainingMillis(deadline, deadlineNanos));
            try {
                socket.connect(address, (int) Math.max(1, millis));
            } catch (SocketTimeoutException e) {
                throw new HttpConnectTimeoutException("no connection to " + address + " within "
                        + seconds(Duration.ofMillis(millis)));
            }
            socket.setTcpNoDelay(true);
            connection = new Connection(route, socket);
            if (route.https()) {
                if (proxy.type() == Proxy.Type.HTTP) {
                    tunnel(connection, route, deadline, deadlineNanos);
                }
                connection = connection.secured(handshake(socket, route, deadline, deadlineNanos));
            }
            open.add(connection);
            if (closed) {
                connection.close();
                throw new IOException("the HTTP client is closed");
            }
            return connection;
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    private void tunnel(Connection connection, Route route, Duration deadline, long deadlineNanos) throws IOException {
        String authority = route.host().indexOf(':') >= 0 ? "[" + route.host() + "]:" + route.port()
                : route.host() + ":" + route.port();
        connection.write(("CONNECT " + authority + " HTTP/1.1\r\nHost: " + authority + "\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1), null);
        String statusLine = connection.readLine(deadline, deadlineNanos);
        readHeaders(connection, deadline, deadlineNanos);
        if (status(statusLine) != 200) {
            throw new IOException("the proxy refused a tunnel to " + authority + ": " + statusLine);
        }
    }

    private SSLSocket handshake(Socket socket, Route route, Duration deadline, long deadlineNanos) throws IOException {
        SSLSocket secure = (SSLSocket) tls.createSocket(socket, route.host(), route.port(), true);
        SSLParameters parameters = secure.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        if (!route.host().contains(":") && !route.host().matches("[0-9.]+")) {
            parameters.setServerNames(List.of(new SNIHostName(route.host())));
        }
        secure.setSSLParameters(parameters);
        try {
            secure.setSoTimeout((int) Math.max(1, remainingMillis(deadline, deadlineNanos)));
            secure.startHandshake();
        } catch (SocketTimeoutException e) {
            throw timeout(deadline);
        }
        return secure;
    }

    private HttpAnswer exchange(Connection connection, String method, byte[] head, byte[] body, Duration deadline,
            long deadlineNanos) throws IOException {
        boolean reused = connection.lastUsed != 0;
        connection.answerBytes = 0;
        try {
            connection.write(head, body);
            String statusLine = connection.readLine(deadline, deadlineNanos);
            int status = status(statusLine);
            Map<String, List<String>> headers = readHeaders(connection, deadline, deadlineNanos);
            while (status >= 100 && status < 200) { // interim answers, such as 100 Continue, precede the answer
                statusLine = connection.readLine(deadline, deadlineNanos);
                status = status(statusLine);
                headers = readHeaders(connection, deadline, deadlineNanos);
            }
            boolean framed = true;
            byte[] content;
            String length = HttpAnswer.first(headers, "Content-Length");
            if (method.equals("HEAD") || status == 204 || status == 304) {
                content = new byte[0];
            } else if (isChunked(headers)) {
                content = readChunked(connection, deadline, deadlineNanos);
            } else if (length != null) {
                content = readFixed(connection, contentLength(length), deadline, deadlineNanos);
            } else {
                content = readToEnd(connection, deadline, deadlineNanos);
                framed = false;
            }
            // Bytes beyond the answer would be read as the next one's: such a connection is not kept.
            if (framed && keepsAlive(statusLine, headers) && !connection.hasUnread()) {
                release(connection);
            } else {
                connection.close();
            }
            return new HttpAnswer(status, headers, content);
        } catch (SocketTimeoutException e) {
            connection.close();
            throw timeout(deadline);
        } catch (IOException e) {
            connection.close();
            if (reused && connection.answerBytes == 0 && !(e instanceof HttpTimeoutException)) {
                throw new StaleConnection(e);
            }
            throw e;
        } catch (RuntimeException e) {
            connection.close();
            throw e;
        }
    }

    private static int status(String statusLine) throws IOException {
        if (statusLine.length() >= 12 && statusLine.startsWith("HTTP/1.") && statusLine.charAt(8) == ' ') {
            try {
                return Integer.parseInt(statusLine.substring(9, 12));
            } catch (NumberFormatException e) {
                // falls through to the error below
            }
        }
        throw new IOException("not an HTTP/1.1 answer: " + abbreviate(statusLine));
    }

    private static Map<String, List<String>> readHeaders(Connection connection, Duration deadline, long deadlineNanos)
            throws IOException {
        Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        int headBytes = 0;
        String line;
        while (!(line = connection.readLine(deadline, deadlineNanos)).isEmpty()) {
            headBytes += line.length() + 2;
            if (headBytes > MAX_HEAD_BYTES) {
                throw new IOException("an answer's header is longer than " + MAX_HEAD_BYTES + " bytes");
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new IOException("not an HTTP header field: " + abbreviate(line));
            }
            headers.computeIfAbsent(line.substring(0, colon).trim(), name -> new ArrayList<>(1))
                    .add(line.substring(colon + 1).trim());
        }
        return headers;
    }

    private static boolean isChunked(Map<String, List<String>> headers) {
        String coding = HttpAnswer.first(headers, "Transfer-Encoding");
        return coding != null && coding.toLowerCase(Locale.ROOT).endsWith("chunked");
    }

    private static boolean keepsAlive(String statusLine, Map<String, List<String>> headers) {
        String connection = HttpAnswer.first(headers, "Connection");
        String option = connection == null ? "" : connection.toLowerCase(Locale.ROOT);
        return statusLine.startsWith("HTTP/1.1") ? !option.contains("close") : option.contains("keep-alive");
    }

    private long contentLength(String value) throws IOException {
        long length;
        try {
            length = Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new IOException("not a Content-Length: " + abbreviate(value));
        }
        if (length < 0 || length > maxAnswerBytes) {
            throw tooLong();
        }
        return length;
    }

    private static byte[] readFixed(Connection connection, long length, Duration deadline, long deadlineNanos)
            throws IOException {
        byte[] content = new byte[(int) length];
        int filled = 0;
        while (filled < content.length) {
            filled += connection.read(content, filled, content.length - filled, deadline, deadlineNanos);
        }
        return content;
    }

    private byte[] readChunked(Connection connection, Duration deadline, long deadlineNanos) throws IOException {
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        while (true) {
            String sizeLine = connection.readLine(deadline, deadlineNanos);
            int extension = sizeLine.indexOf(';');
            long size;
            try {
                size = Long.parseLong((extension < 0 ? sizeLine : sizeLine.substring(0, extension)).trim(), 16);
            } catch (NumberFormatException e) {
                throw new IOException("not a chunk size: " + abbreviate(sizeLine));
            }
            if (size == 0) {
                readHeaders(connection, deadline, deadlineNanos); // the trailer
                return content.toByteArray();
            }
            if (size < 0 || content.size() + size > maxAnswerBytes) {
                throw tooLong();
            }
            content.write(readFixed(connection, size, deadline, deadlineNanos));
            if (!connection.readLine(deadline, deadlineNanos).isEmpty()) {
                throw new IOException("a chunk is longer than its size");
            }
        }
    }

    private byte[] readToEnd(Connection connection, Duration deadline, long deadlineNanos) throws IOException {
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        byte[] buffer = new byte[BUFFER_BYTES];
        int read;
        while ((read = connection.readOrEnd(buffer, deadline, deadlineNanos)) >= 0) {
            if (content.size() + read > maxAnswerBytes) {
                throw tooLong();
            }
            content.write(buffer, 0, read);
        }
        return content.toByteArray();
    }

    private IOException tooLong() {
        return new IOException("the answer is longer than " + maxAnswerBytes + " bytes");
    }

    private static long remainingMillis(Duration deadline, long deadlineNanos) throws HttpTimeoutException {
        long left = TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime());
        if (left <= 0) {
            throw timeout(deadline);
        }
        return left;
    }

    private static HttpTimeoutException timeout(Duration deadline) {
        return new HttpTimeoutException("no complete answer within " + seconds(deadline));
    }

    /** {@code 15 s}, {@code 0.3 s}: a deadline as the messages state it. */
    public static String seconds(Duration duration) {
        return (duration.toMillis() % 1000 == 0 ? Long.toString(duration.toSeconds())
                : String.format(Locale.ROOT, "%.1f", duration.toMillis() / 1000.0)) + " s";
    }

    private static String abbreviate(String text) {
        return text.length() > 100 ? text.substring(0, 100) + "\u2026" : text;
    }

    /** A pooled connection that turned out closed before the request reached the server. */
    private static final class StaleConnection extends IOException {
        private static final long serialVersionUID = 1L;

        StaleConnection(IOException cause) {
            super(cause);
        }
    }

    /** One socket with its read buffer. */
    private final class Connection {
        final Route route;
        private final Socket socket;
        private final InputStream in;
        private final OutputStream out;
        private final byte[] buffer = new byte[BUFFER_BYTES];
        private int position;
        private int limit;
        /** When it was last returned to the pool, 0 while it has never been. */
        long lastUsed;
        /** Bytes of the current answer read so far. */
        long answerBytes;

        Connection(Route route, Socket socket) throws IOException {
            this.route = route;
            this.socket = socket;
            this.in = socket.getInputStream();
            this.out = socket.getOutputStream();
        }

        /** The same connection over TLS, replacing this one's streams. */
        Connection secured(SSLSocket secure) throws IOException {
            return new Connection(route, secure);
        }

        boolean hasUnread() {
            return position < limit;
        }

        boolean idleTooLong() {
            return System.nanoTime() - lastUsed > IDLE_TIMEOUT.toNanos();
        }

        void write(byte[] head, byte[] body) throws IOException {
            if (body == null || head.length + body.length > BUFFER_BYTES) {
                out.write(head);
                if (body != null) {
                    out.write(body);
                }
            } else { // one segment for the usual small request
                byte[] whole = new byte[head.length + body.length];
                System.arraycopy(head, 0, whole, 0, head.length);
                System.arraycopy(body, 0, whole, head.length, body.length);
                out.write(whole);
            }
            out.flush();
        }

        /** A line without its CRLF, as ISO-8859-1 (header fields are). */
        String readLine(Duration deadline, long deadlineNanos) throws IOException {
            StringBuilder line = new StringBuilder(64);
            while (true) {
                if (position == limit && fill(deadline, deadlineNanos) < 0) {
                    throw new EOFException("the connection closed in the middle of an answer");
                }
                byte next = buffer[position++];
                if (next == '\n') {
                    int length = line.length();
                    return length > 0 && line.charAt(length - 1) == '\r' ? line.substring(0, length - 1)
                            : line.toString();
                }
                if (line.length() >= MAX_HEAD_BYTES) {
                    throw new IOException("an answer's header is longer than " + MAX_HEAD_BYTES + " bytes");
                }
                line.append((char) (next & 0xff));
            }
        }

        int read(byte[] target, int offset, int length, Duration deadline, long deadlineNanos) throws IOException {
            if (position == limit && fill(deadline, deadlineNanos) < 0) {
                throw new EOFException("the connection closed in the middle of an answer");
            }
            int count = Math.min(length, limit - position);
            System.arraycopy(buffer, position, target, offset, count);
            position += count;
            return count;
        }

        int readOrEnd(byte[] target, Duration deadline, long deadlineNanos) throws IOException {
            if (position == limit && fill(deadline, deadlineNanos) < 0) {
                return -1;
            }
            return read(target, 0, target.length, deadline, deadlineNanos);
        }

        private int fill(Duration deadline, long deadlineNanos) throws IOException {
            socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, remainingMillis(deadline, deadlineNanos)));
            int read = in.read(buffer, 0, buffer.length);
            position = 0;
            limit = Math.max(0, read);
            answerBytes += limit;
            return read;
        }

        void close() {
            open.remove(this);
            try {
                socket.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
    }
}
