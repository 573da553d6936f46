package dev.stagehand.steps.sql.jdbc;

import dev.stagehand.api.spi.StepContext;
import dev.stagehand.api.spi.Store;
import dev.stagehand.jdbc.JdbcDatabaseType;
import dev.stagehand.jdbc.JdbcSession;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The patch journal of one database, {@code T_DatabasePatches}: created when missing, read once
 * per deployment (one table object per database in the deployment's store), and written in the
 * same transaction as the patch it records. The database type's lock (advisory lock on
 * PostgreSQL, {@code sp_getapplock} on SQL Server, a lock row elsewhere) makes concurrent
 * deployments apply a patch once: under the lock the patch's row is read again before the
 * script runs.
 */
public final class PatchTable {

    public static final String TABLE = "T_DatabasePatches";
    /** The database lock every deployer applying patches takes. */
    static final String LOCK = "Stagehand.T_DatabasePatches";

    /** What {@link #apply} did. */
    public enum Outcome {
        /** The script ran and the patch is recorded. */
        APPLIED,
        /** The patch was recorded before this deployment started. */
        ALREADY_APPLIED,
        /** Another deployment applied it while this one was running. */
        APPLIED_CONCURRENTLY
    }

    /** What {@link #apply} did, and the row of the patch as it was when it was found applied. */
    public record Result(Outcome outcome, PatchRow existing) {
    }

    /** The patch to apply. */
    public record Patch(String patchId, String description, String checksum, String appliedBy, boolean transactional) {
    }

    /** The work of a patch: its scripts, run on the connection given. */
    @FunctionalInterface
    public interface Work {
        void run(Connection connection) throws Exception;
    }

    private record Key(String url, String user) {
    }

    private final JdbcSession session;
    private Map<String, PatchRow> rows;
    private boolean created;

    PatchTable(JdbcSession session) {
        this.session = session;
    }

    /** The patch table of a session's database in the deployment of {@code context}. */
    public static PatchTable of(StepContext context, JdbcSession session) throws Exception {
        return context.store(Store.Scope.DEPLOYMENT).getOrCompute(new Key(session.connection().url(),
                session.connection().user()), PatchTable.class, () -> new PatchTable(session));
    }

    /** Forgets what was read of the table: the database was replaced (restored from a backup). */
    public static void forget(StepContext context, JdbcSession session) {
        context.store(Store.Scope.DEPLOYMENT).remove(new Key(session.connection().url(), session.connection().user()),
                PatchTable.class);
    }

    /** The recorded row of a patch, from the one read of the table this deployment makes. */
    public Optional<PatchRow> known(String patchId) throws SQLException {
        if (rows == null) {
            rows = new HashMap<>();
            Connection c = session.jdbc();
            if (session.type().tableExists(c, TABLE)) {
                try (Statement s = c.createStatement(); ResultSet r = s.executeQuery(select(null))) {
                    while (r.next()) {
                        PatchRow row = row(r);
                        rows.put(row.patchId(), row);
                    }
                }
                if (!c.getAutoCommit()) {
                    c.commit();
                }
            }
        }
        return Optional.ofNullable(rows.get(patchId));
    }

    /**
     * Applies a patch unless it is recorded as applied. Under the database lock the patch's row is
     * read again, the work runs, and the row is written; with {@code transactional} all of that is
     * one transaction, so a failure leaves neither the script's changes nor a row of success.
     */
    public Result apply(Patch patch, Work work) throws Exception {
        Optional<PatchRow> known = known(patch.patchId());
        if (known.isPresent() && known.get().success()) {
            return new Result(Outcome.ALREADY_APPLIED, known.get());
        }
        Connection c = session.jdbc();
        if (!created) {
            createTable(c);
        }
        boolean transactional = patch.transactional();
        c.setAutoCommit(!transactional);
        JdbcDatabaseType.Lock lock = session.type().lock(session, transactional, LOCK);
        PatchRow previous = null;
        long started = System.nanoTime();
        try {
            previous = read(c, patch.patchId()).orElse(null);
            if (previous != null && previous.success()) {
                if (transactional) {
                    c.commit();
                }
                rows.put(previous.patchId(), previous);
                return new Result(Outcome.APPLIED_CONCURRENTLY, previous);
            }
            work.run(c);
            PatchRow row = write(c, session.type(), patch, started, true, previous != null);
            if (transactional) {
                c.commit();
            }
            rows.put(row.patchId(), row);
            return new Result(Outcome.APPLIED, null);
        } catch (Exception e) {
            if (transactional) {
                rollbackQuietly(c);
            }
            recordFailure(c, patch, started, previous != null);
            throw e;
        } finally {
            lock.close();
            JdbcSession.restoreAutoCommit(c);
        }
    }

    /** The failed attempt is kept (success false) so that the history shows it; the patch runs again next time. */
    private void recordFailure(Connection c, Patch patch, long started, boolean hadRow) {
        try {
            c.setAutoCommit(true);
            boolean rowNow = read(c, patch.patchId()).isPresent();
            PatchRow row = write(c, session.type(), patch, started, false, hadRow || rowNow);
            rows.put(row.patchId(), row);
        } catch (SQLException | RuntimeException e) {
            // The failure of the patch itself is what the user needs; a missing history row is not.
            LoggerHolder.LOG.warn("the failed attempt of patch {} could not be recorded in {}: {}", patch.patchId(),
                    TABLE, e.getMessage());
        }
    }

    /**
     * Creates the table in a transaction of its own, so that a failed patch's rollback cannot take
     * it away; two deployers creating it at once is fine as long as one of them succeeds.
     */
    private void createTable(Connection c) throws SQLException {
        JdbcDatabaseType d = session.type();
        c.setAutoCommit(true);
        try {
            createTableNow(c, d);
        } catch (SQLException e) {
            if (!d.tableExists(c, TABLE)) {
                throw e;
            }
        }
        created = true;
    }

    private static void createTableNow(Connection c, JdbcDatabaseType d) throws SQLException {
        d.createTableIfMissing(c, TABLE, "PatchId VARCHAR(255) NOT NULL PRIMARY KEY, Description VARCHAR(1000),"
                + " Checksum VARCHAR(64) NOT NULL, AppliedAt " + d.timestampType() + " NOT NULL,"
                + " AppliedBy VARCHAR(255) NOT NULL, DurationMs BIGINT NOT NULL, Success " + d.booleanType()
                + " NOT NULL");
    }

    private static String select(String where) {
        return "SELECT PatchId, Description, Checksum, AppliedAt, AppliedBy, DurationMs, Success FROM " + TABLE
                + (where == null ? "" : " WHERE " + where);
    }

    private static PatchRow row(ResultSet r) throws SQLException {
        Timestamp at = r.getTimestamp(4);
        return new PatchRow(r.getString(1), r.getString(2), r.getString(3), at == null ? null : at.toInstant(),
                r.getString(5), r.getLong(6), r.getBoolean(7));
    }

    private static Optional<PatchRow> read(Connection c, String patchId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(select("PatchId = ?"))) {
            s.setString(1, patchId);
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? Optional.of(row(r)) : Optional.empty();
            }
        }
    }

    private static PatchRow write(Connection c, JdbcDatabaseType dialect, Patch patch, long started, boolean success, boolean replace)
            throws SQLException {
        if (replace) {
            try (PreparedStatement s = c.prepareStatement("DELETE FROM " + TABLE + " WHERE PatchId = ?")) {
                s.setString(1, patch.patchId());
                s.executeUpdate();
            }
        }
        PatchRow row = new PatchRow(patch.patchId(), patch.description(), patch.checksum(), Instant.now(),
                patch.appliedBy(), (System.nanoTime() - started) / 1_000_000, success);
        // A script may record its own patch (older packages do): then its row stands. The casts
        // type the parameters, which a SELECT without a table cannot infer.
        try (PreparedStatement s = c.prepareStatement("INSERT INTO " + TABLE + " (PatchId, Description, Checksum,"
                + " AppliedAt, AppliedBy, DurationMs, Success) SELECT CAST(? AS VARCHAR(255)), CAST(? AS VARCHAR(1000)),"
                + " CAST(? AS VARCHAR(64)), CAST(? AS " + dialect.timestampType() + "), CAST(? AS VARCHAR(255)),"
                + " CAST(? AS BIGINT), CAST(? AS " + dialect.booleanType() + ") WHERE NOT EXISTS"
                + " (SELECT 1 FROM " + TABLE + " WHERE PatchId = ?)")) {
            s.setString(1, row.patchId());
            s.setString(2, row.description());
            s.setString(3, row.checksum());
            s.setTimestamp(4, Timestamp.from(row.appliedAt()));
            s.setString(5, row.appliedBy());
            s.setLong(6, row.durationMs());
            s.setBoolean(7, row.success());
            s.setString(8, row.patchId());
            s.executeUpdate();
        }
        return row;
    }

    private static void rollbackQuietly(Connection c) {
        try {
            c.rollback();
        } catch (SQLException e) {
            LoggerHolder.LOG.warn("rolling back a failed patch failed too ({}); closing the connection rolls back",
                    e.getMessage());
        }
    }

    private static final class LoggerHolder {
        static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(PatchTable.class);
    }
}
