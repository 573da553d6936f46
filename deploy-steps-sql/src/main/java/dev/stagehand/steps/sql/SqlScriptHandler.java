package dev.stagehand.steps.sql;

import com.google.auto.service.AutoService;
import dev.stagehand.api.spi.ScriptHandler;
import dev.stagehand.api.spi.ScriptRequest;
import dev.stagehand.api.spi.StepContext;
import dev.stagehand.steps.sql.jdbc.DatabaseSession;
import java.util.List;
import java.util.Set;

/**
 * Runs {@code .sql} scripts of {@code Generic} steps ({@code scriptHandler="SQLServer"},
 * {@code "SQL"}, {@code "PostgreSQL"} or {@code "H2"}) against {@code targetDatabase} (default
 * {@code Online}), with {@code patchId} and {@code replaceTokens} as for RunSql.
 *
 * <p>Each script gets a connection of its own, closed when it finishes: a Generic step has no
 * SQL-specific Cleanup in which a shared one could be closed.
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
    public void run(ScriptRequest request, StepContext context) throws Exception {
        String target = request.targetDatabase() == null || request.targetDatabase().isBlank() ? DEFAULT_DATABASE
                : request.targetDatabase();
        try (DatabaseSession session = new DatabaseSession(context.variables().database(target))) {
            new ScriptDeployment(context, session).run(List.of(request.scriptPath()), request.patchId(),
                    request.patchDescription(), request.replaceTokens(), true, ScriptDeployment.strict(context));
        }
    }
}
