package dev.stagehand.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stagehand.core.journal.InMemoryDeploymentJournal;
import dev.stagehand.core.options.ZipLimits;
import dev.stagehand.core.plan.DeploymentPlan;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.apache.commons.io.file.PathUtils;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The persistent index of a package source: a second indexing of an unchanged source reads no
 * manifest (counted by {@link PackageSource#manifestsRead()}), any change to a manifest or a
 * package folder is seen, and a lost or damaged index only costs a full read.
 */
class PersistentIndexTest {

    private static final Path DIAMOND = Fixtures.resource("sources/diamond");
    private static final Path CHANGES = Fixtures.resource("sources/diamond-changes");

    @TempDir
    Path temp;
    private Path source;
    private Path cache;

    @BeforeEach
    void copyTheFixture() throws IOException {
        source = temp.resolve("source");
        cache = temp.resolve("state/cache");
        PathUtils.copyDirectory(DIAMOND, source);
    }

    private PackageSource index() throws IOException {
        return PackageSource.index(List.of(source), ZipLimits.DEFAULTS, cache);
    }

    private List<Path> indexFiles() throws IOException {
        try (Stream<Path> files = Files.list(cache.resolve("package-index"))) {
            return files.toList();
        }
    }

    @Test
    void aSecondIndexingOfAnUnchangedSourceReadsNoManifest() throws Exception {
        PackageSource first = index();
        PackageSource second = index();

        assertEquals(7, first.manifestsRead());
        assertEquals(0, second.manifestsRead());
        assertEquals(first.versionCount(), second.versionCount());
        assertEquals(List.of("1.0.0", "1.1.0", "1.2.0", "2.0.0"), second.versions("C"));
        assertEquals("Root", second.load("Root", "1.0.0").orElseThrow().manifest().id());
    }

    @Test
    void aSecondPlanOfStagehandReadsNoManifestAndPlansTheSame() throws Exception {
        DeploymentPlan first;
        DeploymentPlan second;
        int read;
        try (Stagehand stagehand = stagehand()) {
            first = stagehand.plan(RootRequest.parse("Root"));
            assertEquals(7, stagehand.source().manifestsRead());
        }
        try (Stagehand stagehand = stagehand()) {
            second = stagehand.plan(RootRequest.parse("Root"));
            read = stagehand.source().manifestsRead();
        }

        assertEquals(0, read);
        assertEquals(coordinates(first), coordinates(second));
        assertEquals(first.digest(), second.digest());
        assertFalse(indexFiles().isEmpty(), "the index is kept in the configured cache folder");
    }

    @Test
    void theCacheFolderDefaultsToCacheInTheStateFolderOnceThatExists() throws Exception {
        Path state = Files.createDirectories(temp.resolve("other-state"));
        int[] read = new int[2];
        for (int i = 0; i < 2; i++) {
            try (Stagehand stagehand = Stagehand.configure().sources(source).stateDirectory(state)
                    .journal(new InMemoryDeploymentJournal()).load()) {
                stagehand.plan(RootRequest.parse("Root"));
                read[i] = stagehand.source().manifestsRead();
            }
        }
        assertTrue(Files.isDirectory(state.resolve("cache/package-index")));
        assertEquals(7, read[0]);
        assertEquals(0, read[1]);
    }

    @Test
    void aPlanWhereNothingWasDeployedLeavesNoStateFolderBehind() throws Exception {
        Path state = temp.resolve("never-deployed");
        try (Stagehand stagehand = Stagehand.configure().sources(source).stateDirectory(state)
                .journal(new InMemoryDeploymentJournal()).load()) {
            stagehand.plan(RootRequest.parse("Root"));
        }
        assertFalse(Files.exists(state));
    }

    @Test
    void aChangedManifestIsReadAgain() throws Exception {
        index();
        Files.copy(CHANGES.resolve("C.2.0.0/manifest.xml"), source.resolve("C.2.0.0/manifest.xml"),
                StandardCopyOption.REPLACE_EXISTING);

        PackageSource again = index();

        assertEquals(1, again.manifestsRead());
        assertTrue(again.load("C", "2.0.0").orElseThrow().manifest().description().contains("republished"));
        assertEquals(0, index().manifestsRead(), "the index now remembers the new manifest");
    }

    @Test
    void anAddedPackageFolderIsRead() throws Exception {
        index();
        PathUtils.copyDirectory(CHANGES.resolve("D.1.0.0"), source.resolve("D.1.0.0"));

        PackageSource again = index();

        assertEquals(1, again.manifestsRead());
        assertTrue(again.contains("D"));
    }

    @Test
    void aPackageAddedInASubFolderIsRead() throws Exception {
        Files.createDirectories(source.resolve("more"));
        index();
        PathUtils.copyDirectory(CHANGES.resolve("D.1.0.0"), source.resolve("more/D.1.0.0"));

        PackageSource again = index();

        assertEquals(1, again.manifestsRead());
        assertTrue(again.contains("D"));
    }

    @Test
    void aRemovedPackageFolderIsGoneFromTheIndex() throws Exception {
        index();
        PathUtils.deleteDirectory(source.resolve("C.2.0.0"));

        PackageSource again = index();

        assertEquals(0, again.manifestsRead());
        assertEquals(List.of("1.0.0", "1.1.0", "1.2.0"), again.versions("C"));
    }

    @Test
    void aRemovedManifestLeavesItsPackageOut() throws Exception {
        index();
        Files.delete(source.resolve("C.2.0.0/manifest.xml"));

        PackageSource again = index();

        assertEquals(List.of("1.0.0", "1.1.0", "1.2.0"), again.versions("C"));
    }

    @Test
    void aSecondManifestAddedToAPackageFolderIsSeen() throws Exception {
        index();
        Files.copy(source.resolve("C.2.0.0/manifest.xml"), source.resolve("C.2.0.0/MANIFEST.XML"));

        PackageSource again = index();

        assertEquals(1, again.manifestsRead());
        assertEquals(List.of("1.0.0", "1.1.0", "1.2.0"), again.versions("C"));
        assertTrue(again.problems().stream().anyMatch(p -> p.message().contains("2 manifests")), again.problems()::toString);
    }

    @Test
    void aZipIsRememberedByItsStampsAndReadAgainWhenReplaced() throws Exception {
        Path zip = zip(source.resolve("D.1.0.0.zip"), CHANGES.resolve("D.1.0.0/manifest.xml"));
        assertEquals(8, index().manifestsRead());
        assertEquals(0, index().manifestsRead());

        zip(zip, CHANGES.resolve("D.1.0.0-republished/manifest.xml"));
        PackageSource again = index();

        assertEquals(1, again.manifestsRead());
        assertTrue(again.load("D", "1.0.0").orElseThrow().zipped());
        assertEquals("D 1.0.0 as republished", again.load("D", "1.0.0").orElseThrow().manifest().description());
    }

    @Test
    void aDamagedIndexIsIgnoredAndRebuilt() throws Exception {
        index();
        Path file = indexFiles().get(0);
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length / 2] ^= 0x55;
        Files.write(file, bytes);

        PackageSource again = index();

        assertEquals(7, again.manifestsRead(), "a damaged index is not trusted");
        assertEquals(7, again.versionCount());
        assertEquals(0, index().manifestsRead(), "and it was rebuilt");
    }

    @Test
    void aTruncatedOrForeignIndexIsIgnored() throws Exception {
        index();
        Path file = indexFiles().get(0);
        Files.write(file, java.util.Arrays.copyOf(Files.readAllBytes(file), 20));
        assertEquals(7, index().manifestsRead());

        Files.writeString(file, "not an index at all");
        assertEquals(7, index().manifestsRead());
        assertEquals(0, index().manifestsRead());
    }

    @Test
    void anIndexWhoseEntriesWouldLeadOutOfTheSourceIsIgnoredEvenWithAValidCrc() throws Exception {
        Files.createDirectories(source.resolve("more"));
        PathUtils.copyDirectory(CHANGES.resolve("D.1.0.0"), source.resolve("more/D.1.0.0"));
        PathUtils.copyDirectory(CHANGES.resolve("D.1.0.0-republished"), Files.createDirectories(temp.resolve("m"))
                .resolve("D.1.0.0"));
        index();
        Path file = indexFiles().get(0);
        byte[] bytes = Files.readAllBytes(file);
        String text = new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1);
        int at = text.indexOf("\0\0\0\4more");
        assertTrue(at > 0, "the index names the folder 'more'");
        for (; at >= 0; at = text.indexOf("\0\0\0\4more", at + 1)) {
            // The entry of the source folder and the key of the folder itself alike.
            System.arraycopy("../m".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1), 0, bytes, at + 4, 4);
        }
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(bytes, 0, bytes.length - 8);
        java.nio.ByteBuffer.wrap(bytes, bytes.length - 8, 8).putLong(crc.getValue());
        Files.write(file, bytes);

        PackageSource again = index();

        assertEquals(8, again.manifestsRead(), "the tampered index is not trusted");
        assertNull(again.load("D", "1.0.0").orElseThrow().manifest().description(), "D is the one inside the source");
        assertTrue(again.problems().isEmpty(), again.problems()::toString);
    }

    @Test
    void aLostIndexCostsOneFullRead() throws Exception {
        index();
        PathUtils.deleteDirectory(cache);

        assertEquals(7, index().manifestsRead());
        assertEquals(0, index().manifestsRead());
    }

    @Test
    void withoutACacheFolderNothingIsRemembered() throws Exception {
        PackageSource.index(List.of(source));
        assertEquals(7, PackageSource.index(List.of(source)).manifestsRead());
        assertFalse(Files.exists(cache));
    }

    private Stagehand stagehand() {
        return Stagehand.configure().sources(source).stateDirectory(temp.resolve("state"))
                .cacheDirectory(cache).journal(new InMemoryDeploymentJournal()).load();
    }

    private static List<String> coordinates(DeploymentPlan plan) {
        return plan.packages().stream().map(p -> p.id() + "@" + p.version()).toList();
    }

    /** A zip holding one manifest, as a package of its own. */
    private static Path zip(Path zip, Path manifest) throws IOException {
        Path written = zip.resolveSibling(zip.getFileName() + ".part");
        try (OutputStream out = Files.newOutputStream(written); ZipOutputStream zipOut = new ZipOutputStream(out)) {
            zipOut.putNextEntry(new ZipEntry("manifest.xml"));
            zipOut.write(Files.readAllBytes(manifest));
            zipOut.closeEntry();
        }
        return Files.move(written, zip, StandardCopyOption.REPLACE_EXISTING);
    }
}
