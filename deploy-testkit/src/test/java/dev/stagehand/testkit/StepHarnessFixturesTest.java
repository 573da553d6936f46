package dev.stagehand.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stagehand.api.Status;
import dev.stagehand.api.event.DeploymentEvent.PackageStarted;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link StepHarness#forPackage} and {@link StepHarness#forSource} on the fixture folders of src/test/resources. */
class StepHarnessFixturesTest {

    private static final Path PROBE_FILES = Path.of("src/test/resources/packages/Probe.Files.1.0.0");
    private static final Path SHOP = Path.of("src/test/resources/source");

    @Test
    void aPackageFolderDeploysWithItsFilesAndItsUiDefaults() throws Exception {
        try (StepHarness harness = StepHarness.forPackage(PROBE_FILES)) {
            HarnessResult result = harness.run();

            assertTrue(result.succeeded(), result::report);
            assertEquals(Status.SUCCEEDED, result.step().status());
            assertEquals(Files.readString(PROBE_FILES.resolve("config/settings.json")),
                    harness.memoryTarget().text("/srv/app/settings.json").orElseThrow());
            assertEquals("installed in /srv/app\nline 1.0.0 is the version\n",
                    harness.memoryTarget().text("/srv/app/about.txt").orElseThrow());
        }
    }

    @Test
    void aParameterWinsOverThePackagesUiDefault() throws Exception {
        try (StepHarness harness = StepHarness.forPackage(PROBE_FILES).variable("App.Folder", "/opt/probe")) {
            HarnessResult result = harness.run();

            assertTrue(result.succeeded(), result::report);
            assertEquals(List.of("/opt/probe/about.txt", "/opt/probe/settings.json"),
                    List.copyOf(harness.memoryTarget().files().keySet()));
        }
    }

    @Test
    void aZippedPackageDeploysAsItsFolderDoes(@TempDir Path temporary) throws Exception {
        Path zip = zip(PROBE_FILES, temporary.resolve("Probe.Files.1.0.0.zip"));
        try (StepHarness harness = StepHarness.forPackage(zip)) {
            HarnessResult result = harness.run();

            assertTrue(result.succeeded(), result::report);
            assertEquals(Files.readString(PROBE_FILES.resolve("config/settings.json")),
                    harness.memoryTarget().text("/srv/app/settings.json").orElseThrow());
        }
    }

    @Test
    void aSourceDeploysTheRootsLatestVersionAfterWhatItDependsOn() throws Exception {
        try (StepHarness harness = StepHarness.forSource(SHOP, "Shop.Web")) {
            HarnessResult result = harness.run();

            assertTrue(result.succeeded(), result::report);
            assertEquals(List.of("Shop.Data", "Shop.Web"), result.events(PackageStarted.class).stream()
                    .filter(p -> p.stage() == dev.stagehand.api.PipelineStage.EXECUTE).map(PackageStarted::packageId)
                    .toList());
            assertEquals("2.0.0", result.outcome("Shop.Web").version());
            assertEquals("Shop.Web 2.0.0\n", harness.memoryTarget().text("/shop/web.txt").orElseThrow());
            assertEquals("Shop.Data 1.0.0\n", harness.memoryTarget().text("/shop/data.txt").orElseThrow());
        }
    }

    @Test
    void aSourceDeploysTheRootVersionAsked() throws Exception {
        try (StepHarness harness = StepHarness.forSource(SHOP, "Shop.Web@1.0.0")) {
            HarnessResult result = harness.run();

            assertTrue(result.succeeded(), result::report);
            assertEquals(Status.SUCCEEDED, result.step().status());
            assertEquals("Shop.Web 1.0.0\n", harness.memoryTarget().text("/shop/web.txt").orElseThrow());
        }
    }

    /** A zip of a package folder, as a build would make it, so the zip fixture is the folder fixture. */
    private static Path zip(Path folder, Path zip) throws Exception {
        try (OutputStream out = Files.newOutputStream(zip); ZipOutputStream entries = new ZipOutputStream(out);
             Stream<Path> files = Files.walk(folder)) {
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                entries.putNextEntry(new ZipEntry(folder.relativize(file).toString().replace('\\', '/')));
                Files.copy(file, entries);
                entries.closeEntry();
            }
        }
        return zip;
    }
}
