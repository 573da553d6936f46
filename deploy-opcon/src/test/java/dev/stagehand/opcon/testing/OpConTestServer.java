package dev.stagehand.opcon.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;

/**
 * A test double of the OpCon REST API: a real HTTPS server (the JDK's {@link HttpsServer}) on the loopback
 * address, presenting a certificate of a {@link TestCertificates} CA, answering the calls of
 * {@code shared/spec/opcon.md} with their payloads. Paths and JSON keys are matched case-insensitively, as
 * OpCon's are. It records every request in order, and can fail a call, expire the tokens, answer an action
 * {@code submitted} before {@code success}, report a date's daily schedule as not built, and refuse jobs.
 */
public final class OpConTestServer implements AutoCloseable {

    public static final String USER = "ops";
    public static final String PASSWORD = "opcon-Pa55word-never-shown";
    public static final String APPLICATION_TOKEN = "app-token-never-shown-7d1c";
    public static final String SCHEDULE = "BATCH_DEPLOY";

    private static final ObjectMapper JSON = new ObjectMapper();

    static {
        // The JDK's server writes headers and body apart; without this each answer waits out a delayed ACK.
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    /** A request as received: method, path, decoded query, the Authorization header and the body. */
    public record Request(String method, String path, String query, String authorization, String body) {
        /** {@code METHOD /path?query}. */
        public String line() {
            return method + " " + path + (query == null ? "" : "?" + query);
        }

        /** The body as JSON. */
        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new IllegalStateException("not JSON: " + body, e);
            }
        }
    }

    /** A job added to a daily schedule. */
    public record AddedJob(String id, String dailyScheduleId, String name, Map<String, String> properties,
                           boolean skipped) {
    }

    private record Failure(String method, String path, int status, int code, String message) {
    }

    private final HttpsServer server;
    private final ExecutorService executor;
    private final List<Request> requests = Collections.synchronizedList(new ArrayList<>());
    private final Set<String> tokens = Collections.synchronizedSet(new HashSet<>());
    private final AtomicInteger tokenCount = new AtomicInteger();
    private final AtomicInteger actionCount = new AtomicInteger(16);
    private final Set<LocalDate> missing = Collections.synchronizedSet(new HashSet<>());
    private final List<AddedJob> jobs = Collections.synchronizedList(new ArrayList<>());
    private final Map<String, Integer> pendingPolls = Collections.synchronizedMap(new LinkedHashMap<>());
    private final Map<String, ObjectNode> actions = Collections.synchronizedMap(new LinkedHashMap<>());
    private final List<Failure> failures = Collections.synchronizedList(new ArrayList<>());
    private volatile String version = "22.0.0";
    private volatile int submittedPolls = 1;
    private volatile String refusal;

    private OpConTestServer(SSLContext tls) throws IOException {
        server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(tls));
        executor = Executors.newFixedThreadPool(2);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    /** A server presenting a certificate that {@code ca} issued for {@code names} (127.0.0.1 unless given). */
    public static OpConTestServer start(TestCertificates ca, String... names) throws IOException {
        String[] hosts = names.length == 0 ? new String[] {"127.0.0.1", "localhost"} : names;
        return new OpConTestServer(TestCertificates.serverContext(ca.issue(hosts)));
    }

    /** The port its REST API listens on (on 127.0.0.1). */
    public int port() {
        return server.getAddress().getPort();
    }

    /** Every request received, in order. */
    public List<Request> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    /** {@code METHOD /path?query} of every request, in order. */
    public List<String> requestLines() {
        return requests().stream().map(Request::line).toList();
    }

    /** The jobs added to daily schedules, in order. */
    public List<AddedJob> jobs() {
        synchronized (jobs) {
            return List.copyOf(jobs);
        }
    }

    /** The version {@code /api/version} reports. */
    public OpConTestServer version(String value) {
        version = value;
        return this;
    }

    /** Makes every token issued so far invalid, as expiry does: the next call with one answers 401. */
    public void expireTokens() {
        tokens.clear();
    }

    /** Reports {@code date}'s {@value #SCHEDULE} as not in the daily until a schedule build makes it. */
    public OpConTestServer notBuilt(LocalDate date) {
        missing.add(date);
        return this;
    }

    /** How many looks at a new action (or build) answer {@code submitted} before {@code success} (default 1). */
    public OpConTestServer submittedPolls(int polls) {
        submittedPolls = polls;
        return this;
    }

    /** Refuses every job added from now on with OpCon's {@code message}. */
    public OpConTestServer refuseJobs(String message) {
        refusal = message;
        return this;
    }

    /** The next {@code method path} call (path case-insensitive, no query) answers {@code status} with OpCon's error. */
    public OpConTestServer failNext(String method, String path, int status, int code, String message) {
        failures.add(new Failure(method, path.toLowerCase(Locale.ROOT), status, code, message));
        return this;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String method = exchange.getRequestMethod();
            String path = exchange.getRequestURI().getRawPath();
            String rawQuery = exchange.getRequestURI().getRawQuery();
            String query = rawQuery == null ? null : URLDecoder.decode(rawQuery, StandardCharsets.UTF_8);
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            requests.add(new Request(method, path, query, authorization, body));
            String lower = path.toLowerCase(Locale.ROOT);
            Failure failure = takeFailure(method, lower);
            if (failure != null) {
                error(exchange, failure.status(), failure.code(), failure.message());
                return;
            }
            if (lower.equals("/api/version") && method.equals("GET")) {
                send(exchange, 200, JSON.createObjectNode().put("opConRestApiProductVersion", version));
                return;
            }
            if (lower.equals("/api/tokens") && method.equals("POST")) {
                login(exchange, body);
                return;
            }
            String token = authorization != null && authorization.startsWith("Token ")
                    ? authorization.substring("Token ".length()) : null;
            if (token == null || !(tokens.contains(token) || token.equals(APPLICATION_TOKEN))) {
                error(exchange, 401, 1002, "Invalid token specified");
                return;
            }
            route(exchange, method, lower, query, body, token);
        } catch (RuntimeException e) {
            error(exchange, 500, 9999, "test server: " + e);
        }
    }

    private Failure takeFailure(String method, String path) {
        synchronized (failures) {
            for (Iterator<Failure> i = failures.iterator(); i.hasNext(); ) {
                Failure f = i.next();
                if (f.method().equals(method) && f.path().equals(path)) {
                    i.remove();
                    return f;
                }
            }
        }
        return null;
    }

    private void login(HttpExchange exchange, String body) throws IOException {
        JsonNode request = JSON.readTree(body);
        JsonNode user = field(request, "user");
        if (!USER.equals(text(user, "loginName")) || !PASSWORD.equals(text(user, "password"))
                || !"User".equalsIgnoreCase(text(field(request, "tokenType"), "type"))) {
            error(exchange, 401, 1001, "Invalid user name or password");
            return;
        }
        String token = "user-token-" + tokenCount.incrementAndGet();
        tokens.add(token);
        ObjectNode answer = JSON.createObjectNode().put("id", token).put("validFrom", "2026-11-30T10:00:00.0000000+00:00")
                .put("validUntil", "2026-11-30T10:30:00.0000000+00:00");
        answer.putObject("tokenType").put("type", "User");
        send(exchange, 201, answer);
    }

    private void route(HttpExchange exchange, String method, String path, String query, String body, String token)
            throws IOException {
        Map<String, String> parameters = parameters(query);
        if (path.equals("/api/tokens") && method.equals("DELETE")) {
            tokens.remove(token);
            exchange.sendResponseHeaders(204, -1);
        } else if (path.equals("/api/dailyschedules") && method.equals("GET")) {
            ArrayNode answer = JSON.createArrayNode();
            LocalDate date = LocalDate.parse(parameters.get("dates"));
            if (SCHEDULE.equalsIgnoreCase(parameters.get("name")) && !missing.contains(date)) {
                ObjectNode schedule = answer.addObject().put("id", dailyId(date)).put("name", SCHEDULE)
                        .put("date", date + "T00:00:00.0000000+00:00");
                schedule.putObject("status").put("description", "Waiting").put("category", "Waiting");
            }
            send(exchange, 200, answer);
        } else if (path.equals("/api/schedulebuilds") && method.equals("POST")) {
            JsonNode request = JSON.readTree(body);
            LocalDate date = LocalDate.parse(field(request, "dates").get(0).asText());
            String id = "build-" + date;
            pendingPolls.put(id, submittedPolls);
            send(exchange, 201, JSON.createObjectNode().put("id", id).put("message", "Building"));
        } else if (path.startsWith("/api/schedulebuilds/") && method.equals("GET")) {
            String id = path.substring("/api/schedulebuilds/".length());
            int left = pendingPolls.merge(id, -1, Integer::sum);
            if (left <= 0) {
                missing.remove(LocalDate.parse(id.substring("build-".length())));
            }
            send(exchange, 200, JSON.createObjectNode().put("id", id).put("message", left <= 0 ? "Completed" : "Building"));
        } else if (path.equals("/api/scheduleactions") && method.equals("POST")) {
            addJobs(exchange, JSON.readTree(body));
        } else if (path.startsWith("/api/scheduleactions/") && method.equals("GET")) {
            poll(exchange, path.substring("/api/scheduleactions/".length()));
        } else if (path.equals("/api/dailyjobs") && method.equals("GET")) {
            ArrayNode answer = JSON.createArrayNode();
            for (AddedJob job : jobs()) {
                if (job.dailyScheduleId().equals(parameters.get("scheduleids"))) {
                    ObjectNode item = answer.addObject().put("id", job.id()).put("name", job.name());
                    item.putObject("status").put("category", job.skipped() ? "Skipped" : "Waiting");
                }
            }
            send(exchange, 200, answer);
        } else if (path.equals("/api/jobactions") && method.equals("POST")) {
            skip(exchange, JSON.readTree(body));
        } else {
            error(exchange, 404, 404, "no such resource: " + method + " " + path);
        }
    }

    private void addJobs(HttpExchange exchange, JsonNode request) throws IOException {
        if (!"addJobs".equalsIgnoreCase(text(request, "action"))) {
            error(exchange, 400, 2001, "unsupported action " + text(request, "action"));
            return;
        }
        String id = String.valueOf(actionCount.incrementAndGet());
        ObjectNode action = JSON.createObjectNode().put("id", Integer.parseInt(id)).put("action", "addJobs");
        ArrayNode items = action.putArray("scheduleActionItems");
        boolean failed = false;
        for (JsonNode item : field(request, "scheduleActionItems")) {
            String scheduleId = text(item, "id");
            ObjectNode answerItem = items.addObject().put("id", scheduleId);
            ArrayNode answerJobs = answerItem.putArray("jobs");
            for (JsonNode job : field(item, "jobs")) {
                String name = text(job, "id");
                Map<String, String> properties = new LinkedHashMap<>();
                for (JsonNode property : field(job, "instanceProperties")) {
                    properties.put(text(property, "name"), text(property, "value"));
                }
                String message = refusal;
                boolean known = scheduleId != null && scheduleId.endsWith("|" + SCHEDULE);
                if (message == null && !known) {
                    message = "Schedule " + scheduleId + " not found";
                }
                if (message == null && jobs().stream().anyMatch(j -> j.dailyScheduleId().equals(scheduleId)
                        && j.name().equalsIgnoreCase(name) && !j.skipped())) {
                    message = "Job " + name + " already exists in the daily schedule and is Waiting";
                }
                if (message == null) {
                    jobs.add(new AddedJob(scheduleId + "|" + name + "|" + (jobs.size() + 1), scheduleId, name,
                            properties, false));
                    answerJobs.addObject().put("id", name).put("result", "success");
                } else {
                    failed = true;
                    answerJobs.addObject().put("id", name).put("result", "failed").put("message", message);
                }
            }
            answerItem.put("result", failed ? "failed" : "success");
        }
        action.put("result", failed ? "failed" : "success");
        actions.put(id, action);
        pendingPolls.put("action-" + id, submittedPolls);
        send(exchange, 201, submittedPolls > 0 ? action.deepCopy().put("result", "submitted") : action);
    }

    private void poll(HttpExchange exchange, String id) throws IOException {
        ObjectNode action = actions.get(id);
        if (action == null) {
            error(exchange, 404, 2404, "Schedule action " + id + " not found");
            return;
        }
        int left = pendingPolls.merge("action-" + id, -1, Integer::sum);
        send(exchange, 200, left > 0 ? action.deepCopy().put("result", "submitted") : action);
    }

    private void skip(HttpExchange exchange, JsonNode request) throws IOException {
        String id = String.valueOf(actionCount.incrementAndGet());
        ObjectNode action = JSON.createObjectNode().put("id", Integer.parseInt(id)).put("action", text(request, "action"));
        ArrayNode answered = action.putArray("jobs");
        boolean failed = false;
        for (JsonNode job : field(request, "jobs")) {
            String jobId = text(job, "id");
            synchronized (jobs) {
                int index = -1;
                for (int i = 0; i < jobs.size(); i++) {
                    if (jobs.get(i).id().equals(jobId)) {
                        index = i;
                    }
                }
                if (index < 0) {
                    failed = true;
                    answered.addObject().put("id", jobId).put("result", "failed").put("message", "Job not found");
                } else {
                    AddedJob old = jobs.get(index);
                    jobs.set(index, new AddedJob(old.id(), old.dailyScheduleId(), old.name(), old.properties(), true));
                    answered.addObject().put("id", jobId).put("result", "success");
                }
            }
        }
        action.put("result", failed ? "failed" : "success");
        send(exchange, 201, action);
    }

    /** OpCon's id of the date's {@value #SCHEDULE} in the daily. */
    public static String dailyId(LocalDate date) {
        return date.toString().replace("-", "") + "|" + SCHEDULE;
    }

    private static Map<String, String> parameters(String query) {
        Map<String, String> map = new LinkedHashMap<>();
        if (query != null) {
            for (String pair : query.split("&")) {
                String[] parts = pair.split("=", 2);
                map.put(parts[0].toLowerCase(Locale.ROOT), parts.length > 1 ? parts[1] : "");
            }
        }
        return map;
    }

    private static JsonNode field(JsonNode node, String name) {
        if (node == null || !node.isObject()) {
            return JSON.createArrayNode();
        }
        for (Iterator<Map.Entry<String, JsonNode>> i = node.fields(); i.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = i.next();
            if (entry.getKey().equalsIgnoreCase(name)) {
                return entry.getValue();
            }
        }
        return JSON.createArrayNode();
    }

    private static String text(JsonNode node, String name) {
        JsonNode value = field(node, name);
        return value.isValueNode() ? value.asText() : null;
    }

    private static void error(HttpExchange exchange, int status, int code, String message) throws IOException {
        ArrayNode errors = JSON.createArrayNode();
        errors.addObject().put("code", code).put("message", message);
        send(exchange, status, errors);
    }

    private static void send(HttpExchange exchange, int status, JsonNode body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
