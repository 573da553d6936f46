package dev.stagehand.opcon.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stagehand.opcon.BatchScheduleServer;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One session with an OpCon REST API ({@code https://address:apiPort/api/}) on the JDK's {@link HttpClient}.
 * TLS always: the certificate chain is verified against the server definition's CA (or the JDK's CAs) and the
 * host name against the certificate; a definition without TLS, a server that does not answer TLS or one whose
 * certificate cannot be verified is refused, saying what to configure. OpCon's own error messages are passed on.
 * A user's token that OpCon calls invalid (it expired) is renewed once per call. Neither the password nor the
 * token is ever logged; the log has the method, the path and the answer's status only.
 */
public final class OpConClient implements AutoCloseable {

    /** The oldest REST API whose calls this client makes ({@code scheduleactions} with {@code addJobs}). */
    public static final String MINIMUM_VERSION = "18.3.0";
    /** OpCon's answer (with 401) to a token it does not know or that expired. */
    static final String INVALID_TOKEN = "Invalid token specified";

    private static final Logger LOG = LoggerFactory.getLogger(OpConClient.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(15);
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(60);

    /**
     * How long to wait for OpCon's asynchronous work (a submitted schedule action, a schedule build).
     *
     * @param interval between two looks
     * @param attempts how many looks before giving up
     */
    public record Polling(Duration interval, int attempts) {
        /** About every second for two minutes, as the spec advises. */
        public static final Polling DEFAULT = new Polling(Duration.ofSeconds(1), 120);

        public Polling {
            Objects.requireNonNull(interval, "interval");
            if (attempts < 1) {
                throw new IllegalArgumentException("attempts must be 1 or more");
            }
        }
    }

    /** A schedule of OpCon's daily for one date. */
    public record DailySchedule(String id, String name, String date, String statusCategory) {
    }

    /** A job of a daily schedule. */
    public record DailyJob(String id, String name, String statusCategory) {
    }

    /** The outcome of a schedule or job action: its id, and {@code success} (OpCon's message on {@code failed}). */
    public record ActionResult(String id, String result, String message) {
    }

    private final BatchScheduleServer server;
    private final URI base;
    private final Polling polling;
    private final ExecutorService executor;
    private final HttpClient http;
    private OpConCredentials credentials;
    private String token;

    /**
     * A client of {@code server}; nothing is sent yet.
     *
     * @param environment where the trust store password variable is read
     * @throws OpConException when the definition does not use TLS
     */
    public OpConClient(BatchScheduleServer server, Map<String, String> environment, Polling polling) {
        if (!server.usingTls()) {
            throw new OpConException("server " + server.name() + " is defined without TLS: OpCon's REST API is"
                    + " reached over TLS only (install it with TLS and an internal certificate, then define the server"
                    + " again with deploy server set, which always sets Using TLS)", 0);
        }
        this.server = server;
        this.base = server.apiBase();
        this.polling = polling;
        this.executor = Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, "opcon-http");
            thread.setDaemon(true);
            return thread;
        });
        this.http = HttpClient.newBuilder().sslContext(OpConTls.context(server, environment))
                .connectTimeout(CONNECT_TIMEOUT).executor(executor).followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /**
     * The REST API's version ({@code GET /api/version}, no login needed).
     *
     * @throws OpConException when it is older than {@value #MINIMUM_VERSION}
     */
    public String checkVersion() {
        JsonNode answer = call("GET", "version", null, false);
        String version = text(answer, "opConRestApiProductVersion");
        if (version == null) {
            throw new OpConException("the server at " + base + " answered /api/version without"
                    + " opConRestApiProductVersion: is it an OpCon REST API?", 200);
        }
        if (compareVersions(version, MINIMUM_VERSION) < 0) {
            throw new OpConException("OpCon REST API " + version + " at " + base + " is too old: scheduling"
                    + " deployments needs " + MINIMUM_VERSION + " or later", 200);
        }
        return version;
    }

    /** Compares dotted numeric versions ({@code 22.0.0}, {@code 18.3.0.1234}); non-numeric parts count as 0. */
    static int compareVersions(String a, String b) {
        String[] x = a.trim().split("[.\\-+ ]");
        String[] y = b.trim().split("[.\\-+ ]");
        for (int i = 0; i < Math.max(x.length, y.length); i++) {
            int c = Long.compare(number(x, i), number(y, i));
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    private static long number(String[] parts, int i) {
        if (i >= parts.length) {
            return 0;
        }
        try {
            return Long.parseLong(parts[i]);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** Logs in ({@code POST /api/tokens}) as a user, or takes an application token as it is. */
    public void login(OpConCredentials who) {
        this.credentials = Objects.requireNonNull(who);
        if (who instanceof OpConCredentials.ApplicationToken application) {
            token = application.token();
            return;
        }
        OpConCredentials.User user = (OpConCredentials.User) who;
        ObjectNode body = JSON.createObjectNode();
        body.putObject("user").put("loginName", user.loginName()).put("password", user.password());
        body.putObject("tokenType").put("type", "User");
        JsonNode answer = call("POST", "tokens", body, false);
        String id = text(answer, "id");
        if (id == null || id.isBlank()) {
            throw new OpConException("OpCon's answer to the login of " + user.loginName() + " holds no token id", 201);
        }
        token = id;
        LOG.debug("logged in to {} as {}", base, user.loginName());
    }

    /** Logs out ({@code DELETE /api/tokens}) a user's token; an application token is kept. Never throws. */
    public void logout() {
        if (token == null || !(credentials instanceof OpConCredentials.User)) {
            token = null;
            return;
        }
        try {
            call("DELETE", "tokens", null, true, false);
        } catch (RuntimeException e) {
            LOG.warn("logging out of {} failed: {}", base, e.getMessage());
        } finally {
            token = null;
        }
    }

    /** {@code GET /api/dailyschedules?name=NAME&dates=DATE}: the schedule in the daily of {@code date}; empty when not built. */
    public List<DailySchedule> dailySchedules(String name, LocalDate date) {
        JsonNode answer = call("GET", "dailyschedules?name=" + encode(name) + "&dates=" + date, null, true);
        List<DailySchedule> schedules = new ArrayList<>();
        for (JsonNode schedule : elements(answer)) {
            JsonNode status = field(schedule, "status");
            schedules.add(new DailySchedule(text(schedule, "id"), text(schedule, "name"), text(schedule, "date"),
                    status == null ? null : text(status, "category")));
        }
        return schedules;
    }

    /**
     * Builds {@code name} into the daily of {@code date} ({@code POST /api/schedulebuilds}) and waits, within the
     * polling bounds, until OpCon says {@code Completed}.
     */
    public void buildSchedule(String name, LocalDate date) {
        ObjectNode body = JSON.createObjectNode();
        body.putArray("schedules").addObject().put("name", name);
        body.putArray("dates").add(date.toString());
        body.put("overwrite", false).put("hold", false);
        JsonNode answer = call("POST", "schedulebuilds", body, true);
        String id = text(answer, "id");
        String message = text(answer, "message");
        for (int attempt = 0; !completed(message); attempt++) {
            if (failedBuild(message)) {
                throw new OpConException("OpCon could not build " + name + " for " + date + ": " + message, 200);
            }
            if (id == null || attempt >= polling.attempts()) {
                throw new OpConException("OpCon's build of " + name + " for " + date + " did not complete in "
                        + waited() + " (last message: " + message + ")", 0);
            }
            pause();
            message = text(call("GET", "schedulebuilds/" + encode(id), null, true), "message");
        }
    }

    private static boolean completed(String message) {
        return message != null && message.trim().equalsIgnoreCase("Completed");
    }

    private static boolean failedBuild(String message) {
        String m = message == null ? "" : message.toLowerCase(Locale.ROOT);
        return m.contains("fail") || m.contains("error");
    }

    /**
     * Adds job {@code jobName} to the daily schedule {@code dailyScheduleId} with its instance properties
     * ({@code POST /api/scheduleactions}, action {@code addJobs}), waiting within the polling bounds while OpCon
     * answers {@code submitted}.
     *
     * @return the action, {@code success}
     * @throws OpConException with OpCon's messages when it answers {@code failed}
     */
    public ActionResult addJob(String dailyScheduleId, String jobName, String frequency,
                               Map<String, String> instanceProperties, String reason) {
        ObjectNode body = JSON.createObjectNode();
        body.put("action", "addJobs").put("reason", reason);
        ObjectNode item = body.putArray("scheduleActionItems").addObject();
        item.put("id", dailyScheduleId);
        ObjectNode job = item.putArray("jobs").addObject();
        job.put("id", jobName).put("frequency", frequency);
        ArrayNode properties = job.putArray("instanceProperties");
        instanceProperties.forEach((name, value) -> properties.addObject().put("name", name).put("value", value));
        job.put("applyExceptions", true);
        JsonNode answer = call("POST", "scheduleactions", body, true);
        return settle(answer, "scheduleactions", "adding " + jobName + " to the daily schedule " + dailyScheduleId);
    }

    /** {@code GET /api/dailyjobs?scheduleIds=ID}: the jobs of a daily schedule. */
    public List<DailyJob> dailyJobs(String dailyScheduleId) {
        JsonNode answer = call("GET", "dailyjobs?scheduleIds=" + encode(dailyScheduleId), null, true);
        List<DailyJob> jobs = new ArrayList<>();
        for (JsonNode job : elements(answer)) {
            JsonNode status = field(job, "status");
            jobs.add(new DailyJob(text(job, "id"), text(job, "name"), status == null ? null : text(status, "category")));
        }
        return jobs;
    }

    /** Skips a daily job ({@code POST /api/jobactions}, action {@code skip}), waiting while it is {@code submitted}. */
    public ActionResult skipJob(String dailyJobId, String reason) {
        ObjectNode body = JSON.createObjectNode();
        body.put("action", "skip").put("reason", reason);
        body.putArray("jobs").addObject().put("id", dailyJobId);
        return settle(call("POST", "jobactions", body, true), "jobactions", "skipping the daily job " + dailyJobId);
    }

    /** Polls an action answered {@code submitted} until it is {@code success} or {@code failed}, within bounds. */
    private ActionResult settle(JsonNode answer, String path, String what) {
        String id = text(answer, "id");
        for (int attempt = 0; "submitted".equalsIgnoreCase(text(answer, "result")); attempt++) {
            if (id == null || attempt >= polling.attempts()) {
                throw new OpConException("OpCon did not finish " + what + " in " + waited() + " (action " + id
                        + " is still submitted)", 0);
            }
            pause();
            answer = call("GET", path + "/" + encode(id), null, true);
        }
        String result = text(answer, "result");
        String message = messages(answer);
        if (!"success".equalsIgnoreCase(result)) {
            throw new OpConException("OpCon refused " + what + ": " + (message.isEmpty() ? "result " + result
                    : message), 200);
        }
        return new ActionResult(id, result, message);
    }

    /** The messages of an action's items and their jobs, as OpCon words them. */
    private static String messages(JsonNode action) {
        List<String> messages = new ArrayList<>();
        String top = text(action, "message");
        if (top != null && !top.isBlank()) {
            messages.add(top);
        }
        for (String items : List.of("scheduleActionItems", "jobs")) {
            for (JsonNode item : elements(field(action, items))) {
                String message = text(item, "message");
                if (message != null && !message.isBlank()) {
                    messages.add(message);
                }
                for (JsonNode job : elements(field(item, "jobs"))) {
                    String jobMessage = text(job, "message");
                    if (jobMessage != null && !jobMessage.isBlank()) {
                        messages.add(text(job, "id") + ": " + jobMessage);
                    }
                }
            }
        }
        return String.join("; ", messages);
    }

    private String waited() {
        Duration total = polling.interval().multipliedBy(polling.attempts());
        return total.toSeconds() > 0 ? total.toSeconds() + " s" : total.toMillis() + " ms";
    }

    private void pause() {
        try {
            Thread.sleep(polling.interval().toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OpConException("interrupted while waiting for OpCon", 0, e);
        }
    }

    private JsonNode call(String method, String path, JsonNode body, boolean authorized) {
        return call(method, path, body, authorized, true);
    }

    /** One call; a user's token OpCon calls invalid is renewed, and the call made again, once. */
    private JsonNode call(String method, String path, JsonNode body, boolean authorized, boolean renew) {
        if (authorized && token == null) {
            throw new IllegalStateException("not logged in");
        }
        HttpResponse<String> response = send(method, path, body, authorized);
        if (response.statusCode() == 401 && authorized && renew && credentials instanceof OpConCredentials.User
                && errorText(response.body()).contains(INVALID_TOKEN)) {
            LOG.info("OpCon's token expired; logging in again");
            login(credentials);
            response = send(method, path, body, true);
        }
        if (response.statusCode() < 200 || response.statusCode() > 299) {
            throw new OpConException("OpCon answered " + response.statusCode() + " to " + method + " /api/"
                    + path.split("\\?", 2)[0] + ": " + errorText(response.body()), response.statusCode());
        }
        String text = response.body();
        if (text == null || text.isBlank()) {
            return NullNode.getInstance();
        }
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new OpConException("OpCon's answer to " + method + " /api/" + path.split("\\?", 2)[0]
                    + " is not JSON", response.statusCode(), e);
        }
    }

    private HttpResponse<String> send(String method, String path, JsonNode body, boolean authorized) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(CALL_TIMEOUT)
                .header("Accept", "application/json");
        if (authorized) {
            request.header("Authorization", "Token " + token);
        }
        if (body != null) {
            request.header("Content-Type", "application/json");
            request.method(method, HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            LOG.debug("OpCon {} /api/{} -> {}", method, path, response.statusCode());
            return response;
        } catch (IOException e) {
            LOG.debug("OpCon {} /api/{} failed", method, path, e);
            throw unreachable(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OpConException("interrupted while calling OpCon", 0, e);
        }
    }

    /** Says what failed in the terms of the server definition, and what to configure. */
    private OpConException unreachable(IOException e) {
        String where = server.address() + ":" + server.apiPort();
        Throwable cause = rootCause(e);
        String detail = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        if (e instanceof SSLHandshakeException || cause instanceof java.security.cert.CertificateException
                || cause instanceof java.security.cert.CertPathValidatorException
                || cause.getClass().getName().contains("CertPath")) {
            if (detail.contains("subject alternative") || detail.contains("No name matching")) {
                return new OpConException("the TLS certificate of " + where + " is not for the host name "
                        + server.address() + " (" + detail + "): give the server's address as its certificate names"
                        + " it (deploy server set --address)", 0, e);
            }
            return new OpConException("the TLS certificate of " + where + " cannot be verified (" + detail + "):"
                    + " give the internal CA that issued it with deploy server set --ca-file PEM or --truststore FILE",
                    0, e);
        }
        if (e instanceof SSLException) {
            return new OpConException("the server at " + where + " does not answer TLS (" + detail + "): OpCon's"
                    + " REST API must be installed with TLS, and --api-port must be its TLS port", 0, e);
        }
        if (e instanceof HttpConnectTimeoutException || cause instanceof ConnectException) {
            return new OpConException("cannot connect to OpCon's REST API at " + where + " (" + detail + "): is it"
                    + " running, and is --api-port its port?", 0, e);
        }
        if (e instanceof HttpTimeoutException) {
            return new OpConException("OpCon at " + where + " did not answer in " + CALL_TIMEOUT.toSeconds() + " s",
                    0, e);
        }
        return new OpConException("calling OpCon at " + where + " failed: " + detail, 0, e);
    }

    private static Throwable rootCause(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause;
    }

    /** OpCon's error answer ({@code [{"code":2003,"message":"..."}]}) as text; the raw body when it is not that. */
    static String errorText(String body) {
        if (body == null || body.isBlank()) {
            return "(no message)";
        }
        try {
            JsonNode node = JSON.readTree(body);
            List<String> messages = new ArrayList<>();
            for (JsonNode error : node.isArray() ? node : List.of(node)) {
                String message = text(error, "message");
                if (message != null) {
                    JsonNode code = field(error, "code");
                    messages.add(code == null || code.isNull() ? message : message + " (code " + code.asText() + ")");
                }
            }
            if (!messages.isEmpty()) {
                return String.join("; ", messages);
            }
        } catch (IOException e) {
            // Not JSON: the text as it came, shortened.
        }
        String trimmed = body.strip();
        return trimmed.length() <= 500 ? trimmed : trimmed.substring(0, 500) + "...";
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** A field by name, case-insensitively: OpCon's clients and servers do not agree on case. */
    private static JsonNode field(JsonNode node, String name) {
        if (node == null || !node.isObject()) {
            return null;
        }
        JsonNode exact = node.get(name);
        if (exact != null) {
            return exact;
        }
        for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = fields.next();
            if (entry.getKey().equalsIgnoreCase(name)) {
                return entry.getValue();
            }
        }
        return null;
    }

    private static String text(JsonNode node, String name) {
        JsonNode value = field(node, name);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static Iterable<JsonNode> elements(JsonNode node) {
        return node != null && node.isArray() ? node : List.of();
    }

    /** The instance properties of a job, in order. */
    public static Map<String, String> properties(String... namesAndValues) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i + 1 < namesAndValues.length; i += 2) {
            map.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        return map;
    }

    @Override
    public void close() {
        logout();
        executor.shutdownNow();
    }
}
