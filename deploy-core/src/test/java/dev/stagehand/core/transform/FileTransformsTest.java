package dev.stagehand.core.transform;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.stagehand.api.Problem;
import dev.stagehand.core.Parameters;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Fixture folders under {@code transform/files}, each copied to a temporary folder before it is changed. */
class FileTransformsTest {

    @TempDir
    Path dir;

    @Test
    void jsonTargetIsTransformedWithJdtAfterTheTransformIsTaggedWithTheSeedParameters() throws IOException {
        Path folder = copy("seed-json");
        Map<String, String> parameters = Parameters.read(samples().resolve("parameters.json"));

        TransformResult result = FileTransforms.apply(folder.resolve("www/config.json"), folder.resolve("config.json"),
                FileTransforms.tagger(parameters));

        assertEquals(read("seed-json", "expected.json"), result.output());
        assertEquals(List.of(), result.warnings());
    }

    @Test
    void configTargetIsTransformedWithXdtKeepingItsCommentsAndLayout() throws IOException {
        Path folder = copy("web-config");

        TransformResult result = FileTransforms.apply(folder.resolve("Web.config"), folder.resolve("Web.Release.config"),
                FileTransforms.tagger(Parameters.read(folder.resolve("parameters.json"))));

        assertEquals(read("web-config", "expected.config"), result.output());
        assertEquals(List.of(), result.warnings());
    }

    @Test
    void applyLeavesTheTargetAsItWas() throws IOException {
        Path folder = copy("web-config");
        byte[] before = Files.readAllBytes(folder.resolve("Web.config"));

        FileTransforms.apply(folder.resolve("Web.config"), folder.resolve("Web.Release.config"), null);

        assertArrayEquals(before, Files.readAllBytes(folder.resolve("Web.config")));
    }

    @Test
    void extensionIsRecognisedIgnoringCase() throws IOException {
        Path folder = copy("web-config");
        Files.move(folder.resolve("Web.config"), folder.resolve("Web.CONFIG"));

        TransformResult result = FileTransforms.apply(folder.resolve("Web.CONFIG"), folder.resolve("Web.Release.config"),
                FileTransforms.tagger(Map.of("DbPassword", "s3cret")));

        assertEquals(read("web-config", "expected.config"), result.output());
    }

    @Test
    void unsupportedExtensionIsAnErrorNamingTheFileAndTheSupportedExtensions() {
        Path folder = copy("unsupported");

        TransformException e = assertThrows(TransformException.class,
                () -> FileTransforms.apply(folder.resolve("settings.yaml"), folder.resolve("settings.Production.yaml"), null));

        assertTrue(e.reason().contains("'settings.yaml'"), e.reason());
        assertTrue(e.reason().contains(".json") && e.reason().contains(".xml") && e.reason().contains(".config"), e.reason());
        assertTrue(e.location().file().endsWith("settings.yaml"), e.location()::toString);
    }

    @Test
    void taggerReplacesTokensNamesIgnoringCaseAndKeepsDoubleDollarAsALiteral() {
        Path folder = copy("tokens");

        TransformResult result = FileTransforms.apply(folder.resolve("settings.json"), folder.resolve("settings.json.transform"),
                FileTransforms.tagger(Map.of("port", "8080", "Host.Name", "web01")));

        assertEquals(read("tokens", "expected.json"), result.output());
    }

    @Test
    void tokensWithoutValueAreOneErrorNamingEveryOneAtTheTransformFile() {
        Path folder = copy("tokens");

        TransformException e = assertThrows(TransformException.class, () -> FileTransforms.apply(folder.resolve("settings.json"),
                folder.resolve("settings.json.transform"), FileTransforms.tagger(Map.of())));

        assertTrue(e.reason().contains("$(Port)") && e.reason().contains("$(host.name)"), e.reason());
        assertFalse(e.reason().contains("Price"), e.reason());
        assertTrue(e.location().file().endsWith("settings.json.transform"), e.location()::toString);
    }

    @Test
    void withoutTaggerTokensReachTheParserAndMakeTheTransformInvalid() {
        Path folder = copy("tokens");

        TransformException e = assertThrows(TransformException.class,
                () -> FileTransforms.apply(folder.resolve("settings.json"), folder.resolve("settings.json.transform"), null));

        assertTrue(e.location().file().endsWith("settings.json.transform"), e.location()::toString);
        assertEquals(2, e.location().line(), e::getMessage);
    }

    @Test
    void applyInPlaceReplacesTheTargetWithTheOutput() throws IOException {
        Path folder = copy("web-config");

        TransformResult result = FileTransforms.applyInPlace(folder.resolve("Web.config"), folder.resolve("Web.Release.config"),
                FileTransforms.tagger(Map.of("DbPassword", "s3cret")));

        assertEquals(read("web-config", "expected.config"), Files.readString(folder.resolve("Web.config")));
        assertEquals(result.output(), Files.readString(folder.resolve("Web.config")));
        assertEquals(Set.of("Web.config", "Web.Release.config", "expected.config", "parameters.json"), names(folder),
                "no temporary file is left");
    }

    @Test
    void failedTransformLeavesTheTargetByteIdenticalAndNoTemporaryFile() throws IOException {
        Path folder = copy("json-unknown-verb");
        byte[] before = Files.readAllBytes(folder.resolve("appsettings.json"));

        TransformException e = assertThrows(TransformException.class, () -> FileTransforms.applyInPlace(
                folder.resolve("appsettings.json"), folder.resolve("appsettings.Production.json"), null));

        assertTrue(e.reason().contains("@jdt.delete"), e.reason());
        assertTrue(e.location().file().endsWith("appsettings.Production.json"), e.location()::toString);
        assertArrayEquals(before, Files.readAllBytes(folder.resolve("appsettings.json")));
        assertEquals(Set.of("appsettings.json", "appsettings.Production.json"), names(folder));
    }

    @Test
    void utf8ByteOrderMarkIsKeptInTheFileButNotInTheOutputText() throws IOException {
        Path folder = copy("json-utf8-bom");

        TransformResult result = FileTransforms.applyInPlace(folder.resolve("appsettings.json"),
                folder.resolve("appsettings.Production.json"), null);

        assertFalse(result.output().startsWith("\uFEFF"));
        assertTrue(result.output().contains("\"Name\": \"café\""), result.output());
        assertArrayEquals(Files.readAllBytes(fixture("json-utf8-bom").resolve("expected.json")),
                Files.readAllBytes(folder.resolve("appsettings.json")));
    }

    @Test
    void utf16FileIsReadAndWrittenBackInUtf16WithItsByteOrderMark() throws IOException {
        Path folder = copy("json-utf16");

        TransformResult result = FileTransforms.applyInPlace(folder.resolve("appsettings.json"),
                folder.resolve("appsettings.Production.json"), null);

        assertTrue(result.output().contains("\"Region\": \"Genève\""), result.output());
        assertArrayEquals(Files.readAllBytes(fixture("json-utf16").resolve("expected.json")),
                Files.readAllBytes(folder.resolve("appsettings.json")));
    }

    @Test
    void outputFileIsWrittenInTheTargetsEncodingAndTheTargetIsLeftAsItWas() throws IOException {
        Path folder = copy("json-utf16");
        byte[] before = Files.readAllBytes(folder.resolve("appsettings.json"));

        FileTransforms.apply(folder.resolve("appsettings.json"), folder.resolve("appsettings.Production.json"), null,
                folder.resolve("out.json"));

        assertArrayEquals(Files.readAllBytes(fixture("json-utf16").resolve("expected.json")),
                Files.readAllBytes(folder.resolve("out.json")));
        assertArrayEquals(before, Files.readAllBytes(folder.resolve("appsettings.json")));
    }

    @Test
    void outputIntoAMissingFolderIsAnErrorNamingTheOutput() {
        Path folder = copy("json-utf16");

        TransformException e = assertThrows(TransformException.class, () -> FileTransforms.apply(
                folder.resolve("appsettings.json"), folder.resolve("appsettings.Production.json"), null,
                folder.resolve("no/such/out.json")));

        assertTrue(e.location().file().endsWith("out.json"), e.location()::toString);
        assertTrue(e.reason().startsWith("cannot write the transformed file: no such file or folder"), e.reason());
    }

    @Test
    void xmlFileKeepsTheEncodingItsDeclarationNames() throws IOException {
        Path folder = copy("xml-latin1");

        FileTransforms.applyInPlace(folder.resolve("settings.xml"), folder.resolve("settings.Production.xml"), null);

        assertArrayEquals(Files.readAllBytes(fixture("xml-latin1").resolve("expected.xml")),
                Files.readAllBytes(folder.resolve("settings.xml")));
    }

    @Test
    void jsonThatIsNotUtf8AndHasNoByteOrderMarkIsAnErrorNotGarbledText() {
        Path folder = copy("json-not-utf8");

        TransformException e = assertThrows(TransformException.class,
                () -> FileTransforms.apply(folder.resolve("settings.json"), folder.resolve("settings.Production.json"), null));

        assertTrue(e.reason().contains("UTF-8"), e.reason());
        assertTrue(e.location().file().endsWith("settings.json"), e.location()::toString);
    }

    @Test
    void missingTargetIsAnErrorNamingIt() {
        Path folder = copy("web-config");

        TransformException e = assertThrows(TransformException.class,
                () -> FileTransforms.apply(folder.resolve("Missing.config"), folder.resolve("Web.Release.config"), null));

        assertTrue(e.location().file().endsWith("Missing.config"), e.location()::toString);
        assertEquals("no such file", e.reason());
    }

    @Test
    void applyInPlaceKeepsTheTargetsPermissions() throws IOException {
        Path folder = copy("web-config");
        Path target = folder.resolve("Web.config");
        assumeTrue(Files.getFileAttributeView(target, PosixFileAttributeView.class) != null, "POSIX permissions");
        Set<PosixFilePermission> permissions = PosixFilePermissions.fromString("rw-r-----");
        Files.setPosixFilePermissions(target, permissions);

        FileTransforms.applyInPlace(target, folder.resolve("Web.Release.config"), FileTransforms.tagger(Map.of("DbPassword", "x")));

        assertEquals(permissions, Files.getPosixFilePermissions(target));
    }

    @Test
    void warningsNameTheTransformFile() {
        Path folder = copy("json-warning");

        List<Problem> warnings = FileTransforms.apply(folder.resolve("appsettings.json"),
                folder.resolve("appsettings.Production.json"), null).warnings();

        assertEquals(1, warnings.size(), warnings::toString);
        assertTrue(warnings.get(0).message().contains("Missing"), warnings::toString);
        assertTrue(warnings.get(0).location().file().endsWith("appsettings.Production.json"), warnings::toString);
    }

    // ---------------------------------------------------------------- fixtures

    private static Path fixture(String name) {
        try {
            return Path.of(FileTransformsTest.class.getResource("/transform/files/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Path samples() {
        Path folder = Path.of("").toAbsolutePath();
        while (folder != null && !Files.isDirectory(folder.resolve("samples"))) {
            folder = folder.getParent();
        }
        if (folder == null) {
            throw new IllegalStateException("no samples folder above " + Path.of("").toAbsolutePath());
        }
        return folder.resolve("samples");
    }

    private static String read(String fixture, String file) {
        try {
            return Files.readString(fixture(fixture).resolve(file), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Path copy(String fixture) {
        Path from = fixture(fixture);
        Path to = dir.resolve(fixture);
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Path copy = to.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(copy);
                } else {
                    Files.copy(file, copy);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return to;
    }

    private static Set<String> names(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(p -> p.getFileName().toString()).collect(Collectors.toSet());
        }
    }
}
