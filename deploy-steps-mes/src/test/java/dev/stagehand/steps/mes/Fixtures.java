package dev.stagehand.steps.mes;

import dev.stagehand.testkit.StepHarness;
import dev.stagehand.testkit.TestDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;

/** The fixture packages under {@code src/test/resources/mes}, one package folder per fixture folder. */
final class Fixtures {

    static final Path ROOT = Path.of("src/test/resources/mes");

    private Fixtures() {
    }

    /** The package folder of a fixture. */
    static Path folder(String fixture) throws IOException {
        try (Stream<Path> packages = Files.list(ROOT.resolve(fixture))) {
            return packages.filter(Files::isDirectory).findFirst().orElseThrow();
        }
    }

    /** A harness deploying a fixture's package onto {@code db} as the Online database, with {@code more} variables. */
    static StepHarness harness(String fixture, TestDatabase db, Map<String, String> more) throws IOException {
        return StepHarness.forPackage(folder(fixture)).variables(db.parameters("Online")).variables(more);
    }

    static StepHarness harness(String fixture, TestDatabase db) throws IOException {
        return harness(fixture, db, Map.of());
    }
}
