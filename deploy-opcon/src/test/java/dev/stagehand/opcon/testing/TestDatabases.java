package dev.stagehand.opcon.testing;

import static org.junit.jupiter.api.Assertions.fail;

import dev.stagehand.opcon.database.DatabaseSettings;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * Deployment databases for tests: an H2 file in a test's folder, or a schema of its own in the test PostgreSQL
 * ({@code STAGEHAND_PG_URL}, default {@value #DEFAULT_PG_URL}), so that runs of other tests never meet its tables.
 */
public final class TestDatabases {

    public static final String DEFAULT_PG_URL = "jdbc:postgresql://localhost:5432/stagehand";
    private static final String PG_USER = "stagehand";
    private static final String PG_PASSWORD = "stagehand";

    private TestDatabases() {
    }

    /**
     * An H2 file database in {@code folder}, kept open in this JVM until {@link #shutDown} (the tests' speed: H2
     * opening its file takes longer than any of their statements).
     */
    public static DatabaseSettings h2(Path folder) {
        return new DatabaseSettings("jdbc:h2:file:" + folder.resolve("deployments").toAbsolutePath().toString()
                .replace('\\', '/') + ";DB_CLOSE_DELAY=-1", "sa", "", null);
    }

    /** Closes an H2 database, writing all it holds to its file; one never made is left unmade. */
    public static void shutDown(DatabaseSettings h2) throws SQLException {
        try (Connection c = DriverManager.getConnection(h2.url() + ";IFEXISTS=TRUE", h2.user(), h2.password());
             Statement s = c.createStatement()) {
            s.execute("SHUTDOWN");
        } catch (SQLException e) {
            if (e.getErrorCode() != DATABASE_NOT_FOUND) {
                throw e;
            }
        }
    }

    /** H2's error code for a database that IFEXISTS does not find. */
    private static final int DATABASE_NOT_FOUND = 90146;

    public static String pgUrl() {
        String url = System.getenv("STAGEHAND_PG_URL");
        return url == null || url.isBlank() ? DEFAULT_PG_URL : url;
    }

    /** A schema name no other run uses; the migration creates it. */
    public static DatabaseSettings postgres() {
        String schema = "opcon_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection c = admin()) {
            // Reachable: a failure says so here rather than as a migration error later.
            c.isValid(5);
        } catch (SQLException e) {
            fail("PostgreSQL is not reachable at " + pgUrl() + " (" + e.getMessage() + "): run scripts/test.sh,"
                    + " which installs and starts it");
        }
        return new DatabaseSettings(pgUrl(), PG_USER, PG_PASSWORD, schema);
    }

    /** Drops a schema {@link #postgres()} gave. */
    public static void drop(DatabaseSettings settings) throws SQLException {
        if (settings.schema() != null && settings.url().startsWith("jdbc:postgresql:")) {
            try (Connection c = admin(); Statement s = c.createStatement()) {
                s.execute("DROP SCHEMA IF EXISTS " + settings.schema() + " CASCADE");
            }
        }
    }

    private static Connection admin() throws SQLException {
        return DriverManager.getConnection(pgUrl(), PG_USER, PG_PASSWORD);
    }
}
