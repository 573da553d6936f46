package dev.stagehand.core.internal.steps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stagehand.core.internal.content.LocalStamps;
import dev.stagehand.api.PipelineStage;
import dev.stagehand.api.Problem;
import dev.stagehand.api.DeploymentException;
import dev.stagehand.api.journal.ChangeRecord;
import dev.stagehand.api.journal.FileUndo;
import dev.stagehand.api.spi.StepHandler;
import dev.stagehand.core.Fixtures;
import dev.stagehand.api.target.FileStamp;
import dev.stagehand.core.target.LocalTarget;
import dev.stagehand.api.io.Sha256;
import dev.stagehand.core.testing.CountingTarget;
import dev.stagehand.core.testing.TestStepContext;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.ServiceLoader;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeployFilesStepHandlerTest {

    private static final Path BUSINESS = Fixtures.resource("steps/deploy-files/business-package");
    private static final Path PRESENTATION = Fixtures.resource("steps/deploy-files/presentation-package");
    private static final Path PRESENTATION_NO_TARGET = Fixtures.resource("steps/deploy-files/presentation-no-target");

    private final DeployFilesStepHandler handler = new DeployFilesStepHandler();

    @TempDir
    Path install;

    private TestStepContext.Builder business(int step) {
        return TestStepContext.forPackage(BUSINESS).step(step).variable("Install.Root", install.toString())
                .target(new LocalTarget(install));
    }

    private List<String> installedFiles() throws IOException {
        try (Stream<Path> files = Files.walk(install)) {
            return files.filter(Files::isRegularFile).map(f -> install.relativize(f).toString().replace('\\', '/'))
                    .sorted().toList();
        }
    }

    private static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return Sha256.of(in);
        }
    }

    @Test
    void isFoundByServiceLoaderForTheDeployFilesStepType() {
        assertTrue(ServiceLoader.load(StepHandler.class).stream()
                .anyMatch(p -> p.type().equals(DeployFilesStepHandler.class)));
        assertEquals(java.util.Set.of("DeployFiles"), handler.stepTypes());
    }

    @Test
    void copiesTheMatchingFilesKeepingTheirFoldersRelativeToThePackageRoot() throws Exception {
        TestStepContext context = business(1).build().in(PipelineStage.EXECUTE);

        handler.execute(context);

        assertEquals(List.of("app/bin/app.dll", "app/bin/lib/util.dll"), installedFiles());
        assertEquals("app binary v1\n", Files.readString(install.resolve("app/bin/app.dll")));
    }

    @Test
    void recordsEveryFileWrittenWithItsSizeAndTimeAndTheFolderItCreatedWhenACopyNeededNoHash() throws Exception {
        TestStepContext context = business(1).build().in(PipelineStage.EXECUTE);

        handler.execute(context);

        Path app = install.resolve("app/bin/app.dll");
        Path util = install.resolve("app/bin/lib/util.dll");
        assertEquals(List.of(
                ChangeRecord.folder(install.resolve("app").toString(), true),
                new FileUndo(null, 14, Files.getLastModifiedTime(app).toMillis(), FileUndo.ABSENT, FileUndo.ABSENT)
                        .record(app.toString()),
                new FileUndo(null, 16, Files.getLastModifiedTime(util).toMillis(), FileUndo.ABSENT, FileUndo.ABSENT)
                        .record(util.toString())),
                context.changes());
    }

    @Test
    void recordsTheSha256OfAFileComparedByContentAndOfACopyHashedWhenItWasCopied() throws Exception {
        handler.execute(business(1).build().in(PipelineStage.EXECUTE));
        Path deployed = install.resolve("app/bin/app.dll");
        Files.setLastModifiedTime(deployed, FileTime.fromMillis(0));
        TestStepContext second = business(1).build().in(PipelineStage.EXECUTE);

        handler.execute(second);

        List<ChangeRecord> files = second.changes().stream().filter(c -> c.kind().equals("file")).toList();
        assertEquals(deployed.toString(), files.get(0).target());
        FileUndo compared = FileUndo.of(files.get(0)).orElseThrow();
        assertEquals(sha256(BUSINESS.resolve("bin/app.dll")), compared.sha256());
        assertEquals(FileUndo.SAME, compared.before(), "the same content was there: nothing to put back");
        assertTrue(files.get(0).detail().startsWith("sha256:"), "readers of the plain hash detail still find it");
        assertEquals(sha256(BUSINESS.resolve("bin/lib/util.dll")), FileUndo.of(files.get(1)).orElseThrow().sha256(),
                "the hash of an untouched copy was recorded when it was copied");
    }

    @Test
    void aSecondDeploymentLeavesUnchangedFilesAloneAndStillRecordsThem() throws Exception {
        handler.execute(business(1).build().in(PipelineStage.EXECUTE));
        FileStamp before = LocalStamps.of(install.resolve("app/bin/app.dll")).orElseThrow();
        TestStepContext second = business(1).build().in(PipelineStage.EXECUTE);

        handler.execute(second);

        assertEquals(before, LocalStamps.of(install.resolve("app/bin/app.dll")).orElseThrow(),
                "the file was not written again");
        assertEquals(2, second.changes().stream().filter(c -> c.kind().equals("file")).count());
    }

    @Test
    void aFileChangedOnTheTargetIsReplacedEvenWithTheSameSize() throws Exception {
        handler.execute(business(1).build().in(PipelineStage.EXECUTE));
        Path deployed = install.resolve("app/bin/app.dll");
        Files.writeString(deployed, "app binary XX\n");

        handler.execute(business(1).build().in(PipelineStage.EXECUTE));

        assertEquals("app binary v1\n", Files.readString(deployed));
    }

    @Test
    void everyWriteGoesThroughTheTarget() throws Exception {
        CountingTarget target = new CountingTarget(install);

        handler.execute(business(1).target(target).build().in(PipelineStage.EXECUTE));

        assertEquals(2, target.writes.get());
        assertEquals(0, target.contentReads.get(), "nothing to compare with on an empty destination");
    }

    @Test
    void theStepTargetDirectoryAttributeIsTheDestination() throws Exception {
        TestStepContext context = business(1).build();

        assertEquals(java.util.Optional.of(install + "/app"), DeployFilesStepHandler.destination(context));
    }

    @Test
    void thePackageTargetDirectoryVariableComesNext() throws Exception {
        TestStepContext context = business(2).variable("Package.TargetDirectory", install + "/pkg")
                .variable("BusinessFileLocation", install + "/business").build();

        assertEquals(java.util.Optional.of(install + "/pkg"), DeployFilesStepHandler.destination(context));
    }

    @Test
    void thePackageManifestTargetDirectoryIsExpandedWhenNoVariableGivesIt() throws Exception {
        TestStepContext context = TestStepContext.forPackage(PRESENTATION).variable("Install.Root", install.toString())
                .variable("PresentationFileLocation", install + "/elsewhere").target(new LocalTarget(install)).build()
                .in(PipelineStage.EXECUTE);

        handler.execute(context);

        assertEquals(List.of("ui/main.js", "ui/modules/shell/shell.js"), installedFiles());
    }

    @Test
    void aBusinessPackageWithoutTargetDirectoryGoesToBusinessFileLocation() throws Exception {
        TestStepContext context = business(2).variable("BusinessFileLocation", install + "/business").build()
                .in(PipelineStage.EXECUTE);

        handler.execute(context);

        assertEquals(List.of("business/web/index.html"), installedFiles());
    }

    @Test
    void aPresentationPackageWithoutTargetDirectoryGoesToPresentationFileLocation() throws Exception {
        TestStepContext context = TestStepContext.forPackage(PRESENTATION_NO_TARGET)
                .variable("PresentationFileLocation", install + "/web").target(new LocalTarget(install)).build()
                .in(PipelineStage.EXECUTE);

        handler.execute(context);

        assertEquals(List.of("web/index.html"), installedFiles());
    }

    @Test
    void validationSaysWhichAttributeOrVariableToSetWhenNothingNamesADestination() throws Exception {
        TestStepContext context = TestStepContext.forPackage(PRESENTATION_NO_TARGET).build();

        handler.validate(context);

        List<Problem> errors = context.errors();
        assertEquals(1, errors.size(), errors.toString());
        String message = errors.get(0).message();
        assertTrue(message.contains("targetDirectory") && message.contains("PresentationFileLocation"), message);
    }

    @Test
    void executeWithoutDestinationFailsNamingTheStep() throws Exception {
        TestStepContext context = TestStepContext.forPackage(PRESENTATION_NO_TARGET).build().in(PipelineStage.EXECUTE);

        DeploymentException failure = assertThrows(DeploymentException.class, () -> handler.execute(context));

        assertEquals(1, failure.location().stepIndex());
        assertTrue(failure.getMessage().contains("PresentationFileLocation"), failure.getMessage());
    }

    @Test
    void validationWarnsWhenTheContentPathMatchesNoFile() throws Exception {
        TestStepContext context = business(3).build();

        handler.validate(context);

        assertEquals(List.of(), context.errors());
        assertEquals(1, context.warnings().size());
        assertTrue(context.warnings().get(0).message().contains("nothing/*.txt"));
    }

    @Test
    void validationRefusesAContentPathThatEscapesThePackage() throws Exception {
        TestStepContext context = business(4).build();

        handler.validate(context);

        assertEquals(1, context.errors().size());
        assertTrue(context.errors().get(0).message().contains("../outside/*"), context.errors().toString());
    }

    @Test
    void validationOfACompleteStepReportsNothing() throws Exception {
        TestStepContext context = business(1).build();

        handler.validate(context);

        assertEquals(List.of(), context.reported());
    }

    @Test
    void aDryRunCopiesNothing() throws Exception {
        TestStepContext context = business(1).dryRun(true).build().in(PipelineStage.EXECUTE);

        handler.execute(context);

        assertEquals(List.of(), installedFiles());
        assertFalse(context.changes().iterator().hasNext());
    }
}
