package dev.stagehand.core.engine;

import com.google.auto.service.AutoService;
import dev.stagehand.api.spi.StepContext;
import dev.stagehand.api.spi.StepHandler;
import java.util.Set;

/** A test step type that only executes, as most handlers do. */
@AutoService(StepHandler.class)
public final class ExecuteOnlyStepHandler implements StepHandler {

    @Override
    public Set<String> stepTypes() {
        return Set.of("ExecuteOnly");
    }

    @Override
    public void execute(StepContext context) {
        RecordingStepHandler.RECORD.add(context.stage() + " " + context.manifest().coordinates() + "#"
                + context.step().index());
    }
}
