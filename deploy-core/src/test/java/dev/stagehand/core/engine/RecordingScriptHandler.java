package dev.stagehand.core.engine;

import com.google.auto.service.AutoService;
import dev.stagehand.api.spi.ScriptHandler;
import dev.stagehand.api.spi.ScriptRequest;
import dev.stagehand.api.spi.StepContext;
import java.nio.file.Files;
import java.util.Set;

/** A test script handler for {@code .echo} scripts: records the stage, the script and its first line. */
@AutoService(ScriptHandler.class)
public final class RecordingScriptHandler implements ScriptHandler {

    @Override
    public Set<String> names() {
        return Set.of("Echo");
    }

    @Override
    public Set<String> extensions() {
        return Set.of("echo");
    }

    /** A script whose first line says INVALID is refused before anything runs. */
    @Override
    public void validate(ScriptRequest request, StepContext context) throws Exception {
        String text = Files.readAllLines(context.content().resolve(request.scriptPath())).get(0);
        RecordingStepHandler.RECORD.add("validate script " + request.scriptPath() + " for " + request.stage());
        if (text.contains("INVALID")) {
            context.problems().error(request.scriptPath() + " says it is INVALID");
        }
    }

    @Override
    public void run(ScriptRequest request, StepContext context) throws Exception {
        String text = Files.readAllLines(context.content().resolve(request.scriptPath())).get(0);
        RecordingStepHandler.RECORD.add("script " + context.stage() + " " + request.scriptPath() + " " + text
                + " patch=" + request.patchId());
    }
}
