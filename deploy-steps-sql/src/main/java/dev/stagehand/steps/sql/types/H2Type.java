package dev.stagehand.steps.sql.types;

import com.google.auto.service.AutoService;
import dev.stagehand.api.database.DatabaseParts;
import dev.stagehand.api.database.DatabaseType;
import dev.stagehand.jdbc.JdbcDatabaseType;
import dev.stagehand.jdbc.JdbcSession;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;

/** H2, embedded or by TCP: DDL commits, so a script's DDL cannot be rolled back; a lock row. */
@AutoService(DatabaseType.class)
public final class H2Type implements JdbcDatabaseType {

    /** The type's name, as {@code Product.Database.Type} writes it. */
    public static final String NAME = "H2";

    /** How long a deployer waits for another's lock row, in milliseconds. */
    private static final int LOCK_TIMEOUT_MILLIS = 600_000;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean accepts(String url) {
        return url != null && url.toLowerCase(Locale.ROOT).startsWith("jdbc:h2:");
    }

    /** {@code .Server} {@code mem} for an in-memory database, else a server reached by TCP. */
    @Override
    public String url(DatabaseParts parts) {
        return "jdbc:h2:" + (parts.server().equalsIgnoreCase("mem") ? "mem:" : "tcp://" + parts.server()
                + parts.portSuffix() + "/") + parts.requiredName();
    }

    @Override
    public Lock lock(JdbcSession session, boolean transactional, String resource) throws SQLException {
        try (Statement s = session.lockConnection().createStatement()) {
            s.execute("SET LOCK_TIMEOUT " + LOCK_TIMEOUT_MILLIS);
        }
        return JdbcDatabaseType.super.lock(session, transactional, resource);
    }
}
