package com.example.deploy;

import com.google.auto.service.AutoService;
import dev.stagehand.api.spi.ChangeKind;
import dev.stagehand.api.spi.PlannedChange;
import dev.stagehand.api.spi.PlanningContext;
import dev.stagehand.api.spi.StepContext;
import dev.stagehand.api.spi.StepHandler;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;

/** Handles {@code <step type="WriteMarker" file="$(Product.InstallationPath)/installed.txt" text="..."/>}. */
@AutoService(StepHandler.class)
public final class WriteMarkerStepHandler implements StepHandler {

    @Override
    public Set<String> stepTypes() {
        return Set.of("WriteMarker");
    }

    /** Tells the plan, before anything runs, which file the step will write. */
    @Override
    public List<PlannedChange> plannedChanges(PlanningContext context) {
        return context.attributes().get("file")
                .map(file -> List.of(PlannedChange.createsOrChanges(ChangeKind.FILE, file)))
                .orElse(List.of());
    }

    @Override
    public void validate(StepContext context) {
        if (context.attribute("file").filter(file -> !file.isBlank()).isEmpty()) {
            context.problems().error("WriteMarker needs a file attribute");
        }
    }

    @Override
    public void execute(StepContext context) throws Exception {
        String file = context.requiredAttribute("file");
        String text = context.attribute("text").orElse(context.manifest().coordinates());
        if (context.target().exists(file)) {
            context.notice("replaces the marker " + file);
        }
        context.target().write(file, new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
        context.log().info("wrote {}", file);
        context.detail("wrote " + file);
    }
}
