package dev.stagehand.core.targets;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stagehand.api.DeploymentException;
import dev.stagehand.api.Location;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A targets file (JSON): named targets, each with its {@code uri}, optional {@code identity} and
 * {@code knownHosts} files (relative to the targets file) and {@code parameters}, and
 * {@code groups} of target names. The key files go into the URI's query, where the SSH provider
 * reads them, with the target's name.
 */
public final class TargetsFile {

    private static final ObjectMapper JSON = new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
    private static final Set<String> TARGET_KEYS = Set.of("uri", "identity", "knownHosts", "parameters");

    private final Path file;
    private final Map<String, NamedTarget> targets;
    private final Map<String, List<String>> groups;

    private TargetsFile(Path file, Map<String, NamedTarget> targets, Map<String, List<String>> groups) {
        this.file = file;
        this.targets = targets;
        this.groups = groups;
    }

    /**
     * Reads a targets file.
     *
     * @param file the targets file (JSON)
     * @return what it defines
     * @throws DeploymentException naming the file (and line) of what is wrong in it
     */
    public static TargetsFile read(Path file) {
        String shown = file.toString();
        JsonNode root;
        try {
            root = JSON.readTree(Files.readString(file, StandardCharsets.UTF_8));
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            throw new DeploymentException("the targets file is not valid JSON: " + e.getOriginalMessage(),
                    at == null ? Location.ofFile(shown) : Location.ofFile(shown, at.getLineNr(), at.getColumnNr()), e);
        } catch (IOException e) {
            throw new DeploymentException("the targets file cannot be read: " + e.getMessage(), Location.ofFile(shown), e);
        }
        if (root == null || !root.isObject() || !root.path("targets").isObject() || root.path("targets").isEmpty()) {
            throw new DeploymentException("a targets file holds an object with \"targets\": {name: {\"uri\": ...}}",
                    Location.ofFile(shown));
        }
        Path folder = file.toAbsolutePath().getParent();
        Map<String, NamedTarget> targets = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.get("targets").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            targets.put(entry.getKey(), target(entry.getKey(), entry.getValue(), folder, shown));
        }
        Map<String, List<String>> groups = new LinkedHashMap<>();
        JsonNode groupNode = root.path("groups");
        if (!groupNode.isMissingNode()) {
            if (!groupNode.isObject()) {
                throw new DeploymentException("\"groups\" maps group names to lists of target names",
                        Location.ofFile(shown));
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = groupNode.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> entry = it.next();
                if (targets.containsKey(entry.getKey())) {
                    throw new DeploymentException("\"" + entry.getKey() + "\" names both a target and a group",
                            Location.ofFile(shown));
                }
                List<String> members = new ArrayList<>();
                if (!entry.getValue().isArray() || entry.getValue().isEmpty()) {
                    throw new DeploymentException("group \"" + entry.getKey() + "\" must list target names",
                            Location.ofFile(shown));
                }
                for (JsonNode member : entry.getValue()) {
                    if (!member.isTextual() || !targets.containsKey(member.asText())) {
                        throw new DeploymentException("group \"" + entry.getKey() + "\" names " + member
                                + ", which is no target of the file", Location.ofFile(shown));
                    }
                    if (!members.contains(member.asText())) {
                        members.add(member.asText());
                    }
                }
                groups.put(entry.getKey(), List.copyOf(members));
            }
        }
        return new TargetsFile(file, Map.copyOf(targets), Map.copyOf(groups));
    }

    private static NamedTarget target(String name, JsonNode node, Path folder, String shown) {
        if (!NAME.matcher(name).matches()) {
            throw new DeploymentException("target name \"" + name + "\" may hold only letters, digits, '.', '_' and '-'",
                    Location.ofFile(shown));
        }
        if (!node.isObject() || !node.path("uri").isTextual()) {
            throw new DeploymentException("target \"" + name + "\" needs a \"uri\"", Location.ofFile(shown));
        }
        for (Iterator<String> keys = node.fieldNames(); keys.hasNext(); ) {
            String key = keys.next();
            if (!TARGET_KEYS.contains(key)) {
                throw new DeploymentException("target \"" + name + "\" has an unknown key \"" + key + "\" (known: uri,"
                        + " identity, knownHosts, parameters)", Location.ofFile(shown));
            }
        }
        String uri = node.get("uri").asText();
        StringBuilder query = new StringBuilder();
        if (uri.regionMatches(true, 0, "ssh:", 0, 4)) {
            query.append("name=").append(encode(name));
        }
        for (String key : List.of("identity", "knownHosts")) {
            if (node.has(key)) {
                Path path = folder.resolve(node.get(key).asText()).normalize();
                query.append(query.length() == 0 ? "" : "&").append(key).append('=').append(encode(path.toString()));
            }
        }
        if (query.length() > 0) {
            uri = uri + (uri.contains("?") ? "&" : "?") + query;
        }
        Map<String, String> parameters = new LinkedHashMap<>();
        JsonNode values = node.path("parameters");
        if (!values.isMissingNode()) {
            if (!values.isObject()) {
                throw new DeploymentException("the \"parameters\" of target \"" + name + "\" map names to values",
                        Location.ofFile(shown));
            }
            values.fields().forEachRemaining(e -> parameters.put(e.getKey(), e.getValue().isTextual()
                    ? e.getValue().asText() : e.getValue().toString()));
        }
        return new NamedTarget(name, uri, parameters);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** {@return the file read} */
    public Path file() {
        return file;
    }

    /** {@return the targets by name} */
    public Map<String, NamedTarget> targets() {
        return targets;
    }

    /** {@return the groups by name, each with its members' names in order} */
    public Map<String, List<String>> groups() {
        return groups;
    }

    /**
     * The targets a name stands for: one target, or the members of a group in their order.
     *
     * @param name a target's or a group's name
     * @return the targets
     * @throws DeploymentException listing the names there are when it is neither
     */
    public List<NamedTarget> select(String name) {
        if (targets.containsKey(name)) {
            return List.of(targets.get(name));
        }
        if (groups.containsKey(name)) {
            return groups.get(name).stream().map(targets::get).toList();
        }
        throw new DeploymentException("no target or group \"" + name + "\" in the targets file (targets: "
                + String.join(", ", targets.keySet().stream().sorted().toList()) + "; groups: "
                + (groups.isEmpty() ? "none" : String.join(", ", groups.keySet().stream().sorted().toList())) + ")",
                Location.ofFile(file.toString()));
    }
}
