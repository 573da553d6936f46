package dev.stagehand.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The shape the API issue asked for, checked on the sources so that it stays: the internals do
 * not reach up into the embedding API, the core knows no database vendor, and no main code of any
 * module downcasts a target to a concrete class (capabilities are asked for instead).
 */
class ArchitectureTest {

    private static final Path CORE = Path.of("src/main/java/dev/stagehand/core");

    private static List<Path> javaFiles(Path root) {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(p -> p.toString().endsWith(".java")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> matching(List<Path> files, Pattern pattern) {
        return files.stream().flatMap(file -> {
            try {
                return Files.readAllLines(file).stream().filter(line -> pattern.matcher(line).find())
                        .map(line -> file + ": " + line.trim());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }).toList();
    }

    @Test
    void classesUnderInternalDoNotImportTheEntryClassesAboveThem() {
        assertEquals(List.of(), matching(javaFiles(CORE.resolve("internal")),
                Pattern.compile("^import dev\\.stagehand\\.core\\.[A-Z]")));
    }

    @Test
    void theCoreHoldsNoDatabaseVendorCode() {
        assertEquals(List.of(), matching(javaFiles(CORE), Pattern.compile("import java\\.sql|\"jdbc:|jdbc:postgresql"
                + "|jdbc:sqlserver|jdbc:h2|jdbc:clickhouse")));
    }

    @Test
    void noMainCodeOfAnyModuleDowncastsATarget() throws IOException {
        List<Path> mains;
        try (Stream<Path> modules = Files.list(Path.of(".."))) {
            mains = modules.map(m -> m.resolve("src/main/java")).flatMap(m -> javaFiles(m).stream()).toList();
        }
        assertEquals(List.of(), matching(mains, Pattern.compile("instanceof LocalTarget\\b|\\(LocalTarget\\) ")));
    }

    @Test
    void onlyTheDriversTheTestKitAndTheBenchmarksMayDependOnTheCore() throws IOException {
        List<String> allowed;
        try (Stream<Path> poms = Stream.concat(Files.list(Path.of("..")).map(m -> m.resolve("pom.xml")),
                Stream.of(Path.of("../samples/plugin/pom.xml")))) {
            allowed = poms.filter(Files::isRegularFile).filter(pom -> {
                try {
                    return Files.readString(pom).contains("<stagehand.core.allowed>true</stagehand.core.allowed>");
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).map(pom -> pom.getParent().getFileName().toString()).sorted().toList();
        }
        assertEquals(List.of("deploy-bench", "deploy-cli-sample", "deploy-opcon", "deploy-testkit"), allowed,
                "a step, target or support module that needs the core has found a missing piece of deploy-api");
    }
}
