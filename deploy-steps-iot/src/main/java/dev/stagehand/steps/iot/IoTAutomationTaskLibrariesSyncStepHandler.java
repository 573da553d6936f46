package dev.stagehand.steps.iot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.auto.service.AutoService;
import dev.stagehand.api.DeploymentException;
import dev.stagehand.api.model.XmlElement;
import dev.stagehand.api.spi.Fingerprint;
import dev.stagehand.api.spi.StepContext;
import dev.stagehand.api.spi.StepHandler;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code <step type="IoTAutomationTaskLibrariesSync"/>}: records every automation task library of
 * the IoT repository (a package whose {@code package.json} has a
 * {@code criticalManufacturing.tasksLibrary} section; or, when the step lists
 * {@code <library name="..."/>} elements, exactly those packages) in
 * {@code automation-task-libraries.json} beside the index: name, version, path, SHA-256, tasks,
 * converters and the whole section. Written atomically, and only when something changed; the
 * step tells how many libraries were added, updated and unchanged.
 */
@AutoService(StepHandler.class)
public final class IoTAutomationTaskLibrariesSyncStepHandler implements StepHandler {

    static final String TYPE = "IoTAutomationTaskLibrariesSync";

    @Override
    public Set<String> stepTypes() {
        return Set.of(TYPE);
    }

    @Override
    public void validate(StepContext context) {
        Repository.checkLocation(context, TYPE);
        for (XmlElement child : context.children()) {
            if (child.attribute("name").filter(v -> !v.isBlank()).isEmpty()) {
                context.problems().error(TYPE + ": inner element <" + child.name()
                        + "> needs a name attribute naming a package of the repository", child.location());
            }
        }
    }

    @Override
    public void fingerprint(StepContext context, Fingerprint fingerprint) throws Exception {
        RepositoryScanner.fingerprint(context, fingerprint);
    }

    @Override
    public void execute(StepContext context) throws Exception {
        String root = Repository.requiredLocation(context, TYPE);
        Set<String> listed = new LinkedHashSet<>();
        context.children().forEach(child -> child.attribute("name").filter(v -> !v.isBlank()).ifPresent(listed::add));
        if (context.dryRun()) {
            context.log().info("would sync the automation task libraries of {}", root);
            return;
        }
        RepositoryScanner scanner = new RepositoryScanner(context.target(), root);
        String cataloguePath = scanner.resolve(Repository.CATALOGUE_FILE);
        Optional<byte[]> previous = GenerateRepositoryIndexStepHandler.readIfPresent(context.target(), cataloguePath);
        Map<String, JsonNode> known = new HashMap<>();
        Map<String, JsonNode> previousLibraries = new HashMap<>();
        if (previous.isPresent()) {
            try {
                JsonNode old = RepositoryScanner.JSON.readTree(previous.get());
                for (JsonNode entry : old.path("libraries")) {
                    known.put(entry.path("path").asText(), entry);
                    previousLibraries.put(entry.path("name").asText(), entry);
                }
                for (JsonNode entry : old.path("otherPackages")) {
                    known.put(entry.path("path").asText(), entry);
                }
            } catch (IOException e) {
                context.log().warn("the previous {} is not valid JSON: every package is read again", cataloguePath);
            }
        }
        List<ObjectNode> libraries = new ArrayList<>();
        List<ObjectNode> others = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        try {
            for (RepositoryScanner.Found found : scanner.find()) {
                JsonNode old = known.get(found.path());
                ObjectNode entry;
                if (old != null && found.stamp().equals(old.path("stamp").asText())) {
                    entry = (ObjectNode) old.deepCopy();
                } else {
                    entry = describe(found, scanner.read(found));
                }
                boolean library = listed.isEmpty() ? entry.has("tasksLibrary")
                        : listed.contains(entry.path("name").asText());
                if (entry.has("name")) {
                    seen.add(entry.path("name").asText());
                }
                (library ? libraries : others).add(entry);
            }
        } catch (IllegalArgumentException | IOException e) {
            throw new DeploymentException(e.getMessage() + " (nothing was written to " + cataloguePath + ")",
                    context.location(), e);
        }
        for (String name : listed) {
            if (!seen.contains(name)) {
                throw new DeploymentException(TYPE + " lists the package " + name + ", which is not in the IoT repository "
                        + root + " (nothing was written to " + cataloguePath + ")", context.location());
            }
        }
        libraries.sort(Comparator.<ObjectNode, String>comparing(e -> e.path("name").asText())
                .thenComparing(e -> e.path("version").asText()).thenComparing(e -> e.path("path").asText()));
        int added = 0;
        int updated = 0;
        int unchanged = 0;
        for (ObjectNode library : libraries) {
            JsonNode old = previousLibraries.remove(library.path("name").asText());
            if (old == null) {
                added++;
            } else if (withoutStamp(old).equals(withoutStamp(library))) {
                unchanged++;
            } else {
                updated++;
            }
        }
        int removed = previousLibraries.size();
        ObjectNode catalogue = RepositoryScanner.JSON.createObjectNode();
        catalogue.put("formatVersion", 1);
        ArrayNode array = catalogue.putArray("libraries");
        libraries.forEach(array::add);
        // Packages that are no library keep their stamps here, so that a re-run need not open them again.
        ArrayNode other = catalogue.putArray("otherPackages");
        others.stream().sorted(Comparator.comparing(e -> e.path("path").asText()))
                .forEach(e -> other.addObject().put("path", e.path("path").asText())
                        .put("stamp", e.path("stamp").asText()).put("name", e.path("name").asText()));
        byte[] bytes = GenerateRepositoryIndexStepHandler.Json.bytes(catalogue);
        boolean changed = previous.map(old -> !Arrays.equals(old, bytes)).orElse(true);
        if (changed) {
            context.target().write(cataloguePath, new ByteArrayInputStream(bytes));
        }
        String detail = libraries.size() + " automation task libraries: " + added + " added, " + updated + " updated, "
                + unchanged + " unchanged" + (removed > 0 ? ", " + removed + " removed" : "");
        context.detail(detail);
        context.log().info("synced {} in {}", detail, cataloguePath);
    }

    private static ObjectNode describe(RepositoryScanner.Found found, RepositoryScanner.Read read) {
        ObjectNode entry = RepositoryScanner.JSON.createObjectNode();
        entry.put("name", read.text("name"));
        entry.put("version", read.text("version"));
        entry.put("path", found.path());
        entry.put("sha256", read.sha256());
        entry.put("stamp", found.stamp());
        JsonNode section = read.packageJson().path("criticalManufacturing").path("tasksLibrary");
        if (section.isObject()) {
            entry.set("tasks", list(section, "tasks"));
            entry.set("converters", list(section, "converters"));
            entry.set("tasksLibrary", section);
        } else {
            entry.putArray("tasks");
            entry.putArray("converters");
        }
        return entry;
    }

    /** The section's tasks or converters, at its top or under its metadata. */
    private static JsonNode list(JsonNode section, String field) {
        JsonNode value = section.has(field) ? section.get(field) : section.path("metadata").path(field);
        return value.isArray() ? value : RepositoryScanner.JSON.createArrayNode();
    }

    private static JsonNode withoutStamp(JsonNode entry) {
        ObjectNode copy = (ObjectNode) entry.deepCopy();
        copy.remove("stamp");
        return copy;
    }
}
