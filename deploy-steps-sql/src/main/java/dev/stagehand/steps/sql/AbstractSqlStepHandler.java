package dev.stagehand.steps.sql;

import dev.stagehand.api.DeploymentException;
import dev.stagehand.api.spi.DatabaseConnection;
import dev.stagehand.api.spi.StepContext;
import dev.stagehand.api.spi.StepHandler;
import dev.stagehand.steps.sql.jdbc.DatabaseSession;
import dev.stagehand.steps.sql.jdbc.DatabaseSessions;
import java.sql.SQLException;
import java.util.Optional;

/**
 * What the SQL steps share: the target database named by an attribute, a Validate that opens
 * each database's connection once per deployment and reports it when unreachable, and a Cleanup
 * that closes the deployment's connections.
 */
abstract class AbstractSqlStepHandler implements StepHandler {

    /** The logical database the step works on, as the step names it; empty when it names none. */
    protected Optional<String> databaseName(StepContext context) {
        return context.attribute("targetDatabase").filter(v -> !v.isBlank());
    }

    /** The connection of the step's database. */
    protected DatabaseConnection database(StepContext context) {
        Object known = context.state().get(DATABASE);
        if (known instanceof DatabaseConnection connection) {
            return connection;
        }
        String name = databaseName(context).orElseThrow(() -> new DeploymentException(
                "step " + context.step().type() + " needs the attribute targetDatabase", context.location()));
        DatabaseConnection connection = context.variables().database(name);
        context.state().put(DATABASE, connection);
        return connection;
    }

    private static final String DATABASE = "sql.database";

    /** The deployment's session of the step's database. */
    protected DatabaseSession session(StepContext context) {
        return DatabaseSessions.of(context, database(context));
    }

    @Override
    public void validate(StepContext context) throws Exception {
        DatabaseConnection database;
        try {
            database = database(context);
        } catch (DeploymentException e) {
            context.problems().error(e.reason());
            return;
        }
        checkReachable(context, database);
        validateStep(context);
    }

    /** The step's own checks, after its database's. */
    protected void validateStep(StepContext context) throws Exception {
    }

    static void checkReachable(StepContext context, DatabaseConnection database) {
        DatabaseSession session = DatabaseSessions.of(context, database);
        if (!session.firstValidation()) {
            return;
        }
        try {
            session.jdbc();
        } catch (SQLException e) {
            context.problems().error("cannot connect to " + describe(database) + ": "
                    + context.variables().mask(String.valueOf(e.getMessage())));
        }
    }

    /** Whether the step's database answers; its problem is reported once, by {@link #validate}. */
    protected boolean reachable(StepContext context) {
        try {
            session(context).jdbc();
            return true;
        } catch (SQLException | RuntimeException e) {
            return false;
        }
    }

    /** The database for messages: logical name, type, where and who, never the password. */
    static String describe(DatabaseConnection c) {
        StringBuilder out = new StringBuilder("database ").append(c.logicalName()).append(" (").append(c.type());
        if (c.server() != null) {
            out.append(" at ").append(c.server());
            if (c.port() > 0) {
                out.append(':').append(c.port());
            }
            if (c.name() != null) {
                out.append('/').append(c.name());
            }
        } else {
            out.append(", ").append(c.url().replaceAll("(?i)([;&?:]password=)[^;&]*", "$1******"));
        }
        if (c.user() != null) {
            out.append(", user ").append(c.user());
        }
        return out.append(')').toString();
    }

    /** Every stage of every step has run by now: the deployment's connections can go. */
    @Override
    public void cleanup(StepContext context) {
        DatabaseSessions.closeAll(context.deploymentId());
    }

    /** A boolean attribute, {@code fallback} when absent. */
    static boolean flag(StepContext context, String name, boolean fallback) {
        return context.attribute(name).filter(v -> !v.isBlank()).map(Boolean::parseBoolean).orElse(fallback);
    }
}
