package dev.stagehand.core.readme;

import com.google.auto.service.AutoService;
import dev.stagehand.api.spi.StepContext;
import dev.stagehand.api.spi.StepHandler;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/** Handles {@code <step type="WriteMarker" file="$(Product.InstallationPath)/installed.txt" text="..."/>}. */
@AutoService(StepHandler.class)
public final class WriteMarkerStepHandler implements StepHandler {

    @Override
    public Set<String> stepTypes() {
        return Set.of("WriteMarker");
    }

    @Override
    public void validate(StepContext context) {
        if (context.attribute("file").isEmpty()) {
            context.problems().error("WriteMarker needs a file attribute");
        }
    }

    @Override
    public void execute(StepContext context) throws Exception {
        String file = context.requiredAttribute("file");
        String text = context.attribute("text").orElse(context.manifest().coordinates());
        context.target().write(file, new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
        context.log().info("wrote {}", file);
    }
}
