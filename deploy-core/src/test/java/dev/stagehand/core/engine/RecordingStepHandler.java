package dev.stagehand.core.engine;

import com.google.auto.service.AutoService;
import dev.stagehand.api.PipelineStage;
import dev.stagehand.api.spi.StepContext;
import dev.stagehand.api.spi.StepHandler;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;

/**
 * Test step types. {@code Record} notes every stage it runs in as
 * {@code Stage package@version#step}. {@code Fail} does the same and fails in the stage named by
 * {@code failIn}; with {@code onceMarker} it fails only while that file does not exist yet (and
 * creates it), to test resuming. {@code Echo} logs, and fails with, its {@code text} attribute.
 * {@code Unlinkable} is a handler whose classes cannot be loaded: it throws {@link NoClassDefFoundError}.
 */
@AutoService(StepHandler.class)
public final class RecordingStepHandler implements StepHandler {

    static final List<String> RECORD = Collections.synchronizedList(new ArrayList<>());

    @Override
    public Set<String> stepTypes() {
        return Set.of("Record", "Fail", "Echo", "Unlinkable");
    }

    @Override
    public void run(PipelineStage stage, StepContext context) throws Exception {
        RECORD.add(stage + " " + context.manifest().coordinates() + "#" + context.step().index());
        if (context.step().isType("Unlinkable")) {
            throw new NoClassDefFoundError("com/example/MissingFromThePluginJar");
        }
        if (context.step().isType("Echo")) {
            String text = context.requiredAttribute("text");
            context.log().info("echo says {}", text);
            if (stage == PipelineStage.EXECUTE) {
                throw new IllegalStateException("echo failed with " + text);
            }
        }
        if (context.step().isType("Fail") && context.attribute("failIn").orElse("").equalsIgnoreCase(stage.displayName())) {
            String marker = context.attribute("onceMarker").filter(m -> !m.isBlank()).orElse(null);
            if (marker == null) {
                throw new IllegalStateException("planned failure in " + stage);
            }
            Path file = Path.of(marker);
            if (!Files.exists(file)) {
                Files.createFile(file);
                throw new IllegalStateException("planned failure in " + stage + " (first run only)");
            }
        }
    }
}
