package dev.stagehand.steps.clickhouse;

import com.google.auto.service.AutoService;
import dev.stagehand.api.spi.ScriptHandler;
import dev.stagehand.api.spi.ScriptRequest;
import dev.stagehand.api.spi.StepContext;
import java.util.List;
import java.util.Set;

/**
 * Runs the scripts of {@code Generic} steps that name {@code scriptHandler="ClickHouse"}, on the
 * ClickHouse database of {@code targetDatabase} ({@code $SYSTEM_NAME} and its CDM, ODS, DWH
 * forms, or a name), with {@code patchId}, {@code patchDescription} and {@code replaceTokens} as
 * for RunClickHouseSql, on the deployment's client of the server. It is never inferred from an
 * extension: {@code .sql} scripts are the SQL module's unless the step names this handler.
 */
@AutoService(ScriptHandler.class)
public final class ClickHouseScriptHandler implements ScriptHandler {

    @Override
    public Set<String> names() {
        return Set.of("ClickHouse");
    }

    @Override
    public Set<String> extensions() {
        return Set.of();
    }

    @Override
    public void validate(ScriptRequest request, StepContext context) throws Exception {
        ClickHouseDeployment.validate(context, request(request), false);
    }

    @Override
    public void run(ScriptRequest request, StepContext context) throws Exception {
        ClickHouseDeployment.run(context, request(request));
    }

    private static ClickHouseDeployment.Request request(ScriptRequest request) {
        String patchId = request.patchId() == null || request.patchId().isBlank() ? null : request.patchId().trim();
        return new ClickHouseDeployment.Request(request.targetDatabase(), List.of(request.scriptPath()), null, patchId,
                request.patchDescription(), request.replaceTokens());
    }
}
