package dev.stagehand.testkit;

import com.google.auto.service.AutoService;
import dev.stagehand.api.PipelineStage;
import dev.stagehand.api.io.Sha256;
import dev.stagehand.api.journal.ChangeRecord;
import dev.stagehand.api.model.XmlElement;
import dev.stagehand.api.spi.StepContext;
import dev.stagehand.api.spi.StepHandler;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * The step type the kit's own tests deploy: {@code <step type="Probe" .../>}.
 *
 * <ul>
 *   <li>In every stage it gives the stage's name as a notice, so a test reads from the events
 *       which stages the engine called it in, and in which order.</li>
 *   <li>Validate: an error when the package file {@code from} is missing.</li>
 *   <li>Execute: an error while the target has no {@code requires} path (a test adds it to let a
 *       re-run pass); else writes {@code file} with the package file {@code from}, or with its
 *       {@code text} and a line {@code name value text} per inner element, and records it as a
 *       change.</li>
 * </ul>
 */
@AutoService(StepHandler.class)
public final class ProbeStepHandler implements StepHandler {

    @Override
    public Set<String> stepTypes() {
        return Set.of("Probe");
    }

    @Override
    public void run(PipelineStage stage, StepContext context) throws Exception {
        context.notice(stage.displayName());
        StepHandler.super.run(stage, context);
    }

    @Override
    public void validate(StepContext context) {
        context.attribute("from").filter(from -> !context.content().exists(from)).ifPresent(from ->
                context.problems().error("the package has no file " + from));
    }

    @Override
    public void execute(StepContext context) throws Exception {
        String required = context.attribute("requires").orElse(null);
        if (required != null && !context.target().exists(required)) {
            context.problems().error("the target has no " + required + " yet");
            return;
        }
        String file = context.attribute("file").orElse(null);
        if (file == null) {
            return;
        }
        byte[] content = context.attribute("from").isPresent() ? readPackageFile(context)
                : written(context).getBytes(StandardCharsets.UTF_8);
        context.target().write(file, new ByteArrayInputStream(content));
        context.recordChange(ChangeRecord.file(file, Sha256.of(content)));
        context.detail("wrote " + file);
    }

    private static byte[] readPackageFile(StepContext context) throws Exception {
        try (InputStream in = context.content().open(context.attribute("from").orElseThrow())) {
            return in.readAllBytes();
        }
    }

    private static String written(StepContext context) {
        StringBuilder out = new StringBuilder(context.attribute("text").orElse("")).append('\n');
        for (XmlElement child : context.children()) {
            out.append(child.name()).append(' ').append(child.attribute("value").orElse("")).append(' ')
                    .append(child.text()).append('\n');
        }
        return out.toString();
    }
}
