package dev.stagehand.core.internal.steps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stagehand.api.io.Sha256;
import dev.stagehand.core.result.DeploymentResult;
import dev.stagehand.api.target.FileStamp;
import dev.stagehand.core.Fixtures;
import dev.stagehand.core.RootRequest;
import dev.stagehand.core.Stagehand;
import dev.stagehand.core.internal.content.LocalStamps;
import dev.stagehand.core.options.InstallOptions;
import dev.stagehand.core.internal.content.DefaultPackageContent;
import dev.stagehand.core.internal.packages.ZipPackage;
import dev.stagehand.core.target.LocalTarget;
import dev.stagehand.core.testing.CountingTarget;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * DeployFiles from zipped packages: an entry whose recorded size and CRC-32 are those of the
 * target's file, unchanged since it was copied, is not unpacked at all; anything else is compared
 * by content as from a folder.
 */
class ZipFileDeployerTest {

    private static final Path PACKAGE = BusinessPackage.FOLDER;
    private static final List<String> FILES = BusinessPackage.FILES;

    @TempDir
    Path temp;

    private String destination() {
        return temp.resolve("dest").toString();
    }

    private Path cache() {
        return temp.resolve("state/fingerprints.tsv");
    }

    @Test
    void anUnchangedUpgradeFromOneZipToAnotherReadsNoEntryAndReportsEveryFileUnchanged() throws IOException {
        deployZip(zip(PACKAGE, "Pkg.1.0.0.zip", true), new LocalTarget(temp)).close();
        Path upgrade = zip(PACKAGE, "Pkg.1.0.1.zip", true);
        CountingTarget target = CountingTarget.withStamps(temp);

        try (Deployed deployed = deployZip(upgrade, target)) {
            assertEquals(4, deployed.result.unchanged());
            assertEquals(0, deployed.zip.entriesOpened(), "no entry is read");
            assertEquals(0, unpackedFiles(deployed.root), "nothing is unpacked");
            assertEquals(0, target.writes.get());
            assertEquals(0, target.contentReads.get());
            // The journal's hash: the one the first deployment's hashing thread recorded for the copy.
            assertEquals(Sha256.of(PACKAGE.resolve("bin/app.dll")), deployed.result.files().get(0).sha256());
        }
    }

    @Test
    void compressedEntriesAreKnownUnchangedAsStoredOnesAre() throws IOException {
        deployZip(zip(PACKAGE, "Pkg.1.0.0.zip", false), new LocalTarget(temp)).close();

        try (Deployed deployed = deployZip(zip(PACKAGE, "Pkg.1.0.1.zip", false), new LocalTarget(temp))) {
            assertEquals(4, deployed.result.unchanged());
            assertEquals(0, deployed.zip.entriesOpened());
        }
    }

    @Test
    void aChangedEntryOfTheSameSizeIsUnpackedAndCopiedByItsDifferentCrc() throws IOException {
        deployZip(zip(PACKAGE, "Pkg.1.0.0.zip", true), new LocalTarget(temp)).close();
        Path changed = copyOfPackage("1.0.1");
        Path dll = changed.resolve("bin/app.dll");
        Files.writeString(dll, Files.readString(dll).toUpperCase(Locale.ROOT));
        assertEquals(Files.size(PACKAGE.resolve("bin/app.dll")), Files.size(dll), "the same size");

        try (Deployed deployed = deployZip(zip(changed, "Pkg.1.0.1.zip", true), new LocalTarget(temp))) {
            assertEquals(1, deployed.result.copied());
            assertTrue(deployed.result.files().get(0).copied());
            assertEquals(1, deployed.zip.entriesOpened(), "only the changed entry is read");
            assertEquals(Files.readString(dll), Files.readString(temp.resolve("dest/bin/app.dll")));
        }
    }

    @Test
    void aTargetFileChangedBehindOurBackIsComparedByContentAndReplaced() throws IOException {
        deployZip(zip(PACKAGE, "Pkg.1.0.0.zip", true), new LocalTarget(temp)).close();
        Path deployedFile = temp.resolve("dest/bin/lib/util.dll");
        FileTime modified = Files.getLastModifiedTime(deployedFile);
        // Same size and modification time; its change time and so its stamp differ.
        Files.writeString(deployedFile, "UTILITY library\n");
        Files.setLastModifiedTime(deployedFile, modified);

        try (Deployed deployed = deployZip(zip(PACKAGE, "Pkg.1.0.1.zip", true), new LocalTarget(temp))) {
            assertEquals(1, deployed.result.copied());
            assertTrue(deployed.result.files().get(2).copied());
            assertEquals(1, deployed.zip.entriesOpened());
            assertEquals("utility library\n", Files.readString(deployedFile));
        }
    }

    @Test
    void aFileChangedInTheOverlayByAStepIsNeverTrustedByItsEntrysCrc() throws IOException {
        deployZip(zip(PACKAGE, "Pkg.1.0.0.zip", true), new LocalTarget(temp)).close();
        Path upgrade = zip(PACKAGE, "Pkg.1.0.1.zip", true);
        Path root = temp.resolve("unpacked-tagged");
        try (DefaultPackageContent content = new DefaultPackageContent(root, temp.resolve("overlay"))) {
            ZipPackage zip = ZipPackage.open(upgrade, upgrade.getFileName().toString());
            content.unpackOnDemand(zip);
            // As TaggedFile does: the private copy changed, its size kept.
            Path tagged = content.writable("web/index.html");
            Files.writeString(tagged, Files.readString(tagged).toUpperCase(Locale.ROOT));
            assertTrue(content.recorded("web/index.html").isEmpty());
            assertTrue(content.recorded("bin/app.dll").isPresent());

            FileDeployer.Result result = new FileDeployer(new LocalTarget(temp), cache(), 1).deploy(content, FILES,
                    destination());

            assertEquals(1, result.copied());
            assertTrue(result.files().get(3).copied());
            assertEquals(Files.readString(tagged), Files.readString(temp.resolve("dest/web/index.html")));
        }
    }

    @Test
    void anUpgradeFromAPackageFolderToAZipReadsNoEntry() throws IOException {
        new FileDeployer(new LocalTarget(temp), cache(), 1).deploy(copyOfPackage("1.0.0"), FILES, destination());

        try (Deployed deployed = deployZip(zip(PACKAGE, "Pkg.1.0.1.zip", true), new LocalTarget(temp))) {
            assertEquals(4, deployed.result.unchanged());
            assertEquals(0, deployed.zip.entriesOpened(), "the CRC-32s computed beside the hashes tell");
        }
    }

    @Test
    void anUpgradeAfterAComparisonByContentKnowsTheCrcsFromThen() throws IOException {
        // The state lost: the first zip upgrade compares every file by content and so learns their CRC-32s.
        new FileDeployer(new LocalTarget(temp), null, 1).deploy(copyOfPackage("1.0.0"), FILES, destination());
        try (Deployed compared = deployZip(zip(PACKAGE, "Pkg.1.0.1.zip", true), new LocalTarget(temp))) {
            assertEquals(4, compared.result.unchanged());
            assertEquals(4, compared.zip.entriesOpened());
        }

        try (Deployed deployed = deployZip(zip(PACKAGE, "Pkg.1.0.2.zip", true), new LocalTarget(temp))) {
            assertEquals(4, deployed.result.unchanged());
            assertEquals(0, deployed.zip.entriesOpened());
        }
    }

    @Test
    void aFingerprintCacheOfTheFormerVersionIsReplacedByOneOfTheCurrentVersion() throws IOException {
        Files.createDirectories(cache().getParent());
        Files.writeString(cache(), "stagehand-fingerprints 2\n");
        deployZip(zip(PACKAGE, "Pkg.1.0.0.zip", true), new LocalTarget(temp)).close();

        assertTrue(Files.readString(cache()).startsWith("stagehand-fingerprints 3\n"));
    }

    @Test
    void anUnchangedUpgradeOfAZippedPackageThroughTheEngineCopiesNothingAndReportsEveryFileUnchanged()
            throws Exception {
        Path folder = Fixtures.resource("zip-upgrade/Zip.Files.1.0.0");
        Path source = temp.resolve("source");
        packageZip(folder, source.resolve("Zip.Files.1.0.0.zip"), "1.0.0");
        packageZip(folder, source.resolve("Zip.Files.1.0.1.zip"), "1.0.1");
        Path app = temp.resolve("install/app");

        DeploymentResult first = install(source, "Zip.Files@1.0.0");
        assertEquals("3 files to " + app + ": 3 copied, 0 unchanged", first.packages().get(0).steps().get(0)
                .message());
        FileStamp before = LocalStamps.of(app.resolve("bin/app.txt")).orElseThrow();
        DeploymentResult upgrade = install(source, "Zip.Files@1.0.1");

        assertEquals("3 files to " + app + ": 0 copied, 3 unchanged", upgrade.packages().get(0).steps().get(0)
                .message());
        assertEquals(before, LocalStamps.of(app.resolve("bin/app.txt")).orElseThrow(), "not written again");
        assertEquals("the application\n", Files.readString(app.resolve("bin/app.txt")));
    }

    private DeploymentResult install(Path source, String root) throws Exception {
        try (Stagehand stagehand = Stagehand.configure().sources(source).stateDirectory(temp.resolve("engine-state"))
                .parameters(Map.of("Install.Root", temp.resolve("install").toString())).load()) {
            DeploymentResult result = stagehand.install(RootRequest.parse(root), InstallOptions.DEFAULTS);
            assertTrue(result.succeeded(), result.problems()::toString);
            return result;
        }
    }

    /** A package folder zipped, deflated, its manifest given {@code version}. */
    private static void packageZip(Path folder, Path zip, String version) throws IOException {
        Files.createDirectories(zip.getParent());
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip));
             Stream<Path> files = Files.walk(folder)) {
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                String name = folder.relativize(file).toString().replace('\\', '/');
                byte[] bytes = Files.readAllBytes(file);
                if (name.equals("manifest.xml")) {
                    bytes = new String(bytes, StandardCharsets.UTF_8).replace("<version>1.0.0</version>",
                            "<version>" + version + "</version>").getBytes(StandardCharsets.UTF_8);
                }
                out.putNextEntry(new ZipEntry(name));
                out.write(bytes);
                out.closeEntry();
            }
        }
    }

    /** A package zip's deployment: the zip, where it unpacked into, what the deployer did. */
    private record Deployed(ZipPackage zip, Path root, FileDeployer.Result result, DefaultPackageContent content)
            implements AutoCloseable {
        @Override
        public void close() throws IOException {
            content.close();
        }
    }

    private Deployed deployZip(Path zipFile, dev.stagehand.api.target.DeploymentTarget target) throws IOException {
        Path root = temp.resolve("unpacked-" + zipFile.getFileName());
        DefaultPackageContent content = new DefaultPackageContent(root, temp.resolve("overlay-" + zipFile.getFileName()));
        ZipPackage zip = ZipPackage.open(zipFile, zipFile.getFileName().toString());
        content.unpackOnDemand(zip);
        FileDeployer.Result result = new FileDeployer(target, cache(), 1).deploy(content, FILES, destination());
        return new Deployed(zip, root, result, content);
    }

    private static long unpackedFiles(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile).count();
        }
    }

    private Path copyOfPackage(String name) throws IOException {
        return BusinessPackage.copyInto(temp.resolve(name));
    }

    /** The package's files as a zip, stored (with sizes and CRC-32s in the headers) or deflated. */
    private Path zip(Path folder, String name, boolean stored) throws IOException {
        Path zip = temp.resolve("zips").resolve(name);
        Files.createDirectories(zip.getParent());
        try (OutputStream out = Files.newOutputStream(zip); ZipOutputStream zipOut = new ZipOutputStream(out)) {
            for (String file : FILES) {
                byte[] bytes = Files.readAllBytes(folder.resolve(file));
                ZipEntry entry = new ZipEntry(file);
                if (stored) {
                    CRC32 crc = new CRC32();
                    crc.update(bytes);
                    entry.setMethod(ZipEntry.STORED);
                    entry.setSize(bytes.length);
                    entry.setCompressedSize(bytes.length);
                    entry.setCrc(crc.getValue());
                }
                zipOut.putNextEntry(entry);
                zipOut.write(bytes);
                zipOut.closeEntry();
            }
        }
        assertFalse(Files.size(zip) == 0);
        return zip;
    }
}
