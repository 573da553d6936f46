package dev.stagehand.steps.sql;

import dev.stagehand.api.DeploymentException;
import dev.stagehand.api.database.DatabaseConnection;
import dev.stagehand.api.spi.StepContext;
import dev.stagehand.api.spi.StepHandler;
import dev.stagehand.api.spi.Store;
import dev.stagehand.jdbc.JdbcSession;
import dev.stagehand.jdbc.JdbcSessions;
import java.sql.SQLException;
import java.util.Optional;

/**
 * What the SQL steps share: the target database named by an attribute, resolved once per step;
 * the deployment's session of it (closed by the engine when the deployment ends); and a Validate
 * that connects to each database once per deployment and reports it once when unreachable.
 */
abstract class AbstractSqlStepHandler implements StepHandler {

    /** The step's database connection, in its step store. */
    private record Database() {
    }

    /** Whether a database answered, in the deployment's store: asked once per deployment. */
    private record Reachability(String url, String user) {
    }

    /** The logical database the step works on, as the step names it; empty when it names none. */
    protected Optional<String> databaseName(StepContext context) {
        return context.attribute("targetDatabase").filter(v -> !v.isBlank());
    }

    /** The connection of the step's database. */
    protected DatabaseConnection database(StepContext context) throws Exception {
        return context.store(Store.Scope.STEP).getOrCompute(Database.class, DatabaseConnection.class, () -> {
            String name = databaseName(context).orElseThrow(() -> new DeploymentException(
                    "step " + context.step().type() + " needs the attribute targetDatabase", context.location()));
            return context.variables().database(name);
        });
    }

    /** The deployment's session of the step's database. */
    protected JdbcSession session(StepContext context) throws Exception {
        return JdbcSessions.of(context, database(context));
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

    /** Connects once per deployment and database; the first step to find it unreachable reports it. */
    static boolean checkReachable(StepContext context, DatabaseConnection database) throws Exception {
        Store store = context.store(Store.Scope.DEPLOYMENT);
        Reachability key = new Reachability(database.url(), database.user());
        Optional<Boolean> known = store.get(key, Boolean.class);
        if (known.isPresent()) {
            return known.get();
        }
        boolean reached;
        try {
            JdbcSessions.of(context, database).jdbc();
            reached = true;
        } catch (SQLException e) {
            context.problems().error("cannot connect to " + database.describe() + ": "
                    + context.variables().mask(String.valueOf(e.getMessage())));
            reached = false;
        }
        store.put(key, reached);
        return reached;
    }

    /** Whether the step's database answers; its problem is reported once, by {@link #validate}. */
    protected boolean reachable(StepContext context) throws Exception {
        return checkReachable(context, database(context));
    }
}
