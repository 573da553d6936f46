package dev.stagehand.steps.clickhouse;

import com.google.auto.service.AutoService;
import dev.stagehand.api.DeploymentException;
import dev.stagehand.api.model.Flags;
import dev.stagehand.api.spi.Fingerprint;
import dev.stagehand.api.spi.PlannedChange;
import dev.stagehand.api.spi.PlanningContext;
import dev.stagehand.api.spi.StepContext;
import dev.stagehand.api.spi.StepHandler;
import dev.stagehand.api.spi.Store;
import java.io.IOException;
import java.util.List;
import java.util.Set;

/**
 * {@code RunClickHouseSql} (real packages also write {@code RunClickhouseSql}: step types match
 * ignoring case): runs the scripts at {@code contentPath} (globs; in name order) on the
 * ClickHouse database named by {@code targetDatabase}, statement by statement.
 *
 * <ul>
 *   <li>{@code targetDatabase}: {@code $SYSTEM_NAME}, {@code $SYSTEM_NAME}CDM, {@code $SYSTEM_NAME}ODS,
 *       {@code $SYSTEM_NAME}DWH ({@code $SYSTEM_NAME} is the variable {@code Product.SystemName}), or a
 *       literal database name. The server: {@code Product.ClickHouse.Url}, or {@code .Server} and
 *       {@code .Port}; {@code .User}, {@code .Password}; {@code .CaFile} for an https server whose
 *       certificate the JDK does not trust.</li>
 *   <li>{@code conditionPath}: a one-query script; the scripts run only when its first row's first
 *       column is {@code 1} or {@code true}.</li>
 *   <li>{@code patchId}: the scripts run only when that id is not in the database's
 *       {@code T_DatabasePatches}; afterwards the id is recorded (with {@code patchDescription}),
 *       whether or not the condition held, unless the script recorded it itself.</li>
 *   <li>{@code replaceTokens="true"}: {@code $(...)} in the scripts and the condition are replaced first.</li>
 *   <li>{@code createDatabase="true"}: the step creates its database in Prepare when it is missing,
 *       and the plan says so, so that later steps on that database pass Validate.</li>
 * </ul>
 *
 * ClickHouse has no transactions: a failed statement is reported with its file, number, line
 * and the server's message; the statements before it stay applied, the patch is not recorded,
 * and a re-run runs the step again.
 */
@AutoService(StepHandler.class)
public final class RunClickHouseSqlStepHandler implements StepHandler {

    /** The files of the step's contentPath, in its store: Validate and Execute use the same ones. */
    private record Found(String contentPath) {
    }

    @Override
    public Set<String> stepTypes() {
        return Set.of("RunClickHouseSql");
    }

    @Override
    public List<PlannedChange> plannedChanges(PlanningContext context) {
        boolean creates = context.attributes().get("createDatabase").flatMap(Flags::parse).orElse(false);
        return ClickHouseDeployment.plannedChanges(context.attributes(), context.variables(), creates);
    }

    @Override
    public void fingerprint(StepContext context, Fingerprint fingerprint) throws Exception {
        ClickHouseDeployment.fingerprint(context, request(context), fingerprint);
    }

    @Override
    public void validate(StepContext context) throws Exception {
        String contentPath = context.attribute("contentPath").orElse("");
        List<String> scripts = List.of();
        if (contentPath.isBlank()) {
            context.problems().error("RunClickHouseSql needs a contentPath naming its script(s)");
        } else {
            try {
                scripts = scripts(context);
                if (scripts.isEmpty()) {
                    context.problems().error("contentPath " + contentPath + " matches no file of the package");
                }
            } catch (DeploymentException e) {
                context.problems().error("contentPath: " + e.reason());
            }
        }
        ClickHouseDeployment.validate(context, request(context, scripts), context.flag("createDatabase", false));
    }

    @Override
    public void prepare(StepContext context) throws Exception {
        if (context.flag("createDatabase", false)) {
            ClickHouseDeployment.createDatabase(context, context.attribute("targetDatabase").orElse(null));
        }
    }

    @Override
    public void execute(StepContext context) throws Exception {
        ClickHouseDeployment.run(context, request(context));
    }

    private static ClickHouseDeployment.Request request(StepContext context) throws Exception {
        return request(context, scripts(context));
    }

    private static ClickHouseDeployment.Request request(StepContext context, List<String> scripts) {
        return new ClickHouseDeployment.Request(context.attribute("targetDatabase").orElse(null), scripts,
                ClickHouseDeployment.nonBlank(context.attribute("conditionPath")).orElse(null),
                ClickHouseDeployment.nonBlank(context.attribute("patchId")).orElse(null),
                context.attribute("patchDescription").orElse(null), context.flag("replaceTokens", false));
    }

    /** The files of the contentPath, sorted by path, looked up once per step. */
    private static List<String> scripts(StepContext context) throws Exception {
        String contentPath = context.requiredAttribute("contentPath").trim();
        @SuppressWarnings("unchecked")
        List<String> found = context.store(Store.Scope.STEP).getOrCompute(new Found(contentPath), List.class, () -> {
            try {
                return List.copyOf(context.content().find(contentPath));
            } catch (IOException e) {
                throw new DeploymentException("cannot list " + contentPath + ": " + e.getMessage(), context.location(), e);
            } catch (IllegalArgumentException e) {
                throw new DeploymentException(e.getMessage(), context.location(), e);
            }
        });
        return found;
    }
}
