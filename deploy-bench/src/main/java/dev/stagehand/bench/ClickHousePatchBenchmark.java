package dev.stagehand.bench;

import dev.stagehand.core.RootRequest;
import dev.stagehand.core.Stagehand;
import dev.stagehand.core.journal.InMemoryDeploymentJournal;
import dev.stagehand.core.options.InstallOptions;
import dev.stagehand.core.result.DeploymentResult;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.io.file.PathUtils;

/**
 * 500 small patch scripts (each a CREATE TABLE and 5 INSERTs) applied to the ClickHouse server of
 * scripts/services.sh by one package of 500 {@code RunClickHouseSql} steps with patch ids, and
 * by {@code clickhouse-client --multiquery}, one process per file, each into a fresh database of
 * the same server, interleaved run by run; then RunClickHouseSql again with every patch applied
 * (a fresh state folder, so every step runs and finds its patch in {@code T_DatabasePatches}).
 *
 * <p>Stagehand runs with an in-memory deployment journal, so that the figures are those of the
 * ClickHouse work. The server comes from {@code STAGEHAND_CLICKHOUSE_URL},
 * {@code STAGEHAND_CLICKHOUSE_TCP_PORT}, {@code STAGEHAND_CLICKHOUSE_USER} and
 * {@code STAGEHAND_CLICKHOUSE_PASSWORD} (source build/clickhouse/server.env), with the defaults of
 * scripts/services.sh.
 */
public final class ClickHousePatchBenchmark {

    static final int PATCHES = Comparison.quick() ? 50 : 500;
    static final int INSERTS = 5;
    static final String STAGEHAND_DATABASE = "bench_stagehand";
    static final String CLIENT_DATABASE = "bench_client";

    private final String url = env("STAGEHAND_CLICKHOUSE_URL", "http://127.0.0.1:18123");
    private final String tcpPort = env("STAGEHAND_CLICKHOUSE_TCP_PORT", "19000");
    private final String user = env("STAGEHAND_CLICKHOUSE_USER", "stagehand");
    private final String password = env("STAGEHAND_CLICKHOUSE_PASSWORD", "stagehand-ch");
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    public static void main(String[] args) throws Exception {
        int runs = Comparison.pairs();
        Path scratch = Files.createTempDirectory("stagehand-clickhouse-bench");
        try {
            new ClickHousePatchBenchmark().run(scratch, runs);
        } finally {
            PathUtils.deleteDirectory(scratch);
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    private void run(Path scratch, int runs) throws Exception {
        Path source = Files.createDirectory(scratch.resolve("source"));
        List<Path> scripts = generate(source);
        // Each round: clickhouse-client applies every patch, RunClickHouseSql applies them, then
        // RunClickHouseSql runs again with all of them applied; the first round is not recorded
        // (it warms the JIT, the server and the page cache).
        double[] client = new double[runs];
        double[] stagehand = new double[runs];
        double[] applied = new double[runs];
        for (int i = -1; i < runs; i++) {
            recreate(CLIENT_DATABASE);
            long start = System.nanoTime();
            clickhouseClient(scripts);
            double clientMillis = (System.nanoTime() - start) / 1e6;
            recreate(STAGEHAND_DATABASE);
            start = System.nanoTime();
            stagehand(scratch, source);
            double stagehandMillis = (System.nanoTime() - start) / 1e6;
            start = System.nanoTime();
            stagehand(scratch, source);
            double appliedMillis = (System.nanoTime() - start) / 1e6;
            check();
            if (i >= 0) {
                client[i] = clientMillis;
                stagehand[i] = stagehandMillis;
                applied[i] = appliedMillis;
                System.out.printf("round %d: clickhouse-client %7.0f ms | RunClickHouseSql %7.0f ms (%.2fx) | all applied"
                        + " %5.0f ms (%.3fx)%n", i + 1, clientMillis, stagehandMillis, stagehandMillis / clientMillis,
                        appliedMillis, appliedMillis / clientMillis);
            }
        }
        System.out.printf("patches: %d (each CREATE TABLE + %d INSERTs), %d rounds%n", PATCHES, INSERTS, runs);
        Comparison.report(new Comparison.Row("RunClickHouseSql, " + PATCHES + " patches / clickhouse-client", 1.2,
                client, stagehand));
        Comparison.report(new Comparison.Row("RunClickHouseSql, all " + PATCHES + " applied / clickhouse-client's apply",
                0.1, client, applied));
    }

    private DeploymentResult stagehand(Path scratch, Path source) throws Exception {
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("Product.ClickHouse.Url", url);
        parameters.put("Product.ClickHouse.User", user);
        parameters.put("Product.ClickHouse.Password", password);
        Path state = Files.createTempDirectory(scratch, "state");
        DeploymentResult result;
        try (Stagehand stagehand = Stagehand.configure().sources(source).parameters(parameters).stateDirectory(state)
                .journal(new InMemoryDeploymentJournal()).load()) {
            result = stagehand.install(RootRequest.parse("Bench.ClickHouse"), InstallOptions.DEFAULTS);
        }
        if (!result.succeeded()) {
            throw new IllegalStateException("the deployment failed: " + result.problems());
        }
        return result;
    }

    private void clickhouseClient(List<Path> scripts) throws IOException, InterruptedException {
        for (Path script : scripts) {
            Process process = new ProcessBuilder("clickhouse-client", "--host", "127.0.0.1", "--port", tcpPort, "--user",
                    user, "--password", password, "--database", CLIENT_DATABASE, "--multiquery")
                    .redirectInput(script.toFile()).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (process.waitFor() != 0) {
                throw new IllegalStateException("clickhouse-client failed on " + script + ": " + output);
            }
        }
    }

    /** Both sides must have done the same work: every table with its rows. */
    private void check() throws Exception {
        for (String database : new String[] {STAGEHAND_DATABASE, CLIENT_DATABASE}) {
            String tables = query("SELECT count() FROM system.tables WHERE database = '" + database
                    + "' AND startsWith(name, 't_bench_')").strip();
            if (!tables.equals(String.valueOf(PATCHES))) {
                throw new IllegalStateException(database + " has " + tables + " tables, not " + PATCHES);
            }
            String rows = query("SELECT count() FROM " + database + ".t_bench_" + String.format("%04d", PATCHES)).strip();
            if (!rows.equals(String.valueOf(INSERTS))) {
                throw new IllegalStateException(database + ".t_bench_" + PATCHES + " has " + rows + " rows");
            }
        }
        String patches = query("SELECT count() FROM " + STAGEHAND_DATABASE + ".T_DatabasePatches FINAL").strip();
        if (!patches.equals(String.valueOf(PATCHES))) {
            throw new IllegalStateException("T_DatabasePatches has " + patches + " patches, not " + PATCHES);
        }
    }

    private void recreate(String database) throws Exception {
        query("DROP DATABASE IF EXISTS " + database);
        query("CREATE DATABASE " + database);
    }

    private String query(String statement) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url + "/"))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString((user + ":" + password)
                        .getBytes(StandardCharsets.UTF_8)))
                .POST(HttpRequest.BodyPublishers.ofString(statement)).build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(statement + ": " + response.body());
        }
        return response.body();
    }

    static List<Path> generate(Path folder) throws IOException {
        Path dir = folder.resolve("Bench.ClickHouse.1.0.0");
        Files.createDirectories(dir.resolve("patches"));
        StringBuilder steps = new StringBuilder();
        List<Path> scripts = new ArrayList<>();
        for (int i = 1; i <= PATCHES; i++) {
            String name = String.format("P%04d.sql", i);
            StringBuilder script = new StringBuilder();
            script.append(String.format("CREATE TABLE t_bench_%04d (id UInt32, name String, amount Float64,"
                    + " created DateTime DEFAULT now()) ENGINE = MergeTree ORDER BY id;%n", i));
            for (int k = 1; k <= INSERTS; k++) {
                script.append(String.format("INSERT INTO t_bench_%04d (id, name, amount) VALUES (%d, 'row %d of"
                        + " patch %d', %d.%02d);%n", i, k, k, i, k * 10, k));
            }
            Path file = dir.resolve("patches").resolve(name);
            Files.writeString(file, script);
            scripts.add(file);
            steps.append(String.format("    <step type=\"RunClickHouseSql\" contentPath=\"patches/%s\" targetDatabase="
                    + "\"%s\" patchId=\"BENCH-%04d\" patchDescription=\"patch %d\" />%n", name, STAGEHAND_DATABASE, i, i));
        }
        Files.writeString(dir.resolve("manifest.xml"), "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
                + "<deploymentPackage version=\"1.0\">\n  <packageId>Bench.ClickHouse</packageId>\n"
                + "  <packageType>Database</packageType>\n  <version>1.0.0</version>\n  <steps>\n" + steps
                + "  </steps>\n</deploymentPackage>\n");
        return scripts;
    }
}
