package dev.stagehand.steps.sql;

import com.google.auto.service.AutoService;
import dev.stagehand.api.DeploymentException;
import dev.stagehand.api.database.DatabaseConnection;
import dev.stagehand.api.spi.ScriptHandler;
import dev.stagehand.api.spi.ScriptRequest;
import dev.stagehand.api.spi.StepContext;
import dev.stagehand.jdbc.JdbcSessions;
import java.util.List;
import java.util.Set;

/**
 * Runs {@code .sql} scripts of {@code Generic} steps ({@code scriptHandler="SQLServer"},
 * {@code "SQL"}, {@code "PostgreSQL"} or {@code "H2"}) against {@code targetDatabase} (default
 * {@code Online}), with {@code patchId} and {@code replaceTokens} as for RunSql, on the
 * deployment's session of that database. Validate checks that the database is reachable and,
 * with {@code replaceTokens}, that every {@code $(...)} of the script has a value.
 */
@AutoService(ScriptHandler.class)
public final class SqlScriptHandler implements ScriptHandler {

    static final String DEFAULT_DATABASE = "Online";

    @Override
    public Set<String> names() {
        return Set.of("SQLServer", "SQL", "PostgreSQL", "H2");
    }

    @Override
    public Set<String> extensions() {
        return Set.of("sql");
    }

    @Override
    public void validate(ScriptRequest request, StepContext context) throws Exception {
        DatabaseConnection database;
        try {
            database = database(request, context);
        } catch (DeploymentException e) {
            context.problems().error(e.reason());
            return;
        }
        AbstractSqlStepHandler.checkReachable(context, database);
        if (request.replaceTokens()) {
            ScriptDeployment.checkTokens(context, List.of(request.scriptPath()));
        }
    }

    @Override
    public void run(ScriptRequest request, StepContext context) throws Exception {
        new ScriptDeployment(context, JdbcSessions.of(context, database(request, context))).run(
                List.of(request.scriptPath()), request.patchId(), request.patchDescription(), request.replaceTokens(),
                true, ScriptDeployment.strict(context));
    }

    private static DatabaseConnection database(ScriptRequest request, StepContext context) {
        String target = request.targetDatabase() == null || request.targetDatabase().isBlank() ? DEFAULT_DATABASE
                : request.targetDatabase();
        return context.variables().database(target);
    }
}
