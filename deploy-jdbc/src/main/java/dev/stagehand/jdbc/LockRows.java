package dev.stagehand.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The lock rows of {@link JdbcDatabaseType#lock}'s default. */
final class LockRows {

    static final String TABLE = "T_StagehandLocks";
    private static final Logger LOG = LoggerFactory.getLogger(LockRows.class);

    private LockRows() {
    }

    /**
     * Inserts the row of a lock unless it is there; another deployer inserting it first is what was
     * wanted. A failed insert after which the row is still missing is the database's refusal, thrown.
     */
    static void insertIfMissing(Connection c, String resource) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO " + TABLE + " (LockId) SELECT CAST(? AS VARCHAR(255))"
                + " WHERE NOT EXISTS (SELECT 1 FROM " + TABLE + " WHERE LockId = ?)")) {
            s.setString(1, resource);
            s.setString(2, resource);
            s.executeUpdate();
        } catch (SQLException e) {
            if (!exists(c, resource)) {
                throw e;
            }
            LOG.debug("lock row {} was inserted by another deployer at the same time: {}", resource, e.getMessage());
        }
    }

    private static boolean exists(Connection c, String resource) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT 1 FROM " + TABLE + " WHERE LockId = ?")) {
            s.setString(1, resource);
            try (java.sql.ResultSet r = s.executeQuery()) {
                return r.next();
            }
        }
    }

    /** Ends the lock's transaction; closing the connection would release it too. */
    static void rollback(Connection c) {
        try {
            c.rollback();
        } catch (SQLException e) {
            LOG.warn("could not release a database lock ({}); it goes when the connection closes", e.getMessage());
        }
    }
}
