package dev.stagehand.steps.clickhouse;

import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;

/**
 * The private ClickHouse server that scripts/services.sh starts (scripts/test.sh sources its
 * settings): {@code STAGEHAND_CLICKHOUSE_URL} (default {@value #DEFAULT_URL}),
 * {@code STAGEHAND_CLICKHOUSE_USER} (default {@value #DEFAULT_USER}) and
 * {@code STAGEHAND_CLICKHOUSE_PASSWORD} (default {@value #DEFAULT_PASSWORD}). Each test gets a
 * system name of its own, so its databases ({@code <system>}, {@code <system>ODS}, ...) are its
 * own; closing drops them. A test fails when the server named by the environment does not answer;
 * without that environment and without a server at the default URL it is skipped, naming
 * clickhouse-server.
 */
final class TestClickHouse implements AutoCloseable {

    static final String DEFAULT_URL = "http://127.0.0.1:18123";
    static final String DEFAULT_USER = "stagehand";
    static final String DEFAULT_PASSWORD = "stagehand-ch";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    final String url;
    final String user;
    final String password;
    /** The test's {@code Product.SystemName}: its databases are named from it. */
    final String system;

    private TestClickHouse(String url, String user, String password, String system) {
        this.url = url;
        this.user = user;
        this.password = password;
        this.system = system;
    }

    static TestClickHouse create() {
        String url = env("STAGEHAND_CLICKHOUSE_URL", null);
        TestClickHouse server = new TestClickHouse(url == null ? DEFAULT_URL : url,
                env("STAGEHAND_CLICKHOUSE_USER", DEFAULT_USER), env("STAGEHAND_CLICKHOUSE_PASSWORD", DEFAULT_PASSWORD),
                "T" + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toUpperCase(Locale.ROOT));
        try {
            server.query("SELECT 1");
        } catch (IOException e) {
            if (url == null) {
                Assumptions.abort("no clickhouse-server answers at " + DEFAULT_URL + " and STAGEHAND_CLICKHOUSE_URL"
                        + " is not set: run scripts/test.sh, or scripts/services.sh and source"
                        + " build/clickhouse/server.env");
            }
            fail("clickhouse-server is not reachable at " + url + " (" + e.getMessage() + "): run scripts/test.sh,"
                    + " which installs and starts it (or scripts/services.sh alone)");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fail(e);
        }
        return server;
    }

    static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    /** The variables that make this server the system's ClickHouse server. */
    Map<String, String> parameters() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("Product.SystemName", system);
        p.put("Product.ClickHouse.Url", url);
        p.put("Product.ClickHouse.User", user);
        p.put("Product.ClickHouse.Password", password);
        return p;
    }

    /** Creates a database of this test (named {@code system + suffix}) and returns its name. */
    String createDatabase(String suffix) throws Exception {
        String name = system + suffix;
        query("CREATE DATABASE IF NOT EXISTS " + name);
        return name;
    }

    boolean databaseExists(String name) throws Exception {
        return rows("SELECT name FROM system.databases WHERE name = '" + name + "'").size() == 1;
    }

    boolean tableExists(String database, String table) throws Exception {
        return rows("SELECT name FROM system.tables WHERE database = '" + database + "' AND name = '" + table + "'")
                .size() == 1;
    }

    /** Every row of a query, columns joined by {@code |}. */
    List<String> rows(String query) throws Exception {
        JsonNode data = JSON.readTree(query(query + "\nFORMAT JSONCompact")).path("data");
        List<String> out = new ArrayList<>();
        for (JsonNode row : data) {
            StringBuilder line = new StringBuilder();
            for (JsonNode value : row) {
                line.append(line.length() > 0 ? "|" : "").append(value.asText());
            }
            out.add(line.toString());
        }
        return out;
    }

    /** Runs one statement; an answer other than 200 fails the test. */
    String query(String statement) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url + "/"))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString((user + ":" + password)
                        .getBytes(StandardCharsets.UTF_8)))
                .POST(HttpRequest.BodyPublishers.ofString(statement)).build();
        HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new AssertionError("ClickHouse refused " + statement + ": " + response.body());
        }
        return response.body();
    }

    /** Drops the test's databases. */
    @Override
    public void close() throws Exception {
        for (String database : rows("SELECT name FROM system.databases WHERE startsWith(name, '" + system + "')")) {
            query("DROP DATABASE IF EXISTS " + database);
        }
    }
}
