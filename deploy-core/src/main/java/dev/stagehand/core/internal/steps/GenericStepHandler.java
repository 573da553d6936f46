package dev.stagehand.core.internal.steps;

import com.google.auto.service.AutoService;
import dev.stagehand.api.DeploymentException;
import dev.stagehand.api.PipelineStage;
import dev.stagehand.api.journal.ChangeRecord;
import dev.stagehand.api.model.StepDescriptor;
import dev.stagehand.api.spi.Reversibility;
import dev.stagehand.api.spi.ChangeKind;
import dev.stagehand.api.spi.Fingerprint;
import dev.stagehand.api.spi.PlannedChange;
import dev.stagehand.api.spi.PlanningContext;
import dev.stagehand.api.spi.ScriptHandler;
import dev.stagehand.api.spi.ScriptRequest;
import dev.stagehand.api.spi.StepContext;
import dev.stagehand.api.spi.StepHandler;
import dev.stagehand.api.spi.Store;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code Generic}: runs the script named by {@code on<Stage>} (onPrepare, onExecute, ...) in that
 * stage, through the script handler named by {@code scriptHandler} or inferred from the script's
 * extension ({@code .sql}, {@code .ps1}, ...). In Validate every script must be a file of the
 * package with a handler, and each handler checks its script ({@link ScriptHandler#validate}), so
 * a Generic step's problems stop the deployment before anything changes. A resumed deployment
 * runs a stage's script again only when its inputs changed: the script file, or with
 * {@code replaceTokens} a variable it uses.
 */
@AutoService(StepHandler.class)
public final class GenericStepHandler implements StepHandler {

    /** The attribute naming the script an uninstall runs (in its Execute stage). */
    public static final String ON_UNINSTALL = "onUninstall";

    /** Set in the step's store when Validate found a script that cannot run. */
    private record Invalid() {
    }

    @Override
    public Set<String> stepTypes() {
        return Set.of("Generic");
    }

    @Override
    public List<PlannedChange> plannedChanges(PlanningContext context) {
        List<PlannedChange> changes = new ArrayList<>();
        for (PipelineStage stage : PipelineStage.values()) {
            context.attributes().get("on" + stage.displayName()).filter(s -> !s.isBlank()).ifPresent(script ->
                    changes.add(PlannedChange.createsOrChanges(ChangeKind.SCRIPT, script)));
        }
        return changes;
    }

    /** A script may change anything: a step that runs one cannot be undone (its onUninstall runs on uninstall). */
    @Override
    public Reversibility reversibility(StepDescriptor step) {
        for (PipelineStage stage : PipelineStage.values()) {
            if (step.attribute("on" + stage.displayName()).filter(s -> !s.isBlank()).isPresent()) {
                return Reversibility.IRREVERSIBLE;
            }
        }
        return Reversibility.NO_CHANGES;
    }

    @Override
    public void fingerprint(StepContext context, Fingerprint fingerprint) throws Exception {
        for (PipelineStage stage : PipelineStage.values()) {
            Optional<String> script = context.attribute("on" + stage.displayName()).filter(s -> !s.isBlank());
            if (script.isPresent() && context.content().exists(script.get())) {
                fingerprint.addPackageFile(script.get());
                if (context.flag("replaceTokens", false)) {
                    fingerprint.addVariablesUsedInFile(script.get());
                }
            }
        }
    }

    @Override
    public void run(PipelineStage stage, StepContext context) throws Exception {
        if (stage == PipelineStage.VALIDATE) {
            check(context);
        }
        Optional<String> onUninstall = context.attribute(ON_UNINSTALL).filter(s -> !s.isBlank());
        if (stage == PipelineStage.COMPLETE && onUninstall.isPresent() && !context.dryRun()) {
            // Registered once the package is complete: an uninstall runs it, and needs the package to.
            context.recordChange(new ChangeRecord(ChangeRecord.UNINSTALL_SCRIPT, onUninstall.get(), ""));
        }
        Optional<String> script = context.attribute("on" + stage.displayName()).filter(s -> !s.isBlank());
        if (script.isEmpty() || context.store(Store.Scope.STEP).get(Invalid.class, Invalid.class).isPresent()) {
            return;
        }
        if (context.dryRun()) {
            // A script can change anything in any stage: a dry run runs none.
            context.log().info("would run {} in {}", script.get(), stage);
            return;
        }
        ScriptHandler handler = handlerFor(context, script.get())
                .orElseThrow(() -> new DeploymentException("no script handler for " + script.get(), context.location()));
        context.log().info("running {} in {} with {}", script.get(), stage, handler.getClass().getSimpleName());
        handler.run(request(context, script.get(), stage), context);
        context.detail("ran " + script.get());
    }

    private static ScriptRequest request(StepContext context, String script, PipelineStage stage) {
        return new ScriptRequest(script, stage, context.attribute("targetDatabase").orElse(null),
                context.attribute("patchId").orElse(null), context.attribute("patchDescription").orElse(null),
                context.flag("replaceTokens", false));
    }

    /** Every script named exists in the package and has a handler, which checks it in turn. */
    private static void check(StepContext context) throws Exception {
        boolean any = false;
        Optional<String> onUninstall = context.attribute(ON_UNINSTALL).filter(s -> !s.isBlank());
        if (onUninstall.isPresent()) {
            any = true;
            checkUninstallScript(context, onUninstall.get());
        }
        for (PipelineStage stage : PipelineStage.values()) {
            Optional<String> script = context.attribute("on" + stage.displayName()).filter(s -> !s.isBlank());
            if (script.isEmpty()) {
                continue;
            }
            any = true;
            Optional<ScriptHandler> handler = handlerFor(context, script.get());
            if (!isPackageFile(context, stage, script.get()) || handler.isEmpty()) {
                if (handler.isEmpty()) {
                    String named = context.attribute("scriptHandler").orElse(null);
                    context.problems().error((named == null ? "no script handler runs " + script.get()
                            : "scriptHandler '" + named + "' is not known") + "; install the module for it"
                            + " (SQL, ClickHouse, PowerShell)");
                }
                context.store(Store.Scope.STEP).put(Invalid.class, new Invalid());
                continue;
            }
            handler.get().validate(request(context, script.get(), stage), context);
        }
        if (!any) {
            context.problems().warning("Generic step names no script (onPrepare, onExecute, ...); it does nothing");
        }
    }

    /** An uninstall script must be in the package with a handler now: the uninstall is too late to find out. */
    private static void checkUninstallScript(StepContext context, String script) {
        try {
            if (!context.content().exists(script)) {
                context.problems().error(ON_UNINSTALL + " names " + script + ", which is not in the package");
                return;
            }
        } catch (IllegalArgumentException e) {
            context.problems().error(ON_UNINSTALL + ": " + e.getMessage());
            return;
        }
        if (handlerFor(context, script).isEmpty()) {
            context.problems().error("no script handler runs the " + ON_UNINSTALL + " script " + script);
        }
    }

    private static boolean isPackageFile(StepContext context, PipelineStage stage, String script) {
        try {
            if (context.content().exists(script)) {
                return true;
            }
            context.problems().error("on" + stage.displayName() + " names " + script + ", which is not in the package");
        } catch (IllegalArgumentException e) {
            context.problems().error("on" + stage.displayName() + ": " + e.getMessage());
        }
        return false;
    }

    private static Optional<ScriptHandler> handlerFor(StepContext context, String script) {
        Optional<String> named = context.attribute("scriptHandler").filter(s -> !s.isBlank());
        return named.isPresent() ? context.scriptHandlers().byName(named.get())
                : context.scriptHandlers().forScript(script);
    }
}
