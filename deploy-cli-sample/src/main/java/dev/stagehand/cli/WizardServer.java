package dev.stagehand.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.stagehand.api.DeploymentException;
import dev.stagehand.api.Problem;
import dev.stagehand.api.event.DeploymentListener;
import dev.stagehand.api.model.VariableDeclaration;
import dev.stagehand.api.model.VariableGroup;
import dev.stagehand.api.model.WizardStep;
import dev.stagehand.core.Parameters;
import dev.stagehand.core.Stagehand;
import dev.stagehand.core.options.InstallOptions;
import dev.stagehand.core.plan.DeploymentPlan;
import dev.stagehand.core.result.DeploymentResult;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The web server of {@code deploy wizard}: the JDK's {@link HttpServer} on 127.0.0.1 only, a port
 * the system picks unless one is given, and a one-time token that every request must carry in its
 * URL. Requests whose {@code Host} header is not this server's are refused, so that a web page
 * elsewhere cannot reach it through a DNS name that resolves to 127.0.0.1. The page and its
 * assets come from the jar; the page talks to the JSON endpoints under {@code /api/} and follows
 * an install through server-sent events.
 */
final class WizardServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(WizardServer.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String END = "\u0000end";
    private static final Map<String, String> ASSETS = Map.of(
            "/", "index.html", "/wizard.js", "wizard.js", "/wizard.css", "wizard.css");

    /** Opens a configured instance with the values entered (over the parameters) and a listener. */
    interface Stagehands {
        Stagehand open(Map<String, String> values, DeploymentListener listener) throws IOException;
    }

    private final HttpServer server;
    private final ExecutorService threads;
    private final String token;
    private final WizardForm form;
    private final Stagehands stagehands;
    private final Path out;
    private final BlockingQueue<String> events = new LinkedBlockingQueue<>();
    private final AtomicBoolean installing = new AtomicBoolean();
    private final CountDownLatch finished = new CountDownLatch(1);

    private WizardServer(HttpServer server, WizardForm form, Stagehands stagehands, Path out) {
        this.server = server;
        this.form = form;
        this.stagehands = stagehands;
        this.out = out;
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        this.token = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        this.threads = Executors.newCachedThreadPool(r -> {
            Thread thread = new Thread(r, "deploy-wizard");
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(threads);
        server.createContext("/", this::handle);
    }

    /**
     * Starts serving the wizard of {@code form}.
     *
     * @param port the port, 0 for one the system picks
     * @param out  where Save writes the parameters
     */
    static WizardServer start(WizardForm form, Stagehands stagehands, Path out, int port) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        WizardServer wizard = new WizardServer(server, form, stagehands, out);
        server.start();
        return wizard;
    }

    int port() {
        return server.getAddress().getPort();
    }

    /** The address to open, with the token. */
    URI address() {
        return URI.create("http://127.0.0.1:" + port() + "/?token=" + token);
    }

    /** Waits until the user closes the wizard (the page's Close button) or the install it started ends. */
    void awaitFinished() throws InterruptedException {
        finished.await();
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            var headers = exchange.getResponseHeaders();
            headers.set("Cache-Control", "no-store");
            headers.set("Referrer-Policy", "no-referrer");
            headers.set("X-Content-Type-Options", "nosniff");
            headers.set("X-Frame-Options", "DENY");
            headers.set("Content-Security-Policy", "default-src 'self'; frame-ancestors 'none'");
            if (!hostIsOurs(exchange.getRequestHeaders().getFirst("Host"))) {
                send(exchange, 403, "text/plain", "refused: the Host header is not this wizard's");
                return;
            }
            if (!tokenMatches(exchange.getRequestURI())) {
                send(exchange, 403, "text/plain", "refused: open the address deploy wizard printed (with its token)");
                return;
            }
            String path = exchange.getRequestURI().getPath();
            String method = exchange.getRequestMethod();
            if (method.equals("GET") && ASSETS.containsKey(path)) {
                asset(exchange, ASSETS.get(path));
            } else if (method.equals("GET") && path.equals("/api/form")) {
                sendJson(exchange, 200, formJson());
            } else if (method.equals("POST") && path.equals("/api/validate")) {
                validate(exchange);
            } else if (method.equals("POST") && path.equals("/api/plan")) {
                plan(exchange);
            } else if (method.equals("POST") && path.equals("/api/save")) {
                save(exchange);
            } else if (method.equals("POST") && path.equals("/api/install")) {
                install(exchange);
            } else if (method.equals("GET") && path.equals("/api/events")) {
                streamEvents(exchange);
            } else if (method.equals("POST") && path.equals("/api/close")) {
                sendJson(exchange, 200, Map.of("closed", true));
                finished.countDown();
            } else {
                send(exchange, 404, "text/plain", "not found");
            }
        } catch (DeploymentException e) {
            sendJson(exchange, 200, Map.of("error", e.getMessage()));
        } catch (IOException | RuntimeException e) {
            LOG.debug("wizard request failed", e);
            send(exchange, 500, "text/plain", "the wizard failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private boolean hostIsOurs(String host) {
        return host != null && (host.equals("127.0.0.1:" + port()) || host.equals("localhost:" + port()));
    }

    private boolean tokenMatches(URI uri) {
        String query = uri.getRawQuery();
        if (query == null) {
            return false;
        }
        for (String part : query.split("&")) {
            if (part.startsWith("token=")) {
                return MessageDigest.isEqual(part.substring(6).getBytes(StandardCharsets.US_ASCII),
                        token.getBytes(StandardCharsets.US_ASCII));
            }
        }
        return false;
    }

    private void asset(HttpExchange exchange, String name) throws IOException {
        try (InputStream in = WizardServer.class.getResourceAsStream("wizard/" + name)) {
            if (in == null) {
                send(exchange, 404, "text/plain", "not found");
                return;
            }
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("{{TOKEN}}", token);
            String type = name.endsWith(".html") ? "text/html" : name.endsWith(".js") ? "text/javascript" : "text/css";
            send(exchange, 200, type + "; charset=utf-8", text);
        }
    }

    private Map<String, Object> formJson() {
        List<Object> steps = new ArrayList<>();
        for (WizardStep step : form.steps()) {
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("id", step.id());
            s.put("title", step.title() == null ? step.id() : step.title());
            s.put("requiresValidation", step.requiresValidation());
            s.put("variables", variablesJson(step.variables()));
            s.put("groups", groupsJson(step.groups()));
            steps.add(s);
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("root", form.root().id());
        json.put("out", out.toString());
        json.put("steps", steps);
        return json;
    }

    private List<Object> groupsJson(List<VariableGroup> groups) {
        List<Object> list = new ArrayList<>();
        for (VariableGroup group : groups) {
            Map<String, Object> g = new LinkedHashMap<>();
            g.put("id", group.id());
            g.put("title", group.title() == null ? group.id() : group.title());
            g.put("requiresValidation", group.requiresValidation());
            g.put("variables", variablesJson(group.variables()));
            g.put("groups", groupsJson(group.groups()));
            list.add(g);
        }
        return list;
    }

    private List<Object> variablesJson(List<VariableDeclaration> variables) {
        List<Object> list = new ArrayList<>();
        for (VariableDeclaration d : variables) {
            if (!form.firstDeclaration(d)) {
                continue;
            }
            Map<String, Object> v = new LinkedHashMap<>();
            v.put("name", d.name());
            v.put("label", d.label() == null ? d.name() : d.label());
            v.put("type", d.valueType().name());
            v.put("required", d.required());
            v.put("readOnly", d.readOnly());
            v.put("secret", d.isSecret());
            // A secret given in the parameters stays on the server: the page shows it as set, not its value.
            v.put("value", d.isSecret() ? "" : form.value(d.name()));
            v.put("hasValue", !form.value(d.name()).isEmpty());
            v.put("choices", d.choices());
            list.add(v);
        }
        return list;
    }

    private JsonNode body(HttpExchange exchange) throws IOException {
        byte[] bytes = exchange.getRequestBody().readNBytes(1 << 20);
        return bytes.length == 0 ? JSON.createObjectNode() : JSON.readTree(bytes);
    }

    /** Takes the values the page sends; an empty secret keeps the one the server has. */
    private void takeValues(JsonNode body) {
        JsonNode values = body.path("values");
        values.fields().forEachRemaining(e -> {
            String value = e.getValue().asText("");
            boolean secret = form.steps().stream().flatMap(WizardStep::allVariables)
                    .anyMatch(d -> d.name().equalsIgnoreCase(e.getKey()) && d.isSecret());
            if (!(secret && value.isEmpty())) {
                form.set(e.getKey(), value);
            }
        });
    }

    private void validate(HttpExchange exchange) throws IOException, InterruptedException {
        JsonNode body = body(exchange);
        takeValues(body);
        String id = body.path("id").asText("");
        Optional<Object> found = form.find(id);
        if (found.isEmpty()) {
            sendJson(exchange, 404, Map.of("error", "no wizard step or group has the id '" + id + "'"));
            return;
        }
        boolean requiresValidation;
        List<VariableDeclaration> scope;
        if (found.get() instanceof WizardStep step) {
            requiresValidation = step.requiresValidation();
            scope = step.allVariables().toList();
        } else {
            VariableGroup group = (VariableGroup) found.get();
            requiresValidation = group.requiresValidation();
            scope = group.allVariables().toList();
        }
        List<Problem> problems;
        try (Stagehand stagehand = stagehands.open(Map.of(), DeploymentListener.NONE)) {
            problems = form.check(stagehand, id, requiresValidation, scope.stream());
        }
        List<Object> list = new ArrayList<>();
        for (Problem p : problems) {
            // A problem of a step (a refused connection) is shown beside the last input it checked.
            String variable = scope.stream().filter(d -> d.location().equals(p.location()))
                    .map(VariableDeclaration::name).findFirst().orElse(scope.isEmpty() ? null : scope.get(scope.size() - 1).name());
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("variable", variable);
            item.put("message", p.message());
            list.add(item);
        }
        sendJson(exchange, 200, Map.of("problems", list));
    }

    private void plan(HttpExchange exchange) throws IOException {
        takeValues(body(exchange));
        StringWriter text = new StringWriter();
        try (Stagehand stagehand = stagehands.open(form.values(), DeploymentListener.NONE)) {
            DeploymentPlan plan = stagehand.plan(form.root());
            PlanCommand.printText(new PrintWriter(text, true), plan);
        }
        sendJson(exchange, 200, Map.of("plan", text.toString()));
    }

    private void save(HttpExchange exchange) throws IOException {
        JsonNode body = body(exchange);
        takeValues(body);
        boolean secrets = body.path("saveSecrets").asBoolean(false);
        Parameters.write(out, form.parameters(secrets));
        sendJson(exchange, 200, Map.of("written", out.toString(), "secrets", secrets));
    }

    private void install(HttpExchange exchange) throws IOException {
        takeValues(body(exchange));
        if (!installing.compareAndSet(false, true)) {
            sendJson(exchange, 409, Map.of("error", "an install is running already"));
            return;
        }
        Map<String, String> values = Map.copyOf(form.values());
        DeploymentListener listener = JsonOutput.events(new PrintWriter(new LineWriter(events::add), true));
        threads.execute(() -> {
            try (Stagehand stagehand = stagehands.open(values, listener)) {
                DeploymentResult result = stagehand.install(form.root(), InstallOptions.DEFAULTS);
                events.add(JSON.writeValueAsString(Map.of("type", "Result", "succeeded", result.succeeded(),
                        "summary", result.summary())));
            } catch (IOException | RuntimeException e) {
                LOG.debug("install from the wizard failed", e);
                events.add(resultLine(false, String.valueOf(e.getMessage())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                events.add(resultLine(false, "interrupted"));
            } finally {
                events.add(END);
            }
        });
        sendJson(exchange, 202, Map.of("started", true));
    }

    private static String resultLine(boolean succeeded, String summary) {
        try {
            return JSON.writeValueAsString(Map.of("type", "Result", "succeeded", succeeded, "summary", summary));
        } catch (IOException e) {
            return "{\"type\":\"Result\",\"succeeded\":false}";
        }
    }

    /** Sends the install's events as server-sent events until it ends. */
    private void streamEvents(HttpExchange exchange) throws IOException, InterruptedException {
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
        exchange.sendResponseHeaders(200, 0);
        OutputStream body = exchange.getResponseBody();
        while (true) {
            String line = events.take();
            if (line.equals(END)) {
                body.write("event: end\ndata: {}\n\n".getBytes(StandardCharsets.UTF_8));
                body.flush();
                finished.countDown();
                return;
            }
            body.write(("data: " + line + "\n\n").getBytes(StandardCharsets.UTF_8));
            body.flush();
        }
    }

    private static void sendJson(HttpExchange exchange, int status, Object value) throws IOException {
        send(exchange, status, "application/json; charset=utf-8", JSON.writeValueAsString(value));
    }

    private static void send(HttpExchange exchange, int status, String type, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            exchange.getResponseBody().write(bytes);
        }
    }

    /** A writer that hands on every line written to it (the JSON event listener's lines). */
    private static final class LineWriter extends Writer {
        private final java.util.function.Consumer<String> lines;
        private final StringBuilder line = new StringBuilder();

        LineWriter(java.util.function.Consumer<String> lines) {
            this.lines = lines;
        }

        @Override
        public synchronized void write(char[] chars, int offset, int length) {
            for (int i = offset; i < offset + length; i++) {
                char c = chars[i];
                if (c == '\n') {
                    lines.accept(line.toString().strip());
                    line.setLength(0);
                } else if (c != '\r') {
                    line.append(c);
                }
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }
}
