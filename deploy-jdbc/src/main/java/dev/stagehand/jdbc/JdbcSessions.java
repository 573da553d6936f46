package dev.stagehand.jdbc;

import dev.stagehand.api.DeploymentException;
import dev.stagehand.api.database.DatabaseConnection;
import dev.stagehand.api.database.DatabaseType;
import dev.stagehand.api.spi.StepContext;
import dev.stagehand.api.spi.Store;

/**
 * One {@link JdbcSession} per database per deployment, in the deployment's store: every step of
 * the deployment that names the same database (URL and user) shares it, and the engine closes it
 * once, when the deployment ends, whether it succeeded or not.
 */
public final class JdbcSessions {

    private record Key(String url, String user) {
    }

    private JdbcSessions() {
    }

    /**
     * The deployment's session of {@code connection}.
     *
     * @param context the step asking
     * @param connection the database
     * @return the session, opened on first use and closed when the deployment ends
     */
    public static JdbcSession of(StepContext context, DatabaseConnection connection) {
        try {
            return context.store(Store.Scope.DEPLOYMENT).getOrCompute(new Key(connection.url(), connection.user()),
                    JdbcSession.class, () -> new JdbcSession(connection, type(context, connection)));
        } catch (DeploymentException e) {
            throw e;
        } catch (Exception e) {
            throw new DeploymentException("cannot use " + connection.describe() + ": " + e.getMessage(),
                    context.location(), e);
        }
    }

    /** The JDBC type of a connection: its loaded type, or plain JDBC for a URL no loaded type claims. */
    private static JdbcDatabaseType type(StepContext context, DatabaseConnection connection) {
        DatabaseType type = context.databaseTypes().of(connection).orElse(null);
        if (type == null) {
            return JdbcDatabaseType.generic();
        }
        if (type instanceof JdbcDatabaseType jdbc) {
            return jdbc;
        }
        throw new DeploymentException(connection.describe() + " is a " + type.name() + " database, which is not"
                + " reached over JDBC; this step needs a SQL database", context.location());
    }
}
