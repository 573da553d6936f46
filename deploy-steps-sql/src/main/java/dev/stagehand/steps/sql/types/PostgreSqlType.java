package dev.stagehand.steps.sql.types;

import com.google.auto.service.AutoService;
import dev.stagehand.api.database.DatabaseParts;
import dev.stagehand.api.database.DatabaseType;
import dev.stagehand.jdbc.JdbcDatabaseType;
import dev.stagehand.jdbc.JdbcSession;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Set;
import dev.stagehand.api.io.Sha256;

/** PostgreSQL: advisory locks, pipelined batches. */
@AutoService(DatabaseType.class)
public final class PostgreSqlType implements JdbcDatabaseType {

    /** The type's name, as {@code Product.Database.Type} writes it. */
    public static final String NAME = "PostgreSQL";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Set<String> aliases() {
        return Set.of("postgres");
    }

    @Override
    public boolean accepts(String url) {
        return url != null && url.toLowerCase(Locale.ROOT).startsWith("jdbc:postgresql:");
    }

    /** pgjdbc bounds the TCP connect and the whole login separately; both get the connect timeout. */
    @Override
    public void connectTimeout(java.util.Properties properties, java.time.Duration timeout) {
        properties.setProperty("connectTimeout", String.valueOf(timeout.toSeconds()));
        properties.setProperty("loginTimeout", String.valueOf(timeout.toSeconds()));
    }

    @Override
    public String url(DatabaseParts parts) {
        return "jdbc:postgresql://" + parts.server() + parts.portSuffix() + "/" + parts.requiredName();
    }

    /** pgjdbc pipelines a batch: a script's 21 statements are one round trip instead of 21. */
    @Override
    public boolean batchesStatements() {
        return true;
    }

    @Override
    public String textType() {
        return "TEXT";
    }

    @Override
    public String binaryType() {
        return "BYTEA";
    }

    /** An advisory lock keyed by the resource's name: in the work's transaction when it has one, else the session's. */
    @Override
    public Lock lock(JdbcSession session, boolean transactional, String resource) throws SQLException {
        Connection connection = session.jdbc();
        long key = key(resource);
        try (Statement s = connection.createStatement()) {
            s.execute("SELECT " + (transactional ? "pg_advisory_xact_lock(" : "pg_advisory_lock(") + key + ")");
        }
        if (transactional) {
            return () -> { };
        }
        return () -> {
            try (Statement s = connection.createStatement()) {
                s.execute("SELECT pg_advisory_unlock(" + key + ")");
            } catch (SQLException e) {
                LoggerHolder.LOG.warn("could not release the advisory lock {} ({}); it goes with the session",
                        resource, e.getMessage());
            }
        };
    }

    /** The first 8 bytes of the SHA-256 of the name: every deployer agrees on it. */
    static long key(String resource) {
        byte[] digest = Sha256.newDigest().digest(resource.getBytes(StandardCharsets.UTF_8));
        return ByteBuffer.wrap(digest).getLong();
    }

    private static final class LoggerHolder {
        static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(PostgreSqlType.class);
    }
}
