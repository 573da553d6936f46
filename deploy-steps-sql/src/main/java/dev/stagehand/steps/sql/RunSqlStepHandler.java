package dev.stagehand.steps.sql;

import com.google.auto.service.AutoService;
import dev.stagehand.api.spi.ChangeKind;
import dev.stagehand.api.spi.Fingerprint;
import dev.stagehand.api.spi.PlannedChange;
import dev.stagehand.api.spi.PlanningContext;
import dev.stagehand.api.spi.StepContext;
import dev.stagehand.api.spi.StepHandler;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * {@code RunSql}: runs the scripts at {@code contentPath} (globs; in path order) against
 * {@code targetDatabase}.
 *
 * <ul>
 *   <li>{@code patchId}: run only when that id is not in the database's {@code T_DatabasePatches};
 *       {@code patchDescription} goes into its row.</li>
 *   <li>{@code replaceTokens="true"}: replace {@code $(Variable)} in the scripts first.</li>
 *   <li>{@code strictPatches="true"} (or the variable {@code Product.Database.StrictPatches}): a
 *       patch applied from a script that has changed since fails the step instead of warning.</li>
 *   <li>{@code transaction="false"}: run in auto-commit; by default each script (or the whole
 *       patch) is one transaction unless it holds statements that cannot run in one.</li>
 * </ul>
 */
@AutoService(StepHandler.class)
public final class RunSqlStepHandler extends AbstractSqlStepHandler {

    @Override
    public Set<String> stepTypes() {
        return Set.of("RunSql");
    }

    /** The database it changes and, with a patch id, the patch it applies. */
    @Override
    public List<PlannedChange> plannedChanges(PlanningContext context) {
        List<PlannedChange> changes = new ArrayList<>();
        ScriptDeployment.logicalName(context.attributes().get("targetDatabase").orElse(null)).ifPresent(database -> {
            changes.add(PlannedChange.changes(ChangeKind.DATABASE, database));
            context.attributes().get("patchId").filter(v -> !v.isBlank()).ifPresent(patch ->
                    changes.add(PlannedChange.creates(ChangeKind.PATCH, database + "/" + patch)));
        });
        return changes;
    }

    /** With {@code replaceTokens}, the variables the scripts use. */
    @Override
    public void fingerprint(StepContext context, Fingerprint fingerprint) throws Exception {
        ScriptDeployment.fingerprintTokens(context, fingerprint);
    }

    @Override
    protected void validateStep(StepContext context) throws Exception {
        String contentPath = context.attribute("contentPath").orElse("");
        if (contentPath.isBlank()) {
            context.problems().error("RunSql needs a contentPath naming its script(s)");
            return;
        }
        List<String> scripts = ScriptDeployment.find(context, contentPath);
        if (scripts.isEmpty()) {
            context.problems().error("contentPath " + contentPath + " matches no file of the package");
            return;
        }
        ScriptDeployment.checkTokens(context, scripts);
        // In strict mode a changed patch must stop the deployment before anything is changed;
        // otherwise Execute warns about it (once) and goes on.
        String patchId = context.attribute("patchId").filter(v -> !v.isBlank()).orElse(null);
        if (patchId != null && ScriptDeployment.strict(context) && reachable(context)) {
            new ScriptDeployment(context, session(context)).changedPatch(scripts, patchId)
                    .ifPresent(context.problems()::error);
        }
    }

    @Override
    public void execute(StepContext context) throws Exception {
        List<String> scripts = ScriptDeployment.find(context, context.requiredAttribute("contentPath"));
        new ScriptDeployment(context, session(context)).run(scripts,
                context.attribute("patchId").filter(v -> !v.isBlank()).orElse(null),
                context.attribute("patchDescription").orElse(null), context.flag("replaceTokens", false),
                context.flag("transaction", true), ScriptDeployment.strict(context));
    }
}
