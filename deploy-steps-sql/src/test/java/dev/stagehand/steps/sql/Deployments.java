package dev.stagehand.steps.sql;

import dev.stagehand.api.Problem;
import dev.stagehand.api.event.DeploymentEvent;
import dev.stagehand.core.result.DeploymentResult;
import dev.stagehand.testkit.StepHarness;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** Whole deployments of the fixture packages under {@code src/test/resources/sql}, through the test kit. */
final class Deployments {

    private Deployments() {
    }

    /** A fixture folder by name, or any folder by its absolute path. */
    static Path fixture(String name) {
        return Path.of(name).isAbsolute() ? Path.of(name) : Path.of("src/test/resources/sql", name);
    }

    /**
     * Installs package {@code root} of fixture folder {@code source} with a journal and state of its
     * own, so each call deploys the package again (as a second machine or a fresh state would).
     */
    static DeploymentResult install(String source, String root, Map<String, String> parameters) throws Exception {
        return install(source, root, parameters, event -> { });
    }

    static DeploymentResult install(String source, String root, Map<String, String> parameters,
                                    Consumer<DeploymentEvent> listener) throws Exception {
        try (StepHarness harness = StepHarness.forSource(fixture(source), root).variables(parameters)
                .listener(listener::accept)) {
            return harness.run().result();
        }
    }

    static List<String> errors(DeploymentResult result) {
        return result.problems().stream().filter(Problem::isError).map(Problem::toString).toList();
    }

    static List<String> warnings(DeploymentResult result) {
        return result.problems().stream().filter(p -> !p.isError()).map(Problem::toString).toList();
    }
}
