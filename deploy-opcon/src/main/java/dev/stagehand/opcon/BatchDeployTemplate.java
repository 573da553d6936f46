package dev.stagehand.opcon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.stagehand.api.DeploymentException;
import dev.stagehand.api.Location;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * {@code templates/BATCH_DEPLOY.json}, the OpCon schedule definition to import, with the jobs
 * {@code DEPLOY_PACKAGE} and {@code DEPLOY_SCHEDULE} that run {@code deploy run-scheduled --id [[JI.DEPLOYMENT_ID]]}
 * ({@code [[JI.NAME]]} is OpCon's syntax for a job instance property). Its machine name, install directory and
 * user ({@code ${MACHINE}}, {@code ${DIRECTORY}}, {@code ${USER}}) are rendered for an environment.
 */
public final class BatchDeployTemplate {

    /** Where the template lies in the jar. */
    public static final String RESOURCE = "/templates/BATCH_DEPLOY.json";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    /** What a value may not hold: it would end a quoted command line argument or a line. */
    private static final Pattern UNSAFE = Pattern.compile("[\"\\r\\n\\t\\x00]");

    private BatchDeployTemplate() {
    }

    /** The template as shipped, placeholders and all. */
    public static String raw() {
        try (InputStream in = BatchDeployTemplate.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the jar");
            }
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The template for an environment: the machine the jobs run on (its Windows LSAM), the folder the client is
     * installed in, and the user the jobs run under.
     *
     * @throws DeploymentException when a value is empty or holds a quote or a line break
     */
    public static String render(String machine, String directory, String user) {
        Map<String, String> values = Map.of("${MACHINE}", check("--machine", machine),
                "${DIRECTORY}", trimSeparator(check("--directory", directory)), "${USER}", check("--user", user));
        try {
            JsonNode tree = JSON.readTree(raw());
            replace(tree, values);
            String text = JSON.writeValueAsString(tree);
            if (text.contains("${")) {
                throw new IllegalStateException("a placeholder of " + RESOURCE + " has no value");
            }
            return text + System.lineSeparator();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String check(String option, String value) {
        if (value == null || value.isBlank()) {
            throw new DeploymentException(option + " must not be empty", Location.UNKNOWN);
        }
        if (UNSAFE.matcher(value).find()) {
            throw new DeploymentException(option + " must not hold a quote, a tab or a line break: " + value,
                    Location.UNKNOWN);
        }
        return value.strip();
    }

    /** {@code C:\Stagehand\} and {@code C:\Stagehand} alike: the template adds the separator. */
    private static String trimSeparator(String directory) {
        String trimmed = directory;
        while (trimmed.length() > 3 && (trimmed.endsWith("\\") || trimmed.endsWith("/"))) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        return trimmed;
    }

    private static void replace(JsonNode node, Map<String, String> values) {
        if (node instanceof ObjectNode object) {
            for (Iterator<Map.Entry<String, JsonNode>> fields = object.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                if (field.getValue().isTextual()) {
                    field.setValue(new TextNode(substitute(field.getValue().asText(), values)));
                } else {
                    replace(field.getValue(), values);
                }
            }
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                if (array.get(i).isTextual()) {
                    array.set(i, new TextNode(substitute(array.get(i).asText(), values)));
                } else {
                    replace(array.get(i), values);
                }
            }
        }
    }

    private static String substitute(String text, Map<String, String> values) {
        String result = text;
        for (Map.Entry<String, String> value : values.entrySet()) {
            result = result.replace(value.getKey(), value.getValue());
        }
        return result;
    }
}
