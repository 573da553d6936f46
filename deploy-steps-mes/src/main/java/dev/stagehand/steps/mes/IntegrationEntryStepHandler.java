package dev.stagehand.steps.mes;

import com.google.auto.service.AutoService;
import dev.stagehand.api.spi.ChangeKind;
import dev.stagehand.api.spi.PlannedChange;
import dev.stagehand.api.spi.PlanningContext;
import dev.stagehand.api.spi.StepContext;
import dev.stagehand.api.spi.StepHandler;
import dev.stagehand.steps.mes.store.IntegrationEntries.NewEntry;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code CreateIntegrationEntries}, {@code ExportedObjects} and {@code ProcessRules}: one
 * integration entry per package file matching {@code contentPath}, in file-name order, its
 * content the file's bytes. The message type is {@code ImportObjects} for exported objects,
 * {@code ProcessRule} for process rules, and the required {@code messageType} attribute for
 * the generic step; the step's other attributes are stored with each entry as its
 * handler-resolution attributes.
 */
@AutoService(StepHandler.class)
public final class IntegrationEntryStepHandler extends AbstractIntegrationEntryStepHandler {

    static final String GENERIC = "CreateIntegrationEntries";
    static final String EXPORTED_OBJECTS = "ExportedObjects";
    static final String PROCESS_RULES = "ProcessRules";

    @Override
    public Set<String> stepTypes() {
        return Set.of(GENERIC, EXPORTED_OBJECTS, PROCESS_RULES);
    }

    /** The fixed message type of a step type; empty for the generic step, whose attribute says. */
    static Optional<String> fixedMessageType(String stepType) {
        if (stepType.equalsIgnoreCase(EXPORTED_OBJECTS)) {
            return Optional.of("ImportObjects");
        }
        if (stepType.equalsIgnoreCase(PROCESS_RULES)) {
            return Optional.of("ProcessRule");
        }
        return Optional.empty();
    }

    @Override
    protected List<PlannedChange> planned(PlanningContext context) {
        return context.attributes().get("contentPath").map(path -> List.of(PlannedChange.creates(
                ChangeKind.INTEGRATION_ENTRY, path))).orElse(List.of());
    }

    @Override
    protected void validateEntries(StepContext context) throws Exception {
        String type = context.step().type();
        Optional<String> fixed = fixedMessageType(type);
        Optional<String> given = context.attribute("messageType").filter(v -> !v.isBlank());
        if (fixed.isEmpty() && given.isEmpty()) {
            context.problems().error(GENERIC + " needs the attribute messageType (the integration message's type)");
        } else if (fixed.isEmpty()) {
            fits(context, "messageType", given.get(), MESSAGE_TYPE_LENGTH);
        } else if (fixed.isPresent() && given.isPresent() && !given.get().equals(fixed.get())) {
            context.problems().warning(type + " always creates " + fixed.get() + " entries; messageType '"
                    + given.get() + "' is ignored");
        }
        Optional<String> contentPath = context.attribute("contentPath").filter(v -> !v.isBlank());
        if (contentPath.isEmpty()) {
            context.problems().error(type + " needs the attribute contentPath (the files to send, e.g. "
                    + (fixed.isPresent() && type.equalsIgnoreCase(PROCESS_RULES) ? "ProcessRules/*.cs" : "Integration/*.xml")
                    + ")");
        } else {
            List<String> files = files(context, contentPath.get());
            if (files.isEmpty()) {
                context.problems().error("contentPath " + contentPath.get() + " matches no file of the package");
            }
            for (String file : files) {
                fits(context, "the name of " + file, fileName(file), NAME_LENGTH);
            }
        }
    }

    /** The files of {@code contentPath}, in file-name order (then path, for equal names in other folders). */
    static List<String> files(StepContext context, String contentPath) throws IOException {
        List<String> files = new ArrayList<>(context.content().find(contentPath));
        files.sort(Comparator.comparing(IntegrationEntryStepHandler::fileName).thenComparing(Comparator.naturalOrder()));
        return files;
    }

    static String fileName(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    @Override
    protected List<NewEntry> entries(StepContext context) throws Exception {
        String messageType = fixedMessageType(context.step().type())
                .orElseGet(() -> context.requiredAttribute("messageType"));
        Map<String, String> attributes = handlerAttributes(context, "contentPath", "messageType");
        List<NewEntry> entries = new ArrayList<>();
        for (String file : files(context, context.requiredAttribute("contentPath"))) {
            entries.add(new NewEntry(fileName(file), messageType, Files.readAllBytes(context.content().resolve(file)),
                    attributes));
        }
        return entries;
    }
}
