package dev.stagehand.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stagehand.api.ManifestException;
import dev.stagehand.api.Problem;
import dev.stagehand.api.ResolutionException;
import dev.stagehand.core.internal.content.DefaultPackageContent;
import dev.stagehand.core.internal.packages.ZipPackage;
import dev.stagehand.core.journal.InMemoryDeploymentJournal;
import dev.stagehand.core.options.ZipLimits;
import dev.stagehand.core.plan.DeploymentPlan;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Packages built to hurt: zips that lie or explode, broken or ambiguous sources. */
class HostilePackagesTest {

    private static final String MANIFEST = """
            <?xml version="1.0" encoding="utf-8"?>
            <deploymentPackage version="1.0">
              <packageId>Root</packageId>
              <version>1.0.0</version>
            </deploymentPackage>
            """;

    @TempDir
    Path temp;

    private static DeploymentPlan plan(String source, String root) throws Exception {
        return Stagehand.configure().sources(Fixtures.resource("sources/" + source))
                .journal(new InMemoryDeploymentJournal()).load().plan(RootRequest.parse(root));
    }

    private Path zip(String name, Map<String, byte[]> entries) throws IOException {
        Path zip = temp.resolve(name);
        Files.createDirectories(zip.getParent());
        try (OutputStream out = Files.newOutputStream(zip); ZipOutputStream zipOut = new ZipOutputStream(out)) {
            for (Map.Entry<String, byte[]> entry : new TreeMap<>(entries).entrySet()) {
                zipOut.putNextEntry(new ZipEntry(entry.getKey()));
                zipOut.write(entry.getValue());
                zipOut.closeEntry();
            }
        }
        return zip;
    }

    private static byte[] noise(int size) {
        byte[] bytes = new byte[size];
        new Random(7).nextBytes(bytes);
        return bytes;
    }

    private static byte[] text(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }

    /** Rewrites the uncompressed size the central directory gives for every entry. */
    private static void forgeSizes(Path zip, int claimed) throws IOException {
        byte[] bytes = Files.readAllBytes(zip);
        try (RandomAccessFile file = new RandomAccessFile(zip.toFile(), "rw")) {
            for (int i = 0; i + 46 <= bytes.length; i++) {
                if (bytes[i] == 0x50 && bytes[i + 1] == 0x4b && bytes[i + 2] == 0x01 && bytes[i + 3] == 0x02) {
                    file.seek(i + 24);
                    file.write(new byte[] {(byte) claimed, (byte) (claimed >> 8), 0, 0});
                }
            }
        }
    }

    // ---- zips are bounded ----

    @Test
    void anEntryExpandingFarBeyondItsCompressedSizeIsRefusedWhileItIsRead() throws Exception {
        Path zip = zip("bomb.zip", Map.of("manifest.xml", text(MANIFEST), "bin/zeros.bin", new byte[8 << 20]));

        try (ZipPackage opened = ZipPackage.open(zip, "bomb.zip")) {
            ManifestException e = assertThrows(ManifestException.class, opened::verify);
            assertTrue(e.reason().contains("zip entry 'bin/zeros.bin' expands more than 200 times"), e.reason());
            assertEquals("bomb.zip!/bin/zeros.bin", e.location().file());
        }
    }

    @Test
    void thePlanThatNeedsAZipBombRefusesItFromItsDeclaredSizesAndThePlanOfAnotherRootIsUntouched() throws Exception {
        Path source = temp.resolve("source");
        zip("source/Root.1.0.0.zip", Map.of("manifest.xml", text(MANIFEST), "bin/zeros.bin", new byte[8 << 20]));
        zip("source/Other.1.0.0.zip", Map.of("manifest.xml", text(MANIFEST.replace("Root", "Other"))));
        Stagehand stagehand = Stagehand.configure().sources(source).journal(new InMemoryDeploymentJournal()).load();

        ResolutionException refused = assertThrows(ResolutionException.class,
                () -> stagehand.plan(RootRequest.parse("Root")));
        assertEquals(1, refused.problems().size(), refused.problems()::toString);
        Problem problem = refused.problems().get(0);
        assertTrue(problem.message().startsWith("zip entry 'bin/zeros.bin' declares 8388608 bytes, more than 200 times"
                + " its compressed size"), problem.message());
        assertTrue(problem.location().file().endsWith("source/Root.1.0.0.zip!/bin/zeros.bin"), problem::toString);
        assertEquals("Root", problem.location().packageId());

        assertEquals("Other", stagehand.plan(RootRequest.parse("Other")).rootId());
        stagehand.close();
    }

    @Test
    void anEntryWhoseHeaderUnderstatesItsSizeIsStoppedAtWhatTheHeaderSaid() throws Exception {
        Path zip = zip("forged.zip", Map.of("manifest.xml", text(MANIFEST), "bin/data.bin", noise(300_000)));
        forgeSizes(zip, 100);

        try (ZipPackage opened = ZipPackage.open(zip, "forged.zip"); InputStream in = opened.open("bin/data.bin")) {
            ManifestException e = assertThrows(ManifestException.class, in::readAllBytes);
            assertTrue(e.reason().contains("gives more bytes than its header says (100)"), e.reason());
        }
    }

    /** A zip whose entries are stored: sizes and CRC-32s in the headers, the data as it is. */
    private Path storedZip(String name, Map<String, byte[]> entries) throws IOException {
        Path zip = temp.resolve(name);
        Files.createDirectories(zip.getParent());
        try (OutputStream out = Files.newOutputStream(zip); ZipOutputStream zipOut = new ZipOutputStream(out)) {
            for (Map.Entry<String, byte[]> entry : new TreeMap<>(entries).entrySet()) {
                java.util.zip.CRC32 crc = new java.util.zip.CRC32();
                crc.update(entry.getValue());
                ZipEntry stored = new ZipEntry(entry.getKey());
                stored.setMethod(ZipEntry.STORED);
                stored.setSize(entry.getValue().length);
                stored.setCompressedSize(entry.getValue().length);
                stored.setCrc(crc.getValue());
                zipOut.putNextEntry(stored);
                zipOut.write(entry.getValue());
                zipOut.closeEntry();
            }
        }
        return zip;
    }

    /** Rewrites the CRC-32 the central directory gives for one entry. */
    private static void forgeCrc(Path zip, String entry) throws IOException {
        byte[] bytes = Files.readAllBytes(zip);
        byte[] name = text(entry);
        try (RandomAccessFile file = new RandomAccessFile(zip.toFile(), "rw")) {
            for (int i = 0; i + 46 + name.length <= bytes.length; i++) {
                if (bytes[i] == 0x50 && bytes[i + 1] == 0x4b && bytes[i + 2] == 0x01 && bytes[i + 3] == 0x02
                        && java.util.Arrays.equals(bytes, i + 46, i + 46 + name.length, name, 0, name.length)) {
                    file.seek(i + 16);
                    file.write(new byte[] {(byte) ~bytes[i + 16], bytes[i + 17], bytes[i + 18], bytes[i + 19]});
                }
            }
        }
    }

    @Test
    void aStoredEntryWhoseDataDoesNotMatchItsRecordedCrcIsRefusedWhenReadNamingTheEntry() throws Exception {
        byte[] data = noise(10_000);
        Path zip = storedZip("corrupt.zip", Map.of("manifest.xml", text(MANIFEST), "bin/data.bin", data));
        // One byte of the stored data flipped, the headers left as they are: a corrupt or forged zip.
        byte[] bytes = Files.readAllBytes(zip);
        int at = indexOf(bytes, java.util.Arrays.copyOf(data, 64)) + 5_000;
        bytes[at] = (byte) ~bytes[at];
        Files.write(zip, bytes);

        try (ZipPackage opened = ZipPackage.open(zip, "corrupt.zip")) {
            assertEquals(data.length, opened.recorded("bin/data.bin").orElseThrow().size());
            ManifestException e = assertThrows(ManifestException.class,
                    () -> opened.extract("bin/data.bin", temp.resolve("out/data.bin")));
            assertEquals("zip entry 'bin/data.bin' does not match its recorded CRC-32: the zip is corrupt or forged;"
                    + " the package is refused", e.reason());
            assertEquals("corrupt.zip!/bin/data.bin", e.location().file());
            assertFalse(Files.exists(temp.resolve("out/data.bin")), "half a file is no package file");
        }
    }

    @Test
    void aCompressedEntryWhoseDataDoesNotMatchItsRecordedCrcIsRefusedBeforeTheDeploymentChangesAnything()
            throws Exception {
        String manifest = MANIFEST.replace("</version>", """
                </version>
                  <targetDirectory>$(Target)</targetDirectory>
                  <steps><step type="DeployFiles" contentPath="bin/**"/></steps>""");
        Path zip = zip("source/Root.1.0.0.zip", Map.of("manifest.xml", text(manifest), "bin/data.txt",
                text("some data\n".repeat(100))));
        forgeCrc(zip, "bin/data.txt");
        Path install = temp.resolve("install");
        Path state = temp.resolve("state");

        try (Stagehand stagehand = Stagehand.configure().sources(temp.resolve("source")).stateDirectory(state)
                .parameters(Map.of("Target", install.toString())).load()) {
            dev.stagehand.api.DeploymentException refused = assertThrows(dev.stagehand.api.DeploymentException.class,
                    () -> stagehand.install(RootRequest.parse("Root"), dev.stagehand.core.options.InstallOptions.DEFAULTS));
            assertTrue(refused.getMessage().contains("zip entry 'bin/data.txt' does not match its recorded CRC-32"),
                    refused.getMessage());
        }
        assertFalse(Files.exists(install), "nothing was deployed");
    }

    @Test
    void aStoredEntryDeclaringAnotherSizeThanItStoresIsRefusedWhenTheZipIsOpened() throws Exception {
        Path zip = storedZip("forged-stored.zip", Map.of("manifest.xml", text(MANIFEST), "bin/data.bin",
                noise(300_000)));
        forgeSizes(zip, 100);

        ManifestException e = assertThrows(ManifestException.class, () -> ZipPackage.open(zip, "forged-stored.zip"));
        assertTrue(e.reason().startsWith("zip entry 'bin/data.bin' is stored uncompressed but declares 100 bytes"
                + " against 300000 bytes stored"), e.reason());
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            if (java.util.Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
                return i;
            }
        }
        throw new AssertionError("not in the zip");
    }

    @Test
    void theLimitsOnEntriesBytesAndRatioAreConfigurableThroughTheEmbeddingApi() throws Exception {
        Path source = temp.resolve("source");
        Map<String, byte[]> entries = new TreeMap<>(Map.of("manifest.xml", text(MANIFEST)));
        for (int i = 0; i < 5; i++) {
            entries.put("bin/" + i + ".bin", noise(50_000));
        }
        zip("source/Root.1.0.0.zip", entries);

        ResolutionException tooMany = assertThrows(ResolutionException.class, () -> Stagehand.configure()
                .sources(source).journal(new InMemoryDeploymentJournal())
                .zipLimits(ZipLimits.DEFAULTS.withMaxEntries(5)).load().plan(RootRequest.parse("Root")));
        assertTrue(tooMany.getMessage().contains("the zip lists 6 entries, more than the limit of 5"),
                tooMany.getMessage());

        try (ZipPackage opened = ZipPackage.open(source.resolve("Root.1.0.0.zip"), "Root.1.0.0.zip",
                ZipLimits.DEFAULTS.withMaxBytes(120_000))) {
            ManifestException e = assertThrows(ManifestException.class, opened::verify);
            assertTrue(e.reason().contains("beyond the limit of 120000 uncompressed bytes in all"), e.reason());
        }
        try (ZipPackage opened = ZipPackage.open(source.resolve("Root.1.0.0.zip"), "Root.1.0.0.zip",
                ZipLimits.DEFAULTS.withMaxEntryBytes(40_000))) {
            ManifestException e = assertThrows(ManifestException.class, opened::verify);
            assertTrue(e.reason().contains("beyond the limit of 40000 bytes per entry"), e.reason());
        }
        // Within the defaults, the same zip is a package like any other.
        assertEquals("Root", PackageReader.read(source.resolve("Root.1.0.0.zip")).manifest().id());
    }

    @Test
    void theDefaultsLetEveryPackageOfTheSamplesThroughZipped() throws Exception {
        List<Path> packages = PackageReader.discover(Fixtures.samples().resolve("source"));
        assertFalse(packages.isEmpty());
        for (Path folder : packages) {
            Map<String, byte[]> entries = new TreeMap<>();
            try (Stream<Path> files = Files.walk(folder)) {
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                    entries.put(folder.relativize(file).toString().replace('\\', '/'), Files.readAllBytes(file));
                }
            }
            Path zip = zip("zipped/" + folder.getFileName() + ".zip", entries);

            assertEquals(PackageReader.read(folder).manifest().id(), PackageReader.read(zip, ZipLimits.DEFAULTS)
                    .manifest().id());
        }
    }

    @Test
    void aZippedPackageIsUnpackedOnlyAsFarAsItsStepsAskForFiles() throws Exception {
        Path zip = zip("pkg.zip", Map.of("manifest.xml", text(MANIFEST), "bin/used.txt", text("used"),
                "bin/other.txt", text("other"), "docs/big.bin", noise(100_000)));
        Path root = temp.resolve("content");

        try (DefaultPackageContent content = new DefaultPackageContent(root, temp.resolve("changed"))) {
            content.unpackOnDemand(ZipPackage.open(zip, "pkg.zip"));

            assertEquals(List.of("bin/other.txt", "bin/used.txt"), content.find("bin/*.txt"));
            assertTrue(content.exists("docs/big.bin"));
            assertTrue(content.exists("docs"));
            try (Stream<Path> unpacked = Files.walk(root)) {
                assertEquals(0, unpacked.filter(Files::isRegularFile).count(), "finding unpacks nothing");
            }

            assertEquals("used", Files.readString(content.resolve("bin/used.txt")));

            assertTrue(Files.isRegularFile(root.resolve("bin/used.txt")));
            assertFalse(Files.exists(root.resolve("bin/other.txt")));
            assertFalse(Files.exists(root.resolve("docs/big.bin")));
        }
    }

    @Test
    void aManifestAboveFourMebibytesIsRefusedUnread() throws Exception {
        Path folder = temp.resolve("Big.1.0.0");
        Files.createDirectories(folder);
        Files.writeString(folder.resolve("manifest.xml"), MANIFEST + "<!--" + " ".repeat(5 << 20) + "-->");

        ManifestException e = assertThrows(ManifestException.class, () -> PackageReader.read(folder));

        assertTrue(e.reason().contains("may hold at most 4194304 bytes: refused unread"), e.reason());
        assertTrue(e.location().file().endsWith("Big.1.0.0/manifest.xml"), e.location().toString());
    }

    @Test
    void anInjectedFileThatIsALinkOutOfThePackageIsRefusedAsStepContentIs() throws Exception {
        Path folder = temp.resolve("Linked.1.0.0");
        Files.createDirectories(folder);
        Files.writeString(folder.resolve("manifest.xml"), MANIFEST.replace("</deploymentPackage>",
                "  <xmlInjection>\n    <file>ui.xml</file>\n  </xmlInjection>\n</deploymentPackage>"));
        Path outside = temp.resolve("outside.xml");
        Files.writeString(outside, "<ui><wizardStep id=\"Stolen\"/></ui>");
        Files.createSymbolicLink(folder.resolve("ui.xml"), outside);

        ManifestException e = assertThrows(ManifestException.class, () -> PackageReader.read(folder));

        assertTrue(e.reason().contains("'ui.xml' is refused: it is a link that leads out of the package"), e.reason());
        assertEquals(6, e.location().line());
    }

    // ---- one bad package does not hide the others, nor itself ----

    @Test
    void aBrokenPackageThePlanDoesNotNeedIsAWarningOfThePlan() throws Exception {
        DeploymentPlan plan = plan("index-problems", "Root");

        List<Problem> about = plan.warnings().stream().filter(w -> w.message().contains("Broken.1.0.0")).toList();
        assertEquals(1, about.size(), plan.warnings()::toString);
        assertTrue(about.get(0).message().startsWith("unreadable package"), about.get(0).message());
        assertTrue(about.get(0).location().file().endsWith("Broken.1.0.0/manifest.xml"));
        assertEquals(3, about.get(0).location().line());
    }

    @Test
    void aBrokenPackageThePlanNeedsIsALocatedErrorNotAMissingPackage() {
        ResolutionException e = assertThrows(ResolutionException.class, () -> plan("index-problems", "Broken"));

        Problem unreadable = e.problems().stream().filter(p -> p.message().startsWith("unreadable package"))
                .findFirst().orElseThrow(() -> new AssertionError(e.problems()));
        assertTrue(unreadable.isError());
        assertTrue(unreadable.location().file().endsWith("Broken.1.0.0/manifest.xml"));
        assertEquals(3, unreadable.location().line());
    }

    // ---- ambiguous input ----

    @Test
    void theSameVersionTwiceWithTheSameManifestIsAWarningNamingBothAndTheOneUsed() throws Exception {
        DeploymentPlan plan = plan("duplicates", "Root");

        Problem twice = plan.warnings().stream().filter(w -> w.message().contains("with the same manifest"))
                .findFirst().orElseThrow(() -> new AssertionError(plan.warnings()));
        assertTrue(twice.message().matches("Root@1\\.0\\.0 is at \\S*a/Root\\.1\\.0\\.0 and at \\S*b/Root\\.1\\.0\\.0"
                + " with the same manifest; \\S*a/Root\\.1\\.0\\.0 is used"), twice.message());
        assertTrue(plan.packages().get(0).origin().toString().replace('\\', '/').endsWith("a/Root.1.0.0"));
    }

    @Test
    void aVersionWithBuildMetadataIsDeployedExactlyOrNotAtAll() throws Exception {
        assertEquals("1.0.0+a", plan("build-metadata", "Root@1.0.0+a").rootVersion());

        ResolutionException e = assertThrows(ResolutionException.class, () -> plan("build-metadata", "Root@1.0.0+b"));

        assertTrue(e.getMessage().contains("no version of Root satisfies every constraint: 1.0.0+b required by the"
                + " root request"), e.getMessage());
    }

    @Test
    void thePreparationNoticeShowsNormalisedPaths() throws Exception {
        DeploymentPlan plan = plan("normalised", "Root");

        // The package type names the folder first; as written it is build/./x/../app.
        assertEquals(List.of("folder build/app (Root)"), plan.notice());
    }
}
