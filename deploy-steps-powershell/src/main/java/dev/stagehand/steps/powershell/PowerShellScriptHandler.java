package dev.stagehand.steps.powershell;

import com.google.auto.service.AutoService;
import dev.stagehand.api.spi.ScriptHandler;
import dev.stagehand.api.spi.ScriptRequest;
import dev.stagehand.api.spi.StepContext;
import java.util.Map;
import java.util.Set;

/**
 * Runs {@code .ps1} scripts of {@code Generic} steps ({@code scriptHandler="PowerShell"}) as
 * RunPowershell does, in the stage they are named for ({@code onPrepare="scripts/stop_host.ps1"}),
 * with the step's {@code timeout} (default 1800 s). Validate checks that an interpreter is there (the
 * engine, that the script is a file of the package).
 */
@AutoService(ScriptHandler.class)
public final class PowerShellScriptHandler implements ScriptHandler {

    @Override
    public Set<String> names() {
        return Set.of("PowerShell");
    }

    @Override
    public Set<String> extensions() {
        return Set.of("ps1");
    }

    @Override
    public void validate(ScriptRequest request, StepContext context) throws Exception {
        // that the script is a file of the package, the engine has checked
        if (PowerShell.interpreter(context).isEmpty()) {
            context.problems().error(PowerShell.missingInterpreter());
        }
    }

    @Override
    public void run(ScriptRequest request, StepContext context) throws Exception {
        PowerShell.run(context, request.scriptPath(), Map.of(), PowerShell.timeout(context));
    }
}
