package dev.stagehand.core.internal.steps;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stagehand.api.Location;
import dev.stagehand.api.PipelineStage;
import dev.stagehand.api.Problem;
import dev.stagehand.api.StepFailedException;
import dev.stagehand.api.spi.StepHandler;
import dev.stagehand.core.Fixtures;
import dev.stagehand.core.testing.TestStepContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.ServiceLoader;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TaggedFileStepHandlerTest {

    private static final Path FIXTURE = Fixtures.resource("steps/tagged-file/config-package");
    private static final Path EXPECTED = Fixtures.resource("steps/tagged-file/expected");

    private final TaggedFileStepHandler handler = new TaggedFileStepHandler();

    @TempDir
    Path temp;

    private Path workingCopy;

    /** The file as the deployment now sees it: the tagged private copy once a step changed it. */
    private Path tagged(String relative) throws IOException {
        return context(1).content().resolve(relative);
    }

    private TestStepContext context(int step) throws IOException {
        if (workingCopy == null) {
            workingCopy = TestStepContext.copyOfPackage(FIXTURE, temp.resolve("package"));
        }
        return TestStepContext.forPackage(workingCopy).step(step)
                .variable("Db.Server", "db1.example.com")
                .variable("Db.Port", "5432")
                .variable("Greeting", "Olá, 世界")
                .build();
    }

    @Test
    void isFoundByServiceLoaderForTheTaggedFileStepType() {
        assertTrue(ServiceLoader.load(StepHandler.class).stream()
                .anyMatch(p -> p.type().equals(TaggedFileStepHandler.class)));
        assertEquals(Set.of("TaggedFile"), handler.stepTypes());
    }

    @Test
    void replacesTokensInAPrivateCopyKeepingItsBomAndWindowsLineEndings() throws Exception {
        TestStepContext context = context(1).in(PipelineStage.PREPARE);

        handler.prepare(context);

        assertArrayEquals(Files.readAllBytes(EXPECTED.resolve("app.config")),
                Files.readAllBytes(tagged("config/app.config")));
    }

    @Test
    void everyFileMatchedByTheContentPathIsTaggedInItsOwnEncoding() throws Exception {
        handler.prepare(context(2).in(PipelineStage.PREPARE));

        assertArrayEquals(Files.readAllBytes(EXPECTED.resolve("settings.json")),
                Files.readAllBytes(tagged("config/settings.json")), "UTF-16LE with BOM");
        assertEquals(Files.readString(EXPECTED.resolve("start.sh")), Files.readString(tagged("scripts/start.sh")));
    }

    @Test
    void aTaggedScriptStaysExecutable() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(java.nio.file.FileSystems.getDefault().supportedFileAttributeViews()
                .contains("posix"), "needs a file system with POSIX permissions");
        handler.prepare(context(2).in(PipelineStage.PREPARE));

        assertTrue(Files.getPosixFilePermissions(tagged("scripts/start.sh"))
                .contains(PosixFilePermission.OWNER_EXECUTE));
    }

    @Test
    void theFixturePackageItselfIsNeverChanged() throws Exception {
        byte[] before = Files.readAllBytes(FIXTURE.resolve("config/app.config"));

        byte[] copyBefore = Files.readAllBytes(context(1).content().root().resolve("config/app.config"));

        handler.prepare(context(1).in(PipelineStage.PREPARE));

        assertArrayEquals(before, Files.readAllBytes(FIXTURE.resolve("config/app.config")));
        assertArrayEquals(copyBefore, Files.readAllBytes(workingCopy.resolve("config/app.config")),
                "the unpacked package is not written either");
        assertTrue(!java.util.Arrays.equals(before, Files.readAllBytes(tagged("config/app.config"))));
    }

    @Test
    void validationNamesEachUndefinedVariableWithItsFileAndLine() throws Exception {
        TestStepContext context = context(3);

        handler.validate(context);

        List<Problem> errors = context.errors();
        assertEquals(2, errors.size(), errors.toString());
        assertEquals("config/missing-vars.xml", errors.get(0).location().file());
        assertEquals(3, errors.get(0).location().line());
        assertTrue(errors.get(0).message().contains("'Db.User'"), errors.get(0).message());
        assertEquals(4, errors.get(1).location().line());
        assertTrue(errors.get(1).message().contains("'License.Key'"), errors.get(1).message());
        Location at = errors.get(0).location();
        assertEquals("Test.TaggedFile", at.packageId());
        assertEquals(3, at.stepIndex());
    }

    @Test
    void executeFailsOnAnUndefinedVariableAndLeavesTheFileAsItWas() throws Exception {
        TestStepContext context = context(3).in(PipelineStage.PREPARE);
        byte[] before = Files.readAllBytes(workingCopy.resolve("config/missing-vars.xml"));

        StepFailedException failure = assertThrows(StepFailedException.class, () -> handler.prepare(context));

        assertTrue(failure.getMessage().contains("Db.User") && failure.getMessage().contains("line 3"),
                failure.getMessage());
        assertArrayEquals(before, Files.readAllBytes(workingCopy.resolve("config/missing-vars.xml")));
        try (var left = Files.list(workingCopy.resolve("config"))) {
            assertTrue(left.noneMatch(f -> f.getFileName().toString().endsWith(".tagged")), "no temporary file left");
        }
    }

    @Test
    void validationReportsAContentPathThatMatchesNoFile() throws Exception {
        TestStepContext context = context(4);

        handler.validate(context);

        assertEquals(1, context.errors().size());
        assertTrue(context.errors().get(0).message().contains("config/nothing-here.txt"));
    }

    @Test
    void validationOfFilesWhoseVariablesAreAllDefinedReportsNothing() throws Exception {
        TestStepContext context = context(1);

        handler.validate(context);
        TestStepContext second = context(2);
        handler.validate(second);

        assertEquals(List.of(), context.reported());
        assertEquals(List.of(), second.reported());
    }

    @Test
    void aFileWithoutTokensIsLeftUntouched() throws Exception {
        TestStepContext context = context(5).in(PipelineStage.PREPARE);
        Path plain = workingCopy.resolve("config/plain.txt");
        Object inode = Files.readAttributes(plain, java.nio.file.attribute.BasicFileAttributes.class).fileKey();

        handler.prepare(context);

        assertEquals("no tokens here, only a $ sign\n", Files.readString(plain));
        assertEquals(inode, Files.readAttributes(plain, java.nio.file.attribute.BasicFileAttributes.class).fileKey());
    }
}
