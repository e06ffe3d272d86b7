package io.jenkins.plugins.statusqueue.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * GitHub Enterprise's REST API for commit statuses, on localhost, enforcing what GitHub enforces: the token, known
 * repositories and commits, the state list, 140-character descriptions, 1000 statuses per commit and context, and
 * the primary rate limit with its headers. Faults, latency and secondary rate limits can be injected. Serves both
 * {@code /api/v3/...} (GitHub Enterprise) and root paths (api.github.com).
 */
public final class GheSimulator implements AutoCloseable {

    public static final String TOKEN = "ghe-test-token";
    public static final String LOGIN = "status-bot";
    private static final String DOCS = "https://docs.github.com/enterprise-server@3.12/rest";
    private static final Set<String> STATES = Set.of("error", "failure", "pending", "success");
    private static final int MAX_DESCRIPTION = 140;
    private static final int MAX_STATUSES_PER_CONTEXT = 1000;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern REPO = Pattern.compile("/repos/([^/]+)/([^/]+)");
    private static final Pattern STATUSES = Pattern.compile("/repos/([^/]+)/([^/]+)/statuses/([^/]+)");
    private static final Pattern COMMIT_STATUSES = Pattern.compile("/repos/([^/]+)/([^/]+)/commits/([^/]+)/(statuses|status)");

    /** One status GitHub stored. */
    public record Status(long id, String repository, String sha, String state, String targetUrl, String description,
            String context, Instant createdAt) {
    }

    private record Fault(int status, String body) {
    }

    private static final class Repository {
        final long id;
        final String owner;
        final String name;
        /** {@code null}: any commit exists, for load tests; otherwise only these. */
        final Set<String> commits;

        Repository(long id, String owner, String name, Set<String> commits) {
            this.id = id;
            this.owner = owner;
            this.name = name;
            this.commits = commits;
        }
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "ghe-simulator");
        thread.setDaemon(true);
        return thread;
    });
    private final Map<String, Repository> repositories = new ConcurrentHashMap<>();
    private final List<Status> statuses = Collections.synchronizedList(new ArrayList<>());
    private final Map<String, AtomicInteger> requestCounts = new ConcurrentHashMap<>();
    private final List<Fault> faults = Collections.synchronizedList(new ArrayList<>());
    private final AtomicLong ids = new AtomicLong(1000);
    private volatile String token = TOKEN;
    private volatile String scopes = "repo:status";
    private volatile Duration latency = Duration.ZERO;
    private volatile int rateLimit = 5000;
    private final AtomicInteger rateUsed = new AtomicInteger();
    private volatile Instant rateReset = Instant.now().plusSeconds(3600);

    private GheSimulator(int port) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    /** Starts on a free port. */
    public static GheSimulator start() throws IOException {
        return new GheSimulator(0);
    }

    /** Starts on a fixed port, for the sandbox. */
    public static GheSimulator start(int port) throws IOException {
        return new GheSimulator(port);
    }

    /** The API URL to configure: {@code http://127.0.0.1:PORT/api/v3}. */
    public String apiUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/api/v3";
    }

    /** Adds a repository whose commits are only those added with {@link #addCommit}. */
    public GheSimulator addRepository(String owner, String name) {
        repositories.put(key(owner, name), new Repository(ids.incrementAndGet(), owner, name,
                ConcurrentHashMap.newKeySet()));
        return this;
    }

    /** Adds a repository in which every 40-character SHA names a commit, for load. */
    public GheSimulator addRepositoryWithAnyCommit(String owner, String name) {
        repositories.put(key(owner, name), new Repository(ids.incrementAndGet(), owner, name, null));
        return this;
    }

    public GheSimulator addCommit(String owner, String name, String sha) {
        repositories.get(key(owner, name)).commits.add(sha);
        return this;
    }

    public void setToken(String value) {
        token = value;
    }

    public void setScopes(String value) {
        scopes = value;
    }

    public void setLatency(Duration value) {
        latency = value;
    }

    /** The primary rate limit per hour; requests beyond it get 403 until the reset. */
    public void setRateLimit(int limit, Instant reset) {
        rateLimit = limit;
        rateUsed.set(0);
        rateReset = reset;
    }

    /** The next {@code count} requests answer {@code status} with GitHub's error body. */
    public void failNext(int count, int status) {
        for (int i = 0; i < count; i++) {
            faults.add(new Fault(status, null));
        }
    }

    /** The next request hits the secondary rate limit: 403 with {@code Retry-After}. */
    public void secondaryRateLimitNext(Duration retryAfter) {
        faults.add(new Fault(403, Long.toString(retryAfter.toSeconds())));
    }

    /** Every stored status, oldest first. */
    public List<Status> statuses() {
        synchronized (statuses) {
            return List.copyOf(statuses);
        }
    }

    /** How many requests reached {@code method path-pattern}, for example {@code GET /repos}. */
    public int requests(String methodAndPrefix) {
        return requestCounts.entrySet().stream().filter(e -> e.getKey().startsWith(methodAndPrefix))
                .mapToInt(e -> e.getValue().get()).sum();
    }

    private static String key(String owner, String name) {
        return (owner + "/" + name).toLowerCase(java.util.Locale.ROOT);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            if (path.startsWith("/api/v3")) {
                path = path.substring("/api/v3".length());
            }
            String method = exchange.getRequestMethod();
            requestCounts.computeIfAbsent(method + " " + routeOf(path), k -> new AtomicInteger()).incrementAndGet();
            sleep(latency);
            Fault fault = faults.isEmpty() ? null : removeFirstFault();
            if (fault != null) {
                answerFault(exchange, fault);
                return;
            }
            if (!authorized(exchange)) {
                send(exchange, 401, error("Bad credentials"));
                return;
            }
            if (!path.equals("/rate_limit") && rateUsed.incrementAndGet() > rateLimit
                    && Instant.now().isBefore(rateReset)) {
                send(exchange, 403, error("API rate limit exceeded for user ID 1."));
                return;
            }
            route(exchange, method, path);
        }
    }

    private Fault removeFirstFault() {
        synchronized (faults) {
            return faults.isEmpty() ? null : faults.remove(0);
        }
    }

    private static String routeOf(String path) {
        if (STATUSES.matcher(path).matches()) {
            return "/repos/statuses";
        }
        if (COMMIT_STATUSES.matcher(path).matches()) {
            return "/repos/commits";
        }
        return REPO.matcher(path).matches() ? "/repos" : path;
    }

    private boolean authorized(HttpExchange exchange) {
        String header = exchange.getRequestHeaders().getFirst("Authorization");
        return header != null && (header.equals("token " + token) || header.equals("Bearer " + token));
    }

    private void route(HttpExchange exchange, String method, String path) throws IOException {
        Matcher statuses = STATUSES.matcher(path);
        Matcher commitStatuses = COMMIT_STATUSES.matcher(path);
        Matcher repo = REPO.matcher(path);
        if (method.equals("POST") && statuses.matches()) {
            createStatus(exchange, statuses.group(1), statuses.group(2), statuses.group(3));
        } else if (method.equals("GET") && commitStatuses.matches()) {
            listStatuses(exchange, commitStatuses.group(1), commitStatuses.group(2), commitStatuses.group(3),
                    commitStatuses.group(4).equals("status"));
        } else if (method.equals("GET") && repo.matches()) {
            Repository repository = repositories.get(key(repo.group(1), repo.group(2)));
            if (repository == null) {
                send(exchange, 404, error("Not Found"));
            } else {
                send(exchange, 200, repositoryJson(exchange, repository));
            }
        } else if (method.equals("GET") && path.equals("/user")) {
            ObjectNode user = JSON.createObjectNode().put("login", LOGIN).put("id", 1).put("type", "User");
            exchange.getResponseHeaders().set("X-OAuth-Scopes", scopes);
            send(exchange, 200, user);
        } else if (method.equals("GET") && path.equals("/rate_limit")) {
            ObjectNode core = JSON.createObjectNode().put("limit", rateLimit).put("remaining", remaining())
                    .put("reset", rateReset.getEpochSecond()).put("used", Math.min(rateUsed.get(), rateLimit));
            ObjectNode body = JSON.createObjectNode();
            body.putObject("resources").set("core", core);
            body.set("rate", core);
            send(exchange, 200, body);
        } else if (method.equals("GET") && (path.isEmpty() || path.equals("/"))) {
            send(exchange, 200, JSON.createObjectNode().put("current_user_url", base(exchange) + "/user"));
        } else {
            send(exchange, 404, error("Not Found"));
        }
    }

    private void createStatus(HttpExchange exchange, String owner, String name, String sha) throws IOException {
        Repository repository = repositories.get(key(owner, name));
        if (repository == null) {
            send(exchange, 404, error("Not Found"));
            return;
        }
        JsonNode body;
        try {
            body = JSON.readTree(exchange.getRequestBody());
        } catch (IOException e) {
            send(exchange, 400, error("Problems parsing JSON"));
            return;
        }
        if (repository.commits != null && !repository.commits.contains(sha)
                || repository.commits == null && !sha.matches("[0-9a-f]{40}")) {
            send(exchange, 422, error("No commit found for SHA: " + sha));
            return;
        }
        String state = body.path("state").asText(null);
        String description = body.path("description").asText(null);
        String context = body.path("context").isTextual() ? body.path("context").asText() : "default";
        if (state == null || !STATES.contains(state)) {
            send(exchange, 422, validationFailed("state", "state is not included in the list"));
            return;
        }
        if (description != null && description.length() > MAX_DESCRIPTION) {
            send(exchange, 422, validationFailed("description",
                    "description is too long (maximum is " + MAX_DESCRIPTION + " characters)"));
            return;
        }
        String fullName = repository.owner + "/" + repository.name;
        Status status;
        synchronized (statuses) {
            long sameContext = statuses.stream().filter(s -> s.repository().equals(fullName) && s.sha().equals(sha)
                    && s.context().equals(context)).count();
            if (sameContext >= MAX_STATUSES_PER_CONTEXT) {
                send(exchange, 422, validationFailed("context",
                        "This SHA and context has reached the maximum number of statuses."));
                return;
            }
            status = new Status(ids.incrementAndGet(), fullName, sha, state, body.path("target_url").asText(null),
                    description, context, Instant.now());
            statuses.add(status);
        }
        send(exchange, 201, statusJson(exchange, status));
    }

    private void listStatuses(HttpExchange exchange, String owner, String name, String ref, boolean combined)
            throws IOException {
        Repository repository = repositories.get(key(owner, name));
        if (repository == null) {
            send(exchange, 404, error("Not Found"));
            return;
        }
        String fullName = repository.owner + "/" + repository.name;
        List<Status> newestFirst = new ArrayList<>(statuses().stream()
                .filter(s -> s.repository().equals(fullName) && s.sha().equals(ref)).toList());
        Collections.reverse(newestFirst);
        if (!combined) {
            ArrayNode list = JSON.createArrayNode();
            newestFirst.forEach(status -> list.add(statusJson(exchange, status)));
            send(exchange, 200, list);
            return;
        }
        Map<String, Status> latestPerContext = new LinkedHashMap<>();
        newestFirst.forEach(status -> latestPerContext.putIfAbsent(status.context(), status));
        ObjectNode body = JSON.createObjectNode();
        body.put("state", combinedState(latestPerContext.values()));
        body.put("sha", ref);
        body.put("total_count", latestPerContext.size());
        ArrayNode list = body.putArray("statuses");
        latestPerContext.values().forEach(status -> list.add(statusJson(exchange, status)));
        send(exchange, 200, body);
    }

    /** GitHub's rule: failure if any context failed or errored, pending if any is pending or none exist. */
    private static String combinedState(java.util.Collection<Status> latest) {
        if (latest.stream().anyMatch(s -> s.state().equals("failure") || s.state().equals("error"))) {
            return "failure";
        }
        if (latest.isEmpty() || latest.stream().anyMatch(s -> s.state().equals("pending"))) {
            return "pending";
        }
        return "success";
    }

    private ObjectNode repositoryJson(HttpExchange exchange, Repository repository) {
        String fullName = repository.owner + "/" + repository.name;
        ObjectNode node = JSON.createObjectNode();
        node.put("id", repository.id);
        node.put("name", repository.name);
        node.put("full_name", fullName);
        node.put("private", true);
        node.put("url", base(exchange) + "/repos/" + fullName);
        node.put("html_url", "http://" + exchange.getRequestHeaders().getFirst("Host") + "/" + fullName);
        node.put("default_branch", "main");
        ObjectNode owner = node.putObject("owner");
        owner.put("login", repository.owner);
        owner.put("id", repository.id + 1);
        owner.put("type", "Organization");
        node.putObject("permissions").put("admin", false).put("push", true).put("pull", true);
        return node;
    }

    private ObjectNode statusJson(HttpExchange exchange, Status status) {
        ObjectNode node = JSON.createObjectNode();
        node.put("id", status.id());
        node.put("url", base(exchange) + "/repos/" + status.repository() + "/statuses/" + status.sha());
        node.put("state", status.state());
        node.put("description", status.description());
        node.put("target_url", status.targetUrl());
        node.put("context", status.context());
        node.put("created_at", status.createdAt().toString());
        node.put("updated_at", status.createdAt().toString());
        node.putObject("creator").put("login", LOGIN).put("id", 1);
        return node;
    }

    private static String base(HttpExchange exchange) {
        return "http://" + exchange.getRequestHeaders().getFirst("Host") + "/api/v3";
    }

    private static ObjectNode error(String message) {
        return JSON.createObjectNode().put("message", message).put("documentation_url", DOCS);
    }

    private static ObjectNode validationFailed(String field, String message) {
        ObjectNode body = error("Validation Failed");
        body.putArray("errors").addObject().put("resource", "Status").put("code", "custom").put("field", field)
                .put("message", message);
        return body;
    }

    private int remaining() {
        return Math.max(0, rateLimit - rateUsed.get());
    }

    private void answerFault(HttpExchange exchange, Fault fault) throws IOException {
        if (fault.body() != null) {
            exchange.getResponseHeaders().set("Retry-After", fault.body());
            send(exchange, 403, error("You have exceeded a secondary rate limit. Please wait a few minutes before "
                    + "you try again."));
        } else {
            send(exchange, fault.status(), error(fault.status() >= 500 ? "Server Error" : "Injected fault"));
        }
    }

    private void send(HttpExchange exchange, int status, JsonNode body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        var headers = exchange.getResponseHeaders();
        headers.set("Content-Type", "application/json; charset=utf-8");
        headers.set("X-GitHub-Media-Type", "github.v3; format=json");
        headers.set("X-RateLimit-Limit", Integer.toString(rateLimit));
        headers.set("X-RateLimit-Remaining", Integer.toString(remaining()));
        headers.set("X-RateLimit-Reset", Long.toString(rateReset.getEpochSecond()));
        headers.set("X-RateLimit-Used", Integer.toString(Math.min(rateUsed.get(), rateLimit)));
        headers.set("X-RateLimit-Resource", "core");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static void sleep(Duration duration) {
        if (duration.isZero()) {
            return;
        }
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
