package dev.stagehand.steps.sql.jdbc;

import dev.stagehand.api.spi.DatabaseConnection;
import dev.stagehand.api.spi.StepContext;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One {@link DatabaseSession} per database per deployment, shared by every SQL step of that
 * deployment; the steps close them in Cleanup, which runs after every other stage of every step.
 * Keyed by deployment id, so concurrent deployments in one JVM never share a connection.
 */
public final class DatabaseSessions {

    private static final Map<String, Map<String, DatabaseSession>> BY_DEPLOYMENT = new ConcurrentHashMap<>();

    private DatabaseSessions() {
    }

    /** The session of {@code connection} in the deployment of {@code context}. */
    public static DatabaseSession of(StepContext context, DatabaseConnection connection) {
        return BY_DEPLOYMENT.computeIfAbsent(context.deploymentId(), id -> new ConcurrentHashMap<>())
                .computeIfAbsent(connection.url() + '\u0000' + connection.user(), k -> new DatabaseSession(connection));
    }

    /** Closes every connection a deployment opened. */
    public static void closeAll(String deploymentId) {
        Map<String, DatabaseSession> sessions = BY_DEPLOYMENT.remove(deploymentId);
        if (sessions != null) {
            sessions.values().forEach(DatabaseSession::close);
        }
    }

    /** How many deployments hold open sessions (tests check that Cleanup leaves none). */
    public static int openDeployments() {
        return BY_DEPLOYMENT.size();
    }
}
