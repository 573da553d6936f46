package dev.stagehand.steps.iot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.auto.service.AutoService;
import dev.stagehand.api.DeploymentException;
import dev.stagehand.api.spi.Fingerprint;
import dev.stagehand.api.spi.StepContext;
import dev.stagehand.api.spi.StepHandler;
import dev.stagehand.api.target.DeploymentTarget;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code <step type="GenerateRepositoryIndex"/>}: (re)writes {@code index.json} at the IoT
 * repository's root, one entry per npm-style package (name, version, description, path, kind,
 * size, SHA-256 and the stamp it was read at), sorted by name, version and path. A package whose
 * stamp equals the one in the previous index keeps its entry without being read again. The new
 * index is written atomically, and not at all when it is unchanged.
 */
@AutoService(StepHandler.class)
public final class GenerateRepositoryIndexStepHandler implements StepHandler {

    static final String TYPE = "GenerateRepositoryIndex";

    @Override
    public Set<String> stepTypes() {
        return Set.of(TYPE);
    }

    @Override
    public void validate(StepContext context) {
        Repository.checkLocation(context, TYPE);
    }

    @Override
    public void fingerprint(StepContext context, Fingerprint fingerprint) throws Exception {
        RepositoryScanner.fingerprint(context, fingerprint);
    }

    @Override
    public void execute(StepContext context) throws Exception {
        String root = Repository.requiredLocation(context, TYPE);
        if (context.dryRun()) {
            context.log().info("would index the IoT repository {}", root);
            return;
        }
        RepositoryScanner scanner = new RepositoryScanner(context.target(), root);
        String indexPath = scanner.resolve(Repository.INDEX_FILE);
        Optional<byte[]> previous = readIfPresent(context.target(), indexPath);
        Map<String, JsonNode> known = previousEntries(previous, context);
        List<ObjectNode> entries = new ArrayList<>();
        int read = 0;
        try {
            for (RepositoryScanner.Found found : scanner.find()) {
                JsonNode old = known.get(found.path());
                if (old != null && found.stamp().equals(old.path("stamp").asText())
                        && found.kindName().equals(old.path("kind").asText())) {
                    entries.add((ObjectNode) old);
                    continue;
                }
                RepositoryScanner.Read content = scanner.read(found);
                read++;
                ObjectNode entry = RepositoryScanner.JSON.createObjectNode();
                entry.put("name", content.text("name"));
                entry.put("version", content.text("version"));
                entry.put("description", content.text("description"));
                entry.put("path", found.path());
                entry.put("kind", found.kindName());
                entry.put("size", content.size());
                entry.put("sha256", content.sha256());
                entry.put("stamp", found.stamp());
                entries.add(entry);
            }
        } catch (IllegalArgumentException | IOException e) {
            throw new DeploymentException(e.getMessage() + " (nothing was written to " + indexPath + ")",
                    context.location(), e);
        }
        entries.sort(Comparator.<ObjectNode, String>comparing(e -> e.path("name").asText())
                .thenComparing(e -> e.path("version").asText()).thenComparing(e -> e.path("path").asText()));
        ObjectNode index = RepositoryScanner.JSON.createObjectNode();
        index.put("formatVersion", 1);
        ArrayNode packages = index.putArray("packages");
        entries.forEach(packages::add);
        byte[] bytes = Json.bytes(index);
        boolean changed = previous.map(old -> !Arrays.equals(old, bytes)).orElse(true);
        if (changed) {
            context.target().write(indexPath, new ByteArrayInputStream(bytes));
        }
        String detail = entries.size() + " packages in " + indexPath + ": " + read + " read, "
                + (entries.size() - read) + " unchanged" + (changed ? "" : "; the index was already up to date");
        context.detail(detail);
        context.log().info("indexed {}", detail);
    }

    static Optional<byte[]> readIfPresent(DeploymentTarget target, String path) throws IOException {
        if (target.stat(path).isEmpty()) {
            return Optional.empty();
        }
        try (InputStream in = target.read(path)) {
            return Optional.of(in.readAllBytes());
        }
    }

    /** The previous index's entries by path; none when it is absent or unreadable (then every package is read). */
    private static Map<String, JsonNode> previousEntries(Optional<byte[]> previous, StepContext context) {
        Map<String, JsonNode> entries = new HashMap<>();
        if (previous.isEmpty()) {
            return entries;
        }
        try {
            for (JsonNode entry : RepositoryScanner.JSON.readTree(previous.get()).path("packages")) {
                if (entry.isObject() && entry.hasNonNull("path")) {
                    entries.put(entry.get("path").asText(), entry);
                }
            }
        } catch (IOException e) {
            context.log().warn("the previous {} is not valid JSON ({}): every package is read again",
                    Repository.INDEX_FILE, e.getMessage());
            entries.clear();
        }
        return entries;
    }

    static final class Json {
        static byte[] bytes(JsonNode node) throws IOException {
            String text = RepositoryScanner.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(node);
            return (text.replace("\r\n", "\n") + "\n").getBytes(StandardCharsets.UTF_8);
        }
    }
}
