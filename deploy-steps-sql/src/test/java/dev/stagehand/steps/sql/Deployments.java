package dev.stagehand.steps.sql;

import dev.stagehand.api.Problem;
import dev.stagehand.api.event.DeploymentEvent;
import dev.stagehand.core.RootRequest;
import dev.stagehand.core.Stagehand;
import dev.stagehand.core.result.DeploymentResult;
import dev.stagehand.core.result.InstallOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** Whole deployments of the fixture packages under {@code src/test/resources/sql}. */
final class Deployments {

    private Deployments() {
    }

    /** A fixture folder by name, or any folder by its absolute path. */
    static Path fixture(String name) {
        return Path.of(name).isAbsolute() ? Path.of(name) : Path.of("src/test/resources/sql", name);
    }

    /**
     * Installs package {@code root} of fixture folder {@code source} with a state folder of its own,
     * so each call deploys the package again (as a second machine or a fresh state would).
     */
    static DeploymentResult install(String source, String root, Map<String, String> parameters) throws Exception {
        return install(source, root, parameters, event -> { });
    }

    static DeploymentResult install(String source, String root, Map<String, String> parameters,
                                    Consumer<DeploymentEvent> listener) throws Exception {
        Path state = Files.createTempDirectory("stagehand-sql-state");
        try {
            return Stagehand.configure().sources(fixture(source)).parameters(parameters).stateDirectory(state)
                    .listener(listener::accept).load().install(RootRequest.parse(root), InstallOptions.DEFAULTS);
        } finally {
            org.apache.commons.io.file.PathUtils.deleteDirectory(state);
        }
    }

    static List<String> errors(DeploymentResult result) {
        return result.problems().stream().filter(Problem::isError).map(Problem::toString).toList();
    }

    static List<String> warnings(DeploymentResult result) {
        return result.problems().stream().filter(p -> !p.isError()).map(Problem::toString).toList();
    }
}
