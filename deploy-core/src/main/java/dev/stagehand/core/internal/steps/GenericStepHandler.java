package dev.stagehand.core.internal.steps;

import com.google.auto.service.AutoService;
import dev.stagehand.api.DeploymentException;
import dev.stagehand.api.PipelineStage;
import dev.stagehand.api.spi.ScriptHandler;
import dev.stagehand.api.spi.ScriptRequest;
import dev.stagehand.api.spi.StepContext;
import dev.stagehand.api.spi.StepHandler;
import java.util.Optional;
import java.util.Set;

/**
 * {@code Generic}: runs the script named by {@code on<Stage>} (onPrepare, onExecute, ...) in that
 * stage, through the script handler named by {@code scriptHandler} or inferred from the script's
 * extension ({@code .sql}, {@code .ps1}, ...). Scripts are re-run when a failed deployment
 * resumes: a script is the step's whole work, and patch ids keep SQL scripts from applying twice.
 */
@AutoService(StepHandler.class)
public final class GenericStepHandler implements StepHandler {

    @Override
    public Set<String> stepTypes() {
        return Set.of("Generic");
    }

    @Override
    public boolean rerunOnResume(StepContext context) {
        return true;
    }

    @Override
    public void run(PipelineStage stage, StepContext context) throws Exception {
        if (stage == PipelineStage.VALIDATE) {
            check(context);
            if (hasScriptErrors(context)) {
                return;
            }
        }
        Optional<String> script = context.attribute("on" + stage.displayName());
        if (script.isEmpty() || script.get().isBlank()) {
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
        handler.run(new ScriptRequest(script.get(), context.attribute("targetDatabase").orElse(null),
                context.attribute("patchId").orElse(null), context.attribute("patchDescription").orElse(null),
                context.attribute("replaceTokens").map(Boolean::parseBoolean).orElse(false)), context);
    }

    private static boolean hasScriptErrors(StepContext context) {
        return Boolean.TRUE.equals(context.state().get("generic.invalid"));
    }

    /** Every script named exists in the package and has a handler. */
    private static void check(StepContext context) {
        boolean any = false;
        for (PipelineStage stage : PipelineStage.values()) {
            Optional<String> script = context.attribute("on" + stage.displayName()).filter(s -> !s.isBlank());
            if (script.isEmpty()) {
                continue;
            }
            any = true;
            boolean exists;
            try {
                exists = context.content().exists(script.get());
            } catch (IllegalArgumentException e) {
                context.problems().error("on" + stage.displayName() + ": " + e.getMessage());
                context.state().put("generic.invalid", true);
                continue;
            }
            if (!exists) {
                context.problems().error("on" + stage.displayName() + " names " + script.get()
                        + ", which is not in the package");
                context.state().put("generic.invalid", true);
            }
            if (handlerFor(context, script.get()).isEmpty()) {
                String named = context.attribute("scriptHandler").orElse(null);
                context.problems().error((named == null ? "no script handler runs " + script.get()
                        : "scriptHandler '" + named + "' is not known") + "; install the module for it"
                        + " (SQL, ClickHouse, PowerShell)");
                context.state().put("generic.invalid", true);
            }
        }
        if (!any) {
            context.problems().warning("Generic step names no script (onPrepare, onExecute, ...); it does nothing");
        }
    }

    private static Optional<ScriptHandler> handlerFor(StepContext context, String script) {
        Optional<String> named = context.attribute("scriptHandler").filter(s -> !s.isBlank());
        return named.isPresent() ? context.scriptHandlers().byName(named.get())
                : context.scriptHandlers().forScript(script);
    }
}
