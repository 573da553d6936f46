package dev.stagehand.bench;

import dev.stagehand.core.RootRequest;
import dev.stagehand.core.Stagehand;
import dev.stagehand.core.result.DeploymentResult;
import dev.stagehand.core.options.InstallOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.commons.io.file.PathUtils;
import org.flywaydb.core.Flyway;

/**
 * Patch scripts (1,000; 200 at the quick size), each a CREATE TABLE and 20 INSERTs, applied to
 * PostgreSQL by RunSql with patch ids against Flyway applying the same files as versioned
 * migrations, each into a fresh schema of the same database; then both again with everything
 * applied: RunSql with a fresh state folder and the default file journal (so the package is
 * deployed again and every patch is found in {@code T_DatabasePatches}), Flyway's no-op
 * {@code migrate} (checksum validation included). Two rows of {@link Comparison}:
 * apply (target 0.8) and the all-applied re-run with the file journal (target 0.5).
 *
 * <p>Arguments: {@code [jdbcUrl] [user] [password]}, default the test database of
 * scripts/services.sh. {@code -Dsql.schemas=PREFIX} names the two schemas
 * ({@code PREFIX_stagehand}, {@code PREFIX_flyway}; default {@code bench}), so that two runs on
 * one database do not collide.
 */
public final class SqlPatchBenchmark {

    static final int PATCHES = Comparison.quick() ? 200 : 1000;
    static final int INSERTS = 20;
    static final String STAGEHAND_SCHEMA = System.getProperty("sql.schemas", "bench") + "_stagehand";
    static final String FLYWAY_SCHEMA = System.getProperty("sql.schemas", "bench") + "_flyway";

    public static void main(String[] args) throws Exception {
        String url = args.length > 0 ? args[0] : System.getenv().getOrDefault("STAGEHAND_PG_URL",
                "jdbc:postgresql://localhost:5432/stagehand");
        String user = args.length > 1 ? args[1] : "stagehand";
        String password = args.length > 2 ? args[2] : "stagehand";
        Path work = Path.of(System.getProperty("bench.work", System.getProperty("java.io.tmpdir") + "/stagehand-bench"));
        Files.createDirectories(work);
        Path scratch = Files.createTempDirectory(work, "sql-bench");
        try {
            run(scratch, url, user, password);
        } finally {
            PathUtils.deleteDirectory(scratch);
        }
    }

    private static void run(Path scratch, String url, String user, String password) throws Exception {
        Path source = Files.createDirectory(scratch.resolve("source"));
        generate(source);
        Path[] state = new Path[1];
        Comparison.Task freshState = () -> state[0] = Files.createTempDirectory(scratch, "state");

        Comparison.Side flywayApply = new Comparison.Side("Flyway migrate", () -> recreate(url, user, password,
                FLYWAY_SCHEMA), () -> flyway(source, url, user, password).migrate());
        Comparison.Side stagehandApply = new Comparison.Side("RunSql", () -> {
            recreate(url, user, password, STAGEHAND_SCHEMA);
            freshState.run();
        }, () -> stagehand(state[0], source, url, user, password));
        Comparison.compare("SQL " + PATCHES + " patches: apply / Flyway migrate", 0.8, 1, flywayApply, stagehandApply);
        check(url, user, password);

        // The re-runs are short: both get the same longer warm-up so that JIT compilation is not measured.
        Comparison.Side flywayNoop = Comparison.Side.of("Flyway no-op migrate",
                () -> flyway(source, url, user, password).migrate());
        Comparison.Side stagehandNoop = new Comparison.Side("RunSql, file journal", freshState,
                () -> stagehand(state[0], source, url, user, password));
        Comparison.compare("SQL " + PATCHES + " patches: all applied, file journal / Flyway no-op", 0.5, 10,
                flywayNoop, stagehandNoop);
        check(url, user, password);
    }

    private static Map<String, String> parameters(String url, String user, String password) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("Product.Database.Online.Url", withSchema(url, STAGEHAND_SCHEMA));
        p.put("Product.Database.Online.User", user);
        p.put("Product.Database.Online.Password", password);
        return p;
    }

    /** One deployment of the patch package with the default file journal of {@code state}. */
    private static DeploymentResult stagehand(Path state, Path source, String url, String user, String password)
            throws Exception {
        DeploymentResult result;
        try (Stagehand stagehand = Stagehand.configure().sources(source).parameters(parameters(url, user, password))
                .stateDirectory(state).load()) {
            result = stagehand.install(RootRequest.parse("Bench.Patches"), InstallOptions.DEFAULTS);
        }
        if (!result.succeeded()) {
            throw new IllegalStateException("the deployment failed: " + result.problems());
        }
        return result;
    }

    private static Flyway flyway(Path source, String url, String user, String password) {
        return Flyway.configure().dataSource(withSchema(url, FLYWAY_SCHEMA), user, password)
                .schemas(FLYWAY_SCHEMA).locations("filesystem:" + source.resolve("Bench.Patches.1.0.0/patches"))
                .load();
    }

    private static String withSchema(String url, String schema) {
        return url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }

    private static void recreate(String url, String user, String password, String schema) throws SQLException {
        try (Connection c = DriverManager.getConnection(url, user, password); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            s.execute("CREATE SCHEMA " + schema);
        }
    }

    /** Both tools must have done the same work: every table with its rows, every patch recorded. */
    private static void check(String url, String user, String password) throws SQLException {
        for (String schema : new String[] {STAGEHAND_SCHEMA, FLYWAY_SCHEMA}) {
            try (Connection c = DriverManager.getConnection(url, user, password); Statement s = c.createStatement();
                 ResultSet r = s.executeQuery("SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = '"
                         + schema + "' AND table_name LIKE 't_bench_%'")) {
                r.next();
                if (r.getInt(1) != PATCHES) {
                    throw new IllegalStateException(schema + " has " + r.getInt(1) + " tables, not " + PATCHES);
                }
            }
        }
    }

    static void generate(Path folder) throws IOException {
        Path dir = folder.resolve("Bench.Patches.1.0.0");
        Files.createDirectories(dir.resolve("patches"));
        StringBuilder steps = new StringBuilder();
        for (int i = 1; i <= PATCHES; i++) {
            String name = String.format("V%04d__patch_%04d.sql", i, i);
            StringBuilder script = new StringBuilder();
            script.append(String.format("CREATE TABLE t_bench_%04d (id INT PRIMARY KEY, name VARCHAR(50),"
                    + " amount NUMERIC(10, 2), created TIMESTAMP DEFAULT CURRENT_TIMESTAMP);%n", i));
            for (int k = 1; k <= INSERTS; k++) {
                script.append(String.format("INSERT INTO t_bench_%04d (id, name, amount) VALUES (%d, 'row %d of"
                        + " patch %d', %d.%02d);%n", i, k, k, i, k * 10, k));
            }
            Files.writeString(dir.resolve("patches").resolve(name), script);
            steps.append(String.format("    <step type=\"RunSql\" contentPath=\"patches/%s\" targetDatabase="
                    + "\"$(Product.Database.Online)\" patchId=\"BENCH-%04d\" patchDescription=\"patch %d\" />%n",
                    name, i, i));
        }
        Files.writeString(dir.resolve("manifest.xml"), "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
                + "<deploymentPackage version=\"1.0\">\n  <packageId>Bench.Patches</packageId>\n"
                + "  <packageType>Database</packageType>\n  <version>1.0.0</version>\n  <steps>\n" + steps
                + "  </steps>\n</deploymentPackage>\n");
    }
}
