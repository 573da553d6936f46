package dev.stagehand.core.fuzz;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.stagehand.api.DeploymentException;
import dev.stagehand.api.spi.VariableReferences;
import dev.stagehand.core.PackageReader;
import dev.stagehand.core.Parameters;
import dev.stagehand.core.internal.content.ContentPattern;
import dev.stagehand.core.internal.steps.TokenReplacer;
import dev.stagehand.core.transform.JsonDocumentTransform;
import dev.stagehand.core.transform.XmlDocumentTransform;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * The parsers of what users write, fuzzed with Jazzer. The test command replays the inputs kept
 * under {@code src/test/resources/dev/stagehand/core/fuzz/ParserFuzzTestInputs/<target>/}; with
 * {@code JAZZER_FUZZ=1} ({@code scripts/fuzz.sh}) one target is fuzzed. Any exception but the
 * project's located {@link DeploymentException} is a finding; see FUZZING.md beside this file.
 */
class ParserFuzzTest {

    /** Files the file-reading targets need, under the build folder (a fuzz test gets no @TempDir). */
    private static final Path SCRATCH = Path.of("target", "fuzz-scratch").toAbsolutePath();

    private static Path scratch(String name) throws IOException {
        Path folder = Files.createDirectories(SCRATCH.resolve(name + "-" + ProcessHandle.current().pid()));
        folder.toFile().deleteOnExit();
        return folder;
    }

    /** A refusal must say where: a file, a package or a step. */
    private static void assertLocated(DeploymentException e) {
        assertNotNull(e.location(), e::getMessage);
        assertNotNull(e.getMessage());
    }

    @FuzzTest(maxDuration = "10m")
    void manifestReader(byte[] manifest) throws IOException {
        Path folder = scratch("manifest");
        Files.write(folder.resolve("manifest.xml"), manifest);
        try {
            PackageReader.read(folder);
        } catch (DeploymentException e) {
            assertLocated(e);
        }
    }

    @FuzzTest(maxDuration = "10m")
    void contentGlob(FuzzedDataProvider data) {
        String pattern = data.consumeString(200);
        String path = data.consumeRemainingAsString();
        Path relative;
        try {
            relative = Path.of(path);
        } catch (InvalidPathException notAPath) {
            return;
        }
        ContentPattern glob;
        try {
            glob = ContentPattern.parse(pattern);
        } catch (IllegalArgumentException e) {
            // The documented refusal, which the steps report at their location: it names the pattern.
            assertTrue(e.getMessage().startsWith("content pattern '"), e::getMessage);
            return;
        }
        glob.matches(relative);
    }

    @FuzzTest(maxDuration = "10m")
    void tokenReplacer(FuzzedDataProvider data) throws IOException {
        String value = data.consumeString(50);
        String text = data.consumeRemainingAsString();
        Map<String, String> values = Map.of("known", value, "product.password", "s3cret");
        String expanded = VariableReferences.expand(text, name -> Optional.ofNullable(values.get(name.toLowerCase(
                java.util.Locale.ROOT))), name -> "$(" + name + ")");
        assertNotNull(expanded);
        Path folder = scratch("tokens");
        Path source = Files.writeString(folder.resolve("in.txt"), text, StandardCharsets.UTF_8);
        try {
            new TokenReplacer(name -> Optional.ofNullable(values.get(name.toLowerCase(java.util.Locale.ROOT))), 64)
                    .replaceFile(source, folder.resolve("out.txt"));
        } catch (DeploymentException e) {
            assertLocated(e);
        }
    }

    @FuzzTest(maxDuration = "10m")
    void parametersJson(byte[] json) throws IOException {
        try {
            Map<String, String> values = Parameters.read(new ByteArrayInputStream(json), "parameters.json");
            values.forEach((k, v) -> assertNotNull(v, k));
        } catch (DeploymentException e) {
            assertLocated(e);
        }
    }

    @FuzzTest(maxDuration = "10m")
    void jdtEngine(FuzzedDataProvider data) {
        String transform = data.consumeString(2000);
        String source = data.consumeRemainingAsString();
        try {
            JsonDocumentTransform.apply(source, transform, "transform.json");
        } catch (DeploymentException e) {
            assertLocated(e);
        }
    }

    @FuzzTest(maxDuration = "10m")
    void xdtEngine(FuzzedDataProvider data) {
        String transform = data.consumeString(2000);
        String source = data.consumeRemainingAsString();
        try {
            XmlDocumentTransform.apply(source, transform, "Web.Release.config");
        } catch (DeploymentException e) {
            assertLocated(e);
        }
    }
}
