package dev.stagehand.cli.crash;

import dev.stagehand.api.PipelineStage;
import dev.stagehand.api.spi.StepContext;
import dev.stagehand.api.spi.StepHandler;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

/**
 * {@code Hold}, for the crash test only (packed into a plugin jar by it, never on a class path):
 * in the stage named by {@code stage}, while the file {@code switch} exists, it writes the file
 * {@code reached} and waits to be killed.
 */
public final class HoldStepHandler implements StepHandler {

    @Override
    public Set<String> stepTypes() {
        return Set.of("Hold");
    }

    @Override
    public void run(PipelineStage stage, StepContext context) throws Exception {
        if (!stage.displayName().equalsIgnoreCase(context.requiredAttribute("stage"))
                || !Files.exists(Path.of(context.requiredAttribute("switch")))) {
            return;
        }
        Files.writeString(Path.of(context.requiredAttribute("reached")), stage.displayName());
        // Held until the test kills the process.
        new java.util.concurrent.CountDownLatch(1).await();
    }
}
