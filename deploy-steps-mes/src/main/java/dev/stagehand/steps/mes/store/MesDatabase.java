package dev.stagehand.steps.mes.store;

import dev.stagehand.api.DeploymentException;
import dev.stagehand.api.Location;
import dev.stagehand.api.database.DatabaseConnection;
import dev.stagehand.api.spi.StepContext;
import dev.stagehand.api.spi.Store;
import dev.stagehand.jdbc.JdbcSession;
import dev.stagehand.jdbc.JdbcSessions;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * The Online database as the MES steps use it, one per database per deployment (in the
 * deployment's store): the deployment's {@link JdbcSession} of it, whether it answered, and
 * whether its schema was migrated in this deployment. The session is closed by the engine.
 */
public final class MesDatabase {

    /** The logical database the MES tables live in. */
    public static final String LOGICAL_NAME = "Online";

    private record Key(String url, String user) {
    }

    private final JdbcSession session;
    private Boolean reachable;
    private boolean migrated;

    private MesDatabase(JdbcSession session) {
        this.session = session;
    }

    /** The deployment's Online database of a step. */
    public static MesDatabase of(StepContext context) throws Exception {
        DatabaseConnection connection = context.variables().database(LOGICAL_NAME);
        return context.store(Store.Scope.DEPLOYMENT).getOrCompute(new Key(connection.url(), connection.user()),
                MesDatabase.class, () -> new MesDatabase(JdbcSessions.of(context, connection)));
    }

    public JdbcSession session() {
        return session;
    }

    /** The database for messages, never with its password. */
    public String describe() {
        return session.connection().describe();
    }

    /**
     * Whether the database answers, asked once per deployment; the first step that finds it
     * unreachable reports it (true afterwards means nothing more to report).
     */
    public synchronized boolean checkReachable(StepContext context) {
        if (reachable == null) {
            try {
                session.jdbc();
                reachable = true;
            } catch (SQLException e) {
                reachable = false;
                context.problems().error("cannot connect to " + describe() + ": "
                        + context.variables().mask(String.valueOf(e.getMessage())));
            }
        }
        return reachable;
    }

    /** The connection, auto-commit on, the schema at its latest version (migrated once per deployment). */
    public synchronized Connection migrated(Location where) {
        try {
            if (!migrated) {
                MesSchema.migrate(session);
                migrated = true;
            }
            Connection c = session.jdbc();
            c.setAutoCommit(true);
            return c;
        } catch (SQLException e) {
            throw new DeploymentException("cannot create or migrate the MES tables in " + describe() + ": "
                    + e.getMessage(), where, e);
        }
    }

    /** Whether a table of the schema is there yet (Validate reads what exists and creates nothing). */
    public boolean hasTable(String table) throws SQLException {
        return session.type().tableExists(session.jdbc(), table);
    }

    /**
     * Runs {@code work} as one transaction: committed when it returns, rolled back when it throws;
     * auto-commit is on again afterwards.
     */
    public <T> T inTransaction(Location where, String what, Work<T> work) {
        Connection c = migrated(where);
        try {
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (Exception e) {
                rollbackQuietly(c);
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (DeploymentException e) {
            throw e;
        } catch (Exception e) {
            SQLException next = e instanceof SQLException sql && sql.getNextException() != null
                    ? sql.getNextException() : null;
            throw new DeploymentException("cannot " + what + " in " + describe() + ": "
                    + (next != null ? next.getMessage() : e.getMessage()), where, e);
        }
    }

    /** Work on a connection, inside a transaction. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection c) throws Exception;
    }

    private static void rollbackQuietly(Connection c) {
        try {
            c.rollback();
        } catch (SQLException e) {
            org.slf4j.LoggerFactory.getLogger(MesDatabase.class).warn(
                    "rolling back failed too ({}); closing the connection rolls back", e.getMessage());
        }
    }
}
