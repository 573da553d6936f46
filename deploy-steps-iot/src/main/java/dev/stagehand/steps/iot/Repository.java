package dev.stagehand.steps.iot;

import dev.stagehand.api.DeploymentException;
import dev.stagehand.api.spi.StepContext;
import dev.stagehand.api.spi.Variables;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Where the IoT file repository is, and the rule that keeps every path inside it. */
final class Repository {

    /** The variable the framework documents for the repository folder. */
    static final String LOCATION = "Product.IoT.RepositoryLocation";
    /** The variable real IoT packages name it by. */
    static final String LOCAL_LOCATION = "Local.Repository.Directory.Location";
    static final String INDEX_FILE = "index.json";
    static final String CATALOGUE_FILE = "automation-task-libraries.json";

    private Repository() {
    }

    /** The repository folder on the target, expanded; empty when neither variable is set. */
    static Optional<String> location(Variables variables) {
        for (String name : List.of(LOCATION, LOCAL_LOCATION)) {
            Optional<String> value = variables.get(name).map(String::trim).filter(v -> !v.isEmpty());
            if (value.isPresent()) {
                return value;
            }
        }
        return Optional.empty();
    }

    private static String missing(String stepType) {
        return stepType + " needs the IoT repository folder: set " + LOCATION + " (or " + LOCAL_LOCATION + ")";
    }

    /** Validate's check of every repository step: the folder is named. */
    static void checkLocation(StepContext context, String stepType) {
        if (location(context.variables()).isEmpty()) {
            context.problems().error(missing(stepType));
        }
    }

    /** The repository folder a step runs on; refused at the step when it is not named. */
    static String requiredLocation(StepContext context, String stepType) {
        return location(context.variables())
                .orElseThrow(() -> new DeploymentException(missing(stepType), context.location()));
    }

    /**
     * A path relative to the repository root, written with {@code /}, with empty and {@code .}
     * parts removed.
     *
     * @throws IllegalArgumentException naming {@code what} when the path is absolute, names a
     *                                  drive or climbs out with {@code ..}
     */
    static String inside(String relative, String what) {
        String path = relative.replace('\\', '/');
        if (path.startsWith("/") || path.matches("^[A-Za-z]:.*")) {
            throw new IllegalArgumentException(what + " '" + relative + "' is absolute: it must stay inside the IoT repository");
        }
        List<String> parts = new ArrayList<>();
        for (String part : path.split("/")) {
            if (part.equals("..")) {
                throw new IllegalArgumentException(what + " '" + relative + "' escapes the IoT repository");
            }
            if (!part.isEmpty() && !part.equals(".")) {
                parts.add(part);
            }
        }
        return String.join("/", parts);
    }

    /** The parts of a checked relative path, for {@code target.resolve(root, parts)}. */
    static String[] parts(String... relatives) {
        List<String> parts = new ArrayList<>();
        for (String relative : relatives) {
            if (!relative.isEmpty()) {
                parts.addAll(List.of(relative.split("/")));
            }
        }
        return parts.toArray(String[]::new);
    }
}
