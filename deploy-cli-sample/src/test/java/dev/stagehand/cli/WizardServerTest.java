package dev.stagehand.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stagehand.core.RootRequest;
import dev.stagehand.core.Stagehand;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The wizard's web server, spoken to with plain HTTP requests. */
class WizardServerTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path temp;

    private WizardServer server;
    private String databaseUrl;

    /** The sample system's wizard served as {@code deploy wizard} serves it, its folders under {@code temp}. */
    static WizardServer sampleWizard(Path temp, Path out) throws Exception {
        String databaseUrl = "jdbc:h2:file:" + temp.resolve("install/db/online").toString().replace('\\', '/');
        // The system's database server exists already, with its password.
        DriverManager.getConnection(databaseUrl, "sa", ParametersCommandTest.DB_PASSWORD).close();
        Map<String, String> given = Map.of("Product.InstallationPath", temp.resolve("install").toString(),
                "Product.Database.Online.Url", databaseUrl);
        WizardServer.Stagehands stagehands = (values, listener) -> {
            Stagehand.Configuration configuration = Stagehand.configure().sources(Path.of("../samples/source"))
                    .parameters(given).environment(Map.of()).stateDirectory(temp.resolve("state")).listener(listener);
            values.forEach(configuration::set);
            return configuration.load();
        };
        try (Stagehand stagehand = stagehands.open(Map.of(), dev.stagehand.api.event.DeploymentListener.NONE)) {
            return WizardServer.start(WizardForm.of(stagehand, RootRequest.parse("Cmf.Sample.Root"), given),
                    stagehands, out, 0);
        }
    }

    @BeforeEach
    void start() throws Exception {
        server = sampleWizard(temp, temp.resolve("parameters.json"));
        databaseUrl = "jdbc:h2:file:" + temp.resolve("install/db/online").toString().replace('\\', '/');
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private String token() {
        return server.address().getQuery().substring("token=".length());
    }

    private HttpResponse<String> get(String pathAndQuery) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + pathAndQuery)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode post(String path, Object body) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
                        + path + "?token=" + token())).POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
                .header("Content-Type", "application/json").build(), HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(response.body());
    }

    /** A raw request, so that the Host header can be what an attacker's page would send. */
    private String statusLineWithHost(String host) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            OutputStream out = socket.getOutputStream();
            out.write(("GET /?token=" + token() + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))
                    .readLine();
        }
    }

    @Test
    void closingFromThePageEndsTheWaitOfTheWizardCommand() throws Exception {
        java.util.concurrent.CompletableFuture<Void> waiting = java.util.concurrent.CompletableFuture.runAsync(() -> {
            try {
                server.awaitFinished();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });

        assertTrue(post("/api/close", Map.of()).path("closed").asBoolean());
        // Throws a TimeoutException when the wait does not end.
        waiting.get(30, java.util.concurrent.TimeUnit.SECONDS);
    }

    @Test
    void aPortOutOfRangeOrAMissingFolderForOutIsBadUsageOfTheWizardCommand() {
        CliRun port = CliRun.of("wizard", "--source", "../samples/source", "--root", "Cmf.Sample.Root", "--port", "70000",
                "--no-browser");
        CliRun out = CliRun.of("wizard", "--source", "../samples/source", "--root", "Cmf.Sample.Root", "--out",
                temp.resolve("missing/parameters.json").toString(), "--no-browser");

        assertEquals(2, port.exitCode());
        assertTrue(port.err().contains("--port must be between 0 and 65535"), port.err());
        assertEquals(2, out.exitCode());
        assertTrue(out.err().contains("no such folder for --out"), out.err());
    }

    @Test
    void listensOnTheLoopbackAddressOnlyOnAPortTheSystemPicked() {
        assertEquals("127.0.0.1", server.address().getHost());
        assertTrue(server.port() > 0);
    }

    @Test
    void aRequestWithoutTheTokenOrWithAnotherTokenIsRefused() throws Exception {
        HttpResponse<String> none = get("/");
        HttpResponse<String> wrong = get("/api/form?token=" + "x".repeat(token().length()));

        assertEquals(403, none.statusCode());
        assertEquals(403, wrong.statusCode());
        assertFalse(none.body().contains("<form"), none.body());
        assertFalse(wrong.body().contains("Cmf.Sample"), wrong.body());
    }

    @Test
    void aRequestWithTheTokenButAnotherHostHeaderIsRefused() throws Exception {
        assertTrue(statusLineWithHost("rebound.example:" + server.port()).contains(" 403 "));
        assertTrue(statusLineWithHost("127.0.0.1:" + server.port()).contains(" 200 "));
    }

    @Test
    void thePageAndItsAssetsComeFromTheJarAndCarryTheToken() throws Exception {
        HttpResponse<String> page = get("/?token=" + token());
        HttpResponse<String> script = get("/wizard.js?token=" + token());

        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("/wizard.js?token=" + token()), page.body());
        assertTrue(page.headers().firstValue("Content-Security-Policy").orElse("").contains("default-src 'self'"));
        assertEquals(200, script.statusCode());
        assertTrue(script.body().contains("EventSource"), "the page follows the install by server-sent events");
    }

    @Test
    void theFormHasTheWizardStepsOfEveryPackageInOrderAndNoSecretValue() throws Exception {
        JsonNode form = JSON.readTree(get("/api/form?token=" + token()).body());

        List<String> ids = new ArrayList<>();
        form.path("steps").forEach(s -> ids.add(s.path("id").asText()));
        assertEquals(List.of("Deployment.General", "Deployment.Database", "Deployment.Web", "Deployment.Reports"), ids);
        JsonNode online = form.path("steps").get(1).path("groups").get(0);
        assertTrue(online.path("requiresValidation").asBoolean());
        assertEquals("Product.Database.Online.Password", online.path("variables").get(3).path("name").asText());
        assertEquals("PASSWORD", online.path("variables").get(3).path("type").asText());
        assertEquals(databaseUrl, online.path("variables").get(1).path("value").asText());
    }

    @Test
    void validationReportsAWrongDatabasePasswordBesideItsInputAndPassesTheRightOne() throws Exception {
        JsonNode wrong = post("/api/validate", Map.of("id", "Deployment.Database.Online",
                "values", Map.of("Product.Database.Online.Password", "wrong")));
        JsonNode right = post("/api/validate", Map.of("id", "Deployment.Database.Online",
                "values", Map.of("Product.Database.Online.Password", ParametersCommandTest.DB_PASSWORD)));

        assertEquals(1, wrong.path("problems").size(), wrong::toString);
        assertEquals("Product.Database.Online.Password", wrong.path("problems").get(0).path("variable").asText());
        assertTrue(wrong.path("problems").get(0).path("message").asText().contains("Wrong user name or password"));
        assertEquals(0, right.path("problems").size(), right::toString);
    }

    @Test
    void saveWritesAnOwnerOnlyFileWithTheSecretsOnlyWhenAsked() throws Exception {
        Map<String, String> values = Map.of("Product.Database.Online.Password", ParametersCommandTest.DB_PASSWORD,
                "Product.Web.AdminPassword", "admin-secret");
        Path file = temp.resolve("parameters.json");

        post("/api/save", Map.of("values", values, "saveSecrets", false));
        JsonNode without = JSON.readTree(file.toFile());
        post("/api/save", Map.of("values", values, "saveSecrets", true));
        JsonNode with = JSON.readTree(file.toFile());

        assertTrue(without.path("Product.Web.AdminPassword").isMissingNode(), without::toString);
        assertEquals("SAMPLE", without.path("Product.SystemName").asText());
        assertEquals("admin-secret", with.path("Product.Web.AdminPassword").asText());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    }

    @Test
    void theLastPageShowsThePlanAndTheInstallStreamsItsEventsUntilTheResult() throws Exception {
        Map<String, String> values = Map.of("Product.Database.Online.Password", ParametersCommandTest.DB_PASSWORD,
                "Product.Web.AdminPassword", "admin-secret");

        JsonNode plan = post("/api/plan", Map.of("values", values));
        assertTrue(plan.path("plan").asText().contains("Cmf.Sample.Database"), plan::toString);
        assertEquals(true, post("/api/install", Map.of("values", values)).path("started").asBoolean());
        List<String> lines = new ArrayList<>();
        HttpResponse<java.util.stream.Stream<String>> events = HTTP.send(HttpRequest.newBuilder(URI.create(
                "http://127.0.0.1:" + server.port() + "/api/events?token=" + token())).build(),
                HttpResponse.BodyHandlers.ofLines());
        assertEquals("text/event-stream; charset=utf-8", events.headers().firstValue("Content-Type").orElse(""));
        events.body().takeWhile(line -> !line.equals("event: end")).forEach(lines::add);

        assertTrue(lines.stream().anyMatch(l -> l.startsWith("data: {\"type\":\"DeploymentStarted\"")), lines::toString);
        String result = lines.stream().filter(l -> l.contains("\"type\":\"Result\"")).findFirst().orElse("");
        assertTrue(result.contains("\"succeeded\":true"), lines::toString);
        assertFalse(String.join("\n", lines).contains("admin-secret"));
        assertTrue(Files.exists(temp.resolve("install/Web/www/config.json")));
    }
}
