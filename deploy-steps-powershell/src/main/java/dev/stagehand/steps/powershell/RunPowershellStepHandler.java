package dev.stagehand.steps.powershell;

import com.google.auto.service.AutoService;
import dev.stagehand.api.DeploymentException;
import dev.stagehand.api.spi.StepContext;
import dev.stagehand.api.spi.StepHandler;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code <step type="RunPowershell" contentPath="scripts/setup.ps1" timeout="600" Site="A"/>}: runs
 * the script with PowerShell on the target in Execute; every attribute besides the step's own
 * ({@code type}, {@code contentPath}, {@code timeout} and the engine's common ones) reaches the
 * script as a named parameter ({@code -Site A}).
 */
@AutoService(StepHandler.class)
public final class RunPowershellStepHandler implements StepHandler {

    static final Set<String> OWN_ATTRIBUTES = Set.of("type", "contentpath", "timeout", "onerror", "description",
            "name", "condition", "order", "id");

    @Override
    public Set<String> stepTypes() {
        return Set.of("RunPowershell");
    }

    @Override
    public void validate(StepContext context) throws Exception {
        String script = context.requiredAttribute("contentPath");
        try {
            if (!context.content().exists(script)) {
                context.problems().error("script " + script + " is not a file of the package");
            }
            PowerShell.timeout(context);
        } catch (DeploymentException | IllegalArgumentException e) {
            context.problems().error(e.getMessage());
            return;
        }
        if (PowerShell.interpreter(context).isEmpty()) {
            context.problems().error(PowerShell.missingInterpreter());
        }
    }

    @Override
    public void execute(StepContext context) throws Exception {
        if (context.dryRun()) {
            return;
        }
        Map<String, String> parameters = new LinkedHashMap<>();
        context.attributes().asMap().forEach((name, value) -> {
            if (!OWN_ATTRIBUTES.contains(name.toLowerCase(Locale.ROOT))) {
                parameters.put(name, value);
            }
        });
        PowerShell.run(context, context.requiredAttribute("contentPath"), parameters, PowerShell.timeout(context));
    }
}
