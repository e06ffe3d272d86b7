package io.jenkins.plugins.statusqueue.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPOutputStream;

/**
 * A GitHub Enterprise Server REST API on 127.0.0.1, faithful in what the plugin relies on: token authentication,
 * repositories and commits that exist or not, commit status validation (state, 140-character description, 1000
 * statuses per SHA and context), combined status, primary and secondary rate limits with GitHub's headers and bodies,
 * plus fault injection (latency, failing answers, dropped and hanging connections, answers whose body trickles).
 *
 * <p>Serves under {@code /api/v3} like GHE, and at the root like {@code api.github.com}. Each request runs on its own
 * worker thread, so injected latency never holds up other requests. Every accepted status is recorded.
 */
public final class GheSimulator implements AutoCloseable {

    public static final String DEFAULT_TOKEN = "ghp_simulatorToken0123456789abcdefABCDEF";
    public static final String DEFAULT_LOGIN = "status-bot";
    static final String DOCS = "https://docs.github.com/rest";
    private static final int WORKERS = 256;
    private static final int MAX_STATUSES_PER_CONTEXT = 1000;
    private static final int MAX_DESCRIPTION = 140;
    /** The rate-limit bucket of requests without a token, which GitHub limits to 60 an hour. */
    private static final String ANONYMOUS = "";
    private static final int ANONYMOUS_LIMIT = 60;
    private static final Set<String> STATES = Set.of("pending", "success", "failure", "error");
    private static final Pattern REPO_PATH = Pattern.compile("/repos/([^/]+)/([^/]+)(/.*)?");
    private static final Pattern STATUSES_PATH = Pattern.compile("/statuses/([^/]+)");
    private static final Pattern COMMIT_STATUS_PATH = Pattern.compile("/commits/([^/]+)/(statuses|status)");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A status the simulator stored, as GitHub would return it. */
    public record StoredStatus(long id, String owner, String repo, String sha, String state, String description,
            String targetUrl, String context, Instant createdAt, String creator) {

        public String fullName() {
            return owner + "/" + repo;
        }
    }

    /** One request the simulator answered (or dropped: status -1). */
    public record Request(String method, String path, int status) {
    }

    /** A token the simulator accepts. {@code scopes} null means no {@code X-OAuth-Scopes} header (fine-grained). */
    private record Token(String login, long userId, String scopes) {
    }

    private enum FaultKind { FAIL, DROP, HANG, SECONDARY_RATE_LIMIT, TRICKLE, HTML_NOT_FOUND }

    /** What nginx, the web server in front of GitHub Enterprise and many load balancers, answers for an unknown path. */
    static final String NGINX_404 = "<html>\r\n<head><title>404 Not Found</title></head>\r\n<body>\r\n<center><h1>404 "
            + "Not Found</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n";

    private record Fault(FaultKind kind, int status, Duration duration, String message) {
    }

    /** A one-shot fault queue: each request takes at most one fault. */
    private static final class Faults {
        private final ConcurrentLinkedQueue<Fault> pending = new ConcurrentLinkedQueue<>();

        void add(int count, Fault fault) {
            for (int i = 0; i < count; i++) {
                pending.add(fault);
            }
        }

        Fault poll() {
            return pending.poll();
        }
    }

    /** A repository on the simulated server, with per-repository behaviour. */
    public final class Repo {
        private final long id;
        private final String owner;
        private final String name;
        private final Set<String> commits = ConcurrentHashMap.newKeySet();
        private final List<StoredStatus> statuses = new ArrayList<>();
        /** Statuses per lower-case SHA and context, guarded by {@link #statuses}: counted as GitHub's index would. */
        private final Map<String, Integer> perContext = new HashMap<>();
        private final Faults faults = new Faults();
        private volatile Duration latency = Duration.ZERO;
        private volatile String forbiddenMessage;

        private Repo(long id, String owner, String name) {
            this.id = id;
            this.owner = owner;
            this.name = name;
        }

        /** Registers commits; once a repository has any, a status on an unknown SHA is refused with 422. */
        public Repo commits(String... shas) {
            for (String sha : shas) {
                commits.add(sha.toLowerCase(Locale.ROOT));
            }
            return this;
        }

        /** Extra latency for every request on this repository. */
        public Repo latency(Duration extra) {
            latency = extra;
            return this;
        }

        /** The next {@code count} requests on this repository answer {@code status} (500, 502, 503...). */
        public Repo failNext(int count, int status) {
            faults.add(count, new Fault(FaultKind.FAIL, status, null, "Server Error"));
            return this;
        }

        /**
         * Status posts answer 403 with this message, as GitHub does when the token may read the repository but not
         * write statuses (for example "Resource not accessible by personal access token").
         */
        public Repo forbidStatuses(String message) {
            forbiddenMessage = message;
            return this;
        }

        public String fullName() {
            return owner + "/" + name;
        }

        private boolean knowsCommit(String ref) {
            return commits.isEmpty() || commits.contains(ref.toLowerCase(Locale.ROOT));
        }
    }

    private final HttpServer server;
    private final ExecutorService workers;
    private final Instant started = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    private final Map<String, Token> tokens = new ConcurrentHashMap<>();
    private final Map<String, Repo> repos = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> used = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<Request> requests = new ConcurrentLinkedQueue<>();
    private final Set<Long> undelivered = ConcurrentHashMap.newKeySet();
    private final Faults faults = new Faults();
    private final AtomicLong ids = new AtomicLong(1000);
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();
    /** The client ends of the connections requests came on: one per TCP connection. */
    private final Set<InetSocketAddress> connections = ConcurrentHashMap.newKeySet();
    private volatile Duration latency = Duration.ZERO;
    /** Set when the web interface, not the API, answers outside /api/v3. */
    private volatile boolean webAtRoot;
    private volatile Consumer<StoredStatus> statusListener = status -> { };
    private volatile CountDownLatch rendezvous = new CountDownLatch(0);
    private volatile Duration rendezvousTimeout = Duration.ZERO;
    /** Requests per hour and token; 0 turns rate limiting off, as a GHE administrator can. */
    private volatile int rateLimit = 5000;
    private volatile Instant rateLimitReset = started.plus(Duration.ofHours(1));

    private GheSimulator(int port) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1024);
        AtomicInteger threadNumber = new AtomicInteger();
        workers = Executors.newFixedThreadPool(WORKERS, runnable -> {
            Thread thread = new Thread(runnable, "ghe-simulator-" + threadNumber.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(workers);
        server.createContext("/", this::handle);
        server.start();
        token(DEFAULT_TOKEN, DEFAULT_LOGIN, "repo, read:org");
    }

    /** Starts a simulator on a free loopback port that accepts {@link #DEFAULT_TOKEN} with scope {@code repo}. */
    public static GheSimulator start() {
        return start(0);
    }

    /** Starts a simulator on a fixed loopback port, for the sandbox a person points Jenkins at. */
    public static GheSimulator start(int port) {
        try {
            return new GheSimulator(port);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the GitHub Enterprise simulator on port " + port, e);
        }
    }

    // ---- configuration ----

    /** The GHE API URL, {@code http://127.0.0.1:port/api/v3}. */
    public String apiUrl() {
        return baseUrl() + "/api/v3";
    }

    /** The same API at the root, the way {@code https://api.github.com} serves it. */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Accepts a token for a user; {@code scopes} as GitHub lists them ("repo, read:org"), null for none sent. */
    public GheSimulator token(String token, String login, String scopes) {
        tokens.put(token, new Token(login, 1 + tokens.size(), scopes));
        return this;
    }

    /** Creates (or returns) a repository. */
    public Repo repository(String owner, String name) {
        return repos.computeIfAbsent(key(owner, name), k -> new Repo(ids.incrementAndGet(), owner, name));
    }

    /** Deletes a repository with its statuses, as when it is deleted or renamed away. */
    public GheSimulator removeRepository(String owner, String name) {
        repos.remove(key(owner, name));
        return this;
    }

    /** Requests per hour for each token, reset at {@code resetIn} from now; 0 disables rate limiting. */
    public GheSimulator rateLimit(int limit, Duration resetIn) {
        rateLimit = limit;
        rateLimitReset = Instant.now().plus(resetIn).truncatedTo(ChronoUnit.SECONDS);
        used.clear();
        return this;
    }

    /** Latency added to every request (each on its own worker thread). */
    public GheSimulator latency(Duration added) {
        latency = added;
        return this;
    }

    /** The next {@code count} requests answer {@code status} with GitHub's error body. */
    public GheSimulator failNext(int count, int status) {
        return failNext(count, status, status >= 500 ? "Server Error" : "Injected failure");
    }

    /** The next {@code count} requests answer {@code status} with this message in GitHub's error body. */
    public GheSimulator failNext(int count, int status, String message) {
        faults.add(count, new Fault(FaultKind.FAIL, status, null, message));
        return this;
    }

    /** The next {@code count} requests have their connection closed without an answer. */
    public GheSimulator dropNext(int count) {
        faults.add(count, new Fault(FaultKind.DROP, 0, null, null));
        return this;
    }

    /** The next {@code count} requests get no answer for {@code duration} (or until close), then are dropped. */
    public GheSimulator hangNext(int count, Duration duration) {
        faults.add(count, new Fault(FaultKind.HANG, 0, duration, null));
        return this;
    }

    /**
     * The next {@code count} requests are served as usual (a status is stored), but each answer's body arrives a
     * byte at a time over {@code duration}, after its headers.
     */
    public GheSimulator trickleNext(int count, Duration duration) {
        faults.add(count, new Fault(FaultKind.TRICKLE, 0, duration, null));
        return this;
    }

    /**
     * The next {@code count} requests are answered 404 by the web server or load balancer in front of GitHub, with its
     * HTML page instead of GitHub's JSON error: a route that lost its backend, a misrouted path.
     */
    public GheSimulator htmlNotFoundNext(int count) {
        faults.add(count, new Fault(FaultKind.HTML_NOT_FOUND, 404, null, null));
        return this;
    }

    /**
     * Serves GitHub Enterprise's web interface, not its API, outside {@code /api/v3}, as a real server does: an API URL
     * without {@code /api/v3} then gets HTML, a 404 page for {@code /user} and for every status post.
     */
    public GheSimulator webInterfaceAtRoot() {
        webAtRoot = true;
        return this;
    }

    /** Faults set with the methods above that no request has taken yet. */
    public int pendingFaults() {
        return faults.pending.size();
    }

    /** The next {@code count} requests hit the secondary rate limit: {@code status} 403 or 429 with Retry-After. */
    public GheSimulator secondaryRateLimitNext(int count, int status, int retryAfterSeconds) {
        faults.add(count, new Fault(FaultKind.SECONDARY_RATE_LIMIT, status, Duration.ofSeconds(retryAfterSeconds),
                "You have exceeded a secondary rate limit. Please wait a few minutes before you try again."));
        return this;
    }

    /**
     * The next {@code count} requests each wait until all {@code count} are being handled at once (or {@code max}
     * passes): a deterministic proof that a client really has that many requests in flight.
     */
    public GheSimulator rendezvous(int count, Duration max) {
        rendezvousTimeout = max;
        rendezvous = new CountDownLatch(count);
        return this;
    }

    /**
     * Called on the worker thread the moment each status is stored, before the answer is sent: for timing a status
     * to the microsecond, which GitHub's whole-second {@code created_at} cannot.
     */
    public GheSimulator onStatus(Consumer<StoredStatus> listener) {
        statusListener = listener == null ? status -> { } : listener;
        return this;
    }

    // ---- what the simulator saw ----

    /** Every stored status, oldest first. */
    public List<StoredStatus> statuses() {
        List<StoredStatus> all = new ArrayList<>();
        for (Repo repo : repos.values()) {
            synchronized (repo.statuses) {
                all.addAll(repo.statuses);
            }
        }
        all.sort((a, b) -> Long.compare(a.id(), b.id()));
        return all;
    }

    /** The stored statuses of one commit, oldest first. */
    public List<StoredStatus> statuses(String owner, String name, String sha) {
        return statuses().stream().filter(s -> s.owner().equals(owner) && s.repo().equals(name)
                && s.sha().equalsIgnoreCase(sha)).toList();
    }

    /** The newest status of each context of a commit, as GitHub's combined status shows them. */
    public Map<String, StoredStatus> latestPerContext(String owner, String name, String sha) {
        Map<String, StoredStatus> latest = new TreeMap<>();
        statuses(owner, name, sha).forEach(status -> latest.put(status.context(), status));
        return latest;
    }

    /** Every request answered so far, in order of completion. */
    public List<Request> requests() {
        return List.copyOf(requests);
    }

    /** How many requests had this method and path (path without the {@code /api/v3} prefix or query). */
    public long count(String method, String path) {
        return requests.stream().filter(r -> r.method().equals(method) && r.path().equals(path)).count();
    }

    /**
     * Whether the client received the whole answer that reported this status stored. A status whose answer was lost
     * (the client gave up on a trickling body) may rightly be posted again.
     */
    public boolean answerDelivered(StoredStatus status) {
        return !undelivered.contains(status.id());
    }

    /** The most requests that were being handled at once. */
    public int maxConcurrentRequests() {
        return maxInFlight.get();
    }

    /** How many TCP connections requests came on: fewer than requests when clients keep them alive. */
    public int connectionsAccepted() {
        return connections.size();
    }

    @Override
    public void close() {
        server.stop(0);
        workers.shutdownNow();
    }

    // ---- serving ----

    private void handle(HttpExchange exchange) throws IOException {
        connections.add(exchange.getRemoteAddress());
        int now = inFlight.incrementAndGet();
        maxInFlight.accumulateAndGet(now, Math::max);
        String method = exchange.getRequestMethod();
        String path = apiPath(exchange.getRequestURI());
        if (webAtRoot && !exchange.getRequestURI().getPath().startsWith("/api/v3")) {
            path = null;
        }
        try {
            Answer answer;
            try {
                answer = answer(exchange, method, path);
            } catch (RuntimeException e) {
                answer = Answer.error(500, "Server Error: " + e);
            }
            // Recorded before answering, so that a client that got its answer finds its request counted.
            requests.add(new Request(method, path == null ? exchange.getRequestURI().getPath() : path,
                    answer == null ? -1 : answer.status));
            if (answer != null && !send(exchange, answer) && answer.storedId >= 0) {
                undelivered.add(answer.storedId);
            }
        } finally {
            inFlight.decrementAndGet();
            exchange.close();
        }
    }

    private static String apiPath(URI uri) {
        String path = uri.getPath();
        if (path.startsWith("/api/v3")) {
            path = path.substring("/api/v3".length());
        }
        if (path.length() > 1 && path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        return path.isEmpty() ? "/" : path;
    }

    /**
     * The answer, or null when the connection is to be dropped without one.
     *
     * @param path the API path, or {@code null} for a path of the web interface
     */
    private Answer answer(HttpExchange exchange, String method, String path) throws IOException {
        byte[] body = readBody(exchange.getRequestBody());
        if (path == null) {
            return exchange.getRequestURI().getPath().equals("/")
                    ? Answer.html(200, "<html><head><title>GitHub Enterprise</title></head><body></body></html>")
                    : Answer.html(404, "<!DOCTYPE html><html><head><title>Page not found \u00b7 GitHub Enterprise"
                            + "</title></head><body><h1>404</h1><p>This is not the web page you are looking for."
                            + "</p></body></html>");
        }
        CountDownLatch meeting = rendezvous;
        if (meeting.getCount() > 0) {
            meeting.countDown();
            try {
                meeting.await(rendezvousTimeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        SimulatorHttp.pause(latency);
        Matcher repoPath = REPO_PATH.matcher(path);
        Repo repo = repoPath.matches() ? repos.get(key(decode(repoPath.group(1)), decode(repoPath.group(2)))) : null;
        if (repo != null) {
            SimulatorHttp.pause(repo.latency);
        }
        Fault fault = repo == null ? null : repo.faults.poll();
        if (fault == null) {
            fault = faults.poll();
        }
        Duration trickle = Duration.ZERO;
        if (fault != null && fault.kind() == FaultKind.TRICKLE) {
            trickle = fault.duration();
            fault = null;
        }
        if (fault != null) {
            switch (fault.kind()) {
                case DROP:
                    return null;
                case HANG:
                    SimulatorHttp.pause(fault.duration()); // close() interrupts the wait
                    return null;
                case FAIL:
                    return Answer.error(fault.status(), fault.message());
                case SECONDARY_RATE_LIMIT:
                    return Answer.error(fault.status(), fault.message())
                            .header("Retry-After", Long.toString(fault.duration().toSeconds()));
                case HTML_NOT_FOUND:
                    return Answer.html(404, NGINX_404);
                default:
                    throw new IllegalStateException(fault.kind().toString());
            }
        }

        if (exchange.getRequestHeaders().getFirst("User-Agent") == null) {
            return Answer.error(403, "Request forbidden by administrative rules. Please make sure your request has a "
                    + "User-Agent header (" + DOCS + "/overview/resources-in-the-rest-api#user-agent-required).");
        }
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        String tokenValue = null;
        if (authorization != null) {
            String[] parts = authorization.trim().split("\\s+", 2);
            if (parts.length == 2 && (parts[0].equalsIgnoreCase("token") || parts[0].equalsIgnoreCase("bearer"))
                    && tokens.containsKey(parts[1])) {
                tokenValue = parts[1];
            } else {
                return withRateHeaders(Answer.error(401, "Bad credentials"), ANONYMOUS);
            }
        }
        String bucket = tokenValue == null ? ANONYMOUS : tokenValue;
        return withRateHeaders(serve(exchange, method, path, body, repoPath.matches() ? repoPath : null, repo,
                tokenValue), bucket).trickle(trickle);
    }

    private Answer serve(HttpExchange exchange, String method, String path, byte[] body, Matcher repoPath, Repo repo,
            String tokenValue) throws IOException {
        if (path.equals("/") || path.equals("/meta")) {
            return Answer.ok(path.equals("/") ? root() : meta());
        }
        if (path.equals("/rate_limit")) {
            return rateLimitAnswer(tokenValue == null ? ANONYMOUS : tokenValue);
        }
        if (tokenValue == null) {
            // GitHub hides private repositories from anonymous callers.
            return path.equals("/user") ? Answer.error(401, "Requires authentication") : Answer.error(404, "Not Found");
        }
        Token token = tokens.get(tokenValue);
        if (!spendRequest(tokenValue)) {
            return Answer.error(403, "API rate limit exceeded for user ID " + token.userId() + ".");
        }
        return route(method, path, body, repoPath, repo, token, exchange.getRequestURI());
    }

    private Answer route(String method, String path, byte[] body, Matcher repoPath, Repo repo, Token token, URI uri)
            throws IOException {
        if (path.equals("/user") && method.equals("GET")) {
            Answer answer = Answer.ok(user(token));
            if (token.scopes() != null) {
                answer.header("X-OAuth-Scopes", token.scopes()).header("X-Accepted-OAuth-Scopes", "");
            }
            return answer;
        }
        if (repoPath == null || repo == null) {
            return Answer.error(404, "Not Found");
        }
        String rest = repoPath.group(3) == null ? "" : repoPath.group(3);
        if (rest.isEmpty() && method.equals("GET")) {
            return Answer.ok(repository(repo));
        }
        Matcher statuses = STATUSES_PATH.matcher(rest);
        if (statuses.matches() && method.equals("POST")) {
            return createStatus(repo, decode(statuses.group(1)), body, token);
        }
        Matcher listing = COMMIT_STATUS_PATH.matcher(rest);
        if (listing.matches() && method.equals("GET")) {
            String ref = decode(listing.group(1));
            if (!repo.knowsCommit(ref)) {
                return noCommit(ref);
            }
            Map<String, String> query = query(uri);
            return listing.group(2).equals("statuses") ? listStatuses(repo, ref, query) : combined(repo, ref, query);
        }
        return Answer.error(404, "Not Found");
    }

    private Answer createStatus(Repo repo, String sha, byte[] body, Token token) throws IOException {
        if (repo.forbiddenMessage != null) {
            return Answer.error(403, repo.forbiddenMessage);
        }
        JsonNode request;
        try {
            request = JSON.readTree(body);
        } catch (IOException e) {
            return Answer.error(400, "Problems parsing JSON");
        }
        if (request == null || !request.isObject()) {
            return Answer.error(400, "Problems parsing JSON");
        }
        if (!repo.knowsCommit(sha)) {
            return noCommit(sha);
        }
        String state = text(request, "state");
        String description = text(request, "description");
        String targetUrl = text(request, "target_url");
        String context = text(request, "context");
        if (context == null || context.isEmpty()) {
            context = "default";
        }
        if (state == null || !STATES.contains(state)) {
            return validationFailed("state", "state is not included in the list");
        }
        if (description != null && description.length() > MAX_DESCRIPTION) {
            return validationFailed("description", "description is too long (maximum is " + MAX_DESCRIPTION
                    + " characters)");
        }
        StoredStatus stored;
        synchronized (repo.statuses) {
            String counted = sha.toLowerCase(Locale.ROOT) + "\n" + context;
            if (repo.perContext.getOrDefault(counted, 0) >= MAX_STATUSES_PER_CONTEXT) {
                return validationFailed(null, "This SHA and context has reached the maximum number of statuses.");
            }
            repo.perContext.merge(counted, 1, Integer::sum);
            stored = new StoredStatus(ids.incrementAndGet(), repo.owner, repo.name, sha.toLowerCase(Locale.ROOT),
                    state, description, targetUrl, context, Instant.now().truncatedTo(ChronoUnit.SECONDS),
                    token.login());
            repo.statuses.add(stored);
        }
        statusListener.accept(stored);
        Answer created = new Answer(201, status(repo, stored)).header("Location", statusUrl(repo, stored.sha()));
        created.storedId = stored.id();
        return created;
    }

    private Answer listStatuses(Repo repo, String ref, Map<String, String> query) {
        List<StoredStatus> newestFirst = newestFirst(repo, ref);
        int perPage = Math.max(1, Math.min(100, intParam(query, "per_page", 30)));
        int page = Math.max(1, intParam(query, "page", 1));
        ArrayNode array = JSON.createArrayNode();
        newestFirst.stream().skip((long) (page - 1) * perPage).limit(perPage).forEach(s -> array.add(status(repo, s)));
        return Answer.ok(array);
    }

    private Answer combined(Repo repo, String ref, Map<String, String> query) {
        Map<String, StoredStatus> latest = new LinkedHashMap<>();
        for (StoredStatus status : newestFirst(repo, ref)) {
            latest.putIfAbsent(status.context(), status);
        }
        String state = "success";
        if (latest.isEmpty()) {
            state = "pending";
        } else if (latest.values().stream().anyMatch(s -> s.state().equals("failure") || s.state().equals("error"))) {
            state = "failure";
        } else if (latest.values().stream().anyMatch(s -> s.state().equals("pending"))) {
            state = "pending";
        }
        int perPage = Math.max(1, Math.min(100, intParam(query, "per_page", 100)));
        ObjectNode answer = JSON.createObjectNode();
        answer.put("state", state);
        ArrayNode statuses = answer.putArray("statuses");
        latest.values().stream().limit(perPage).forEach(s -> statuses.add(status(repo, s)));
        answer.put("sha", ref);
        answer.put("total_count", latest.size());
        answer.set("repository", repository(repo));
        answer.put("commit_url", repoUrl(repo) + "/commits/" + ref);
        answer.put("url", repoUrl(repo) + "/commits/" + ref + "/status");
        return Answer.ok(answer);
    }

    private static List<StoredStatus> newestFirst(Repo repo, String ref) {
        List<StoredStatus> matching = new ArrayList<>();
        synchronized (repo.statuses) {
            for (StoredStatus status : repo.statuses) {
                if (status.sha().equalsIgnoreCase(ref)) {
                    matching.add(status);
                }
            }
        }
        Collections.reverse(matching);
        return matching;
    }

    /** Counts one request against the token's limit; false when the limit is exhausted. */
    private boolean spendRequest(String token) {
        int limit = limit(token);
        if (limit <= 0) {
            return true;
        }
        AtomicInteger count = used.computeIfAbsent(token, t -> new AtomicInteger());
        if (count.incrementAndGet() > limit) {
            count.decrementAndGet();
            return false;
        }
        return true;
    }

    private int limit(String bucket) {
        return rateLimit <= 0 ? 0 : bucket.equals(ANONYMOUS) ? ANONYMOUS_LIMIT : rateLimit;
    }

    private Answer withRateHeaders(Answer answer, String bucket) {
        int limit = limit(bucket);
        if (limit <= 0) {
            return answer;
        }
        int count = used.computeIfAbsent(bucket, t -> new AtomicInteger()).get();
        return answer.header("X-RateLimit-Limit", Integer.toString(limit))
                .header("X-RateLimit-Remaining", Integer.toString(Math.max(0, limit - count)))
                .header("X-RateLimit-Reset", Long.toString(rateLimitReset.getEpochSecond()))
                .header("X-RateLimit-Used", Integer.toString(count))
                .header("X-RateLimit-Resource", "core");
    }

    private Answer rateLimitAnswer(String token) {
        int limit = limit(token);
        if (limit <= 0) {
            return Answer.error(404, "Rate limiting is not enabled.");
        }
        int count = used.computeIfAbsent(token, t -> new AtomicInteger()).get();
        ObjectNode answer = JSON.createObjectNode();
        ObjectNode resources = answer.putObject("resources");
        ObjectNode core = rate(limit, count, "core");
        resources.set("core", core);
        resources.set("search", rate(30, 0, "search"));
        resources.set("graphql", rate(5000, 0, "graphql"));
        resources.set("integration_manifest", rate(5000, 0, "integration_manifest"));
        answer.set("rate", core.deepCopy());
        return Answer.ok(answer);
    }

    private ObjectNode rate(int limit, int count, String resource) {
        ObjectNode rate = JSON.createObjectNode();
        rate.put("limit", limit);
        rate.put("used", count);
        rate.put("remaining", Math.max(0, limit - count));
        rate.put("reset", rateLimitReset.getEpochSecond());
        rate.put("resource", resource);
        return rate;
    }

    // ---- JSON shapes ----

    private ObjectNode root() {
        String api = apiUrl();
        ObjectNode root = JSON.createObjectNode();
        root.put("current_user_url", api + "/user");
        root.put("rate_limit_url", api + "/rate_limit");
        root.put("repository_url", api + "/repos/{owner}/{repo}");
        root.put("user_url", api + "/users/{user}");
        return root;
    }

    private static ObjectNode meta() {
        ObjectNode meta = JSON.createObjectNode();
        meta.put("verifiable_password_authentication", false);
        meta.put("installed_version", "3.12.0");
        return meta;
    }

    private ObjectNode user(Token token) {
        ObjectNode user = JSON.createObjectNode();
        user.put("login", token.login());
        user.put("id", token.userId());
        user.put("node_id", "U_" + token.userId());
        user.put("url", apiUrl() + "/users/" + token.login());
        user.put("html_url", baseUrl() + "/" + token.login());
        user.put("type", "User");
        user.put("site_admin", false);
        return user;
    }

    private ObjectNode repository(Repo repo) {
        ObjectNode owner = JSON.createObjectNode();
        owner.put("login", repo.owner);
        owner.put("id", Math.abs(repo.owner.hashCode()));
        owner.put("url", apiUrl() + "/users/" + repo.owner);
        owner.put("html_url", baseUrl() + "/" + repo.owner);
        owner.put("type", "Organization");
        owner.put("site_admin", false);
        ObjectNode json = JSON.createObjectNode();
        json.put("id", repo.id);
        json.put("node_id", "R_" + repo.id);
        json.put("name", repo.name);
        json.put("full_name", repo.fullName());
        json.put("private", true);
        json.set("owner", owner);
        json.put("html_url", baseUrl() + "/" + repo.fullName());
        json.put("description", (String) null);
        json.put("fork", false);
        json.put("url", repoUrl(repo));
        json.put("statuses_url", repoUrl(repo) + "/statuses/{sha}");
        json.put("default_branch", "main");
        json.put("visibility", "private");
        json.put("created_at", started.toString());
        json.put("updated_at", started.toString());
        json.put("pushed_at", started.toString());
        ObjectNode permissions = json.putObject("permissions");
        boolean push = repo.forbiddenMessage == null;
        permissions.put("admin", false);
        permissions.put("maintain", false);
        permissions.put("push", push);
        permissions.put("triage", push);
        permissions.put("pull", true);
        return json;
    }

    private ObjectNode status(Repo repo, StoredStatus status) {
        ObjectNode json = JSON.createObjectNode();
        json.put("url", statusUrl(repo, status.sha()));
        json.put("id", status.id());
        json.put("node_id", "SC_" + status.id());
        json.put("state", status.state());
        json.put("description", status.description());
        json.put("target_url", status.targetUrl());
        json.put("context", status.context());
        json.put("created_at", status.createdAt().toString());
        json.put("updated_at", status.createdAt().toString());
        ObjectNode creator = json.putObject("creator");
        creator.put("login", status.creator());
        creator.put("type", "User");
        creator.put("site_admin", false);
        return json;
    }

    private String repoUrl(Repo repo) {
        return apiUrl() + "/repos/" + repo.fullName();
    }

    private String statusUrl(Repo repo, String sha) {
        return repoUrl(repo) + "/statuses/" + sha;
    }

    private static Answer noCommit(String sha) {
        return Answer.error(422, "No commit found for SHA: " + sha);
    }

    private static Answer validationFailed(String field, String message) {
        ObjectNode error = JSON.createObjectNode();
        error.put("resource", "Status");
        error.put("code", "custom");
        if (field != null) {
            error.put("field", field);
        }
        error.put("message", message);
        ObjectNode body = JSON.createObjectNode();
        body.put("message", "Validation Failed");
        body.putArray("errors").add(error);
        body.put("documentation_url", DOCS + "/commits/statuses#create-a-commit-status");
        return new Answer(422, body);
    }

    // ---- plumbing ----

    /** A JSON answer with its headers, or a web page. */
    private static final class Answer {
        final int status;
        final JsonNode body;
        /** A web page's HTML, instead of a JSON body. */
        String html;
        final Map<String, String> headers = new HashMap<>();
        /** How long its body takes to arrive after the headers. */
        Duration trickle = Duration.ZERO;
        /** The id of the status this answer reports stored, or -1. */
        long storedId = -1;

        Answer(int status, JsonNode body) {
            this.status = status;
            this.body = body;
        }

        static Answer ok(JsonNode body) {
            return new Answer(200, body);
        }

        static Answer html(int status, String page) {
            Answer answer = new Answer(status, null);
            answer.html = page;
            return answer;
        }

        static Answer error(int status, String message) {
            ObjectNode body = JSON.createObjectNode();
            body.put("message", message);
            body.put("documentation_url", DOCS);
            return new Answer(status, body);
        }

        Answer header(String name, String value) {
            headers.put(name, value);
            return this;
        }

        Answer trickle(Duration duration) {
            trickle = duration;
            return this;
        }
    }

    /** Whether the whole answer reached the client. */
    private static boolean send(HttpExchange exchange, Answer answer) throws IOException {
        byte[] bytes = answer.html != null ? answer.html.getBytes(StandardCharsets.UTF_8)
                : JSON.writeValueAsBytes(answer.body);
        String acceptEncoding = exchange.getRequestHeaders().getFirst("Accept-Encoding");
        if (acceptEncoding != null && acceptEncoding.contains("gzip")) {
            // GitHub compresses whenever the client allows it.
            ByteArrayOutputStream compressed = new ByteArrayOutputStream();
            try (GZIPOutputStream gzip = new GZIPOutputStream(compressed)) {
                gzip.write(bytes);
            }
            bytes = compressed.toByteArray();
            exchange.getResponseHeaders().set("Content-Encoding", "gzip");
        }
        if (answer.html != null) {
            exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
            return SimulatorHttp.write(exchange, answer.status, bytes, answer.trickle);
        }
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        exchange.getResponseHeaders().set("X-GitHub-Media-Type", "github.v3; format=json");
        exchange.getResponseHeaders().set("X-GitHub-Enterprise-Version", "3.12.0");
        exchange.getResponseHeaders().set("X-GitHub-Request-Id", Long.toHexString(System.nanoTime()));
        answer.headers.forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
        return SimulatorHttp.write(exchange, answer.status, bytes, answer.trickle);
    }

    private static byte[] readBody(InputStream in) throws IOException {
        try (in) {
            return in.readAllBytes();
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static Map<String, String> query(URI uri) {
        Map<String, String> query = new HashMap<>();
        if (uri.getRawQuery() != null) {
            for (String pair : uri.getRawQuery().split("&")) {
                int equals = pair.indexOf('=');
                if (equals > 0) {
                    query.put(decode(pair.substring(0, equals)), decode(pair.substring(equals + 1)));
                }
            }
        }
        return query;
    }

    private static int intParam(Map<String, String> query, String name, int fallback) {
        try {
            return query.containsKey(name) ? Integer.parseInt(query.get(name)) : fallback;
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    private static String decode(String value) {
        return URLDecoder.decode(value, StandardCharsets.UTF_8);
    }

    private static String key(String owner, String name) {
        return (owner + "/" + name).toLowerCase(Locale.ROOT);
    }
}
