package dev.stagehand.core.internal.steps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stagehand.api.io.Sha256;
import dev.stagehand.api.target.ConcurrentAccess;
import dev.stagehand.api.target.FileStamp;
import dev.stagehand.api.target.FileStamps;
import dev.stagehand.api.target.Flushing;
import dev.stagehand.api.target.FolderStamps;
import dev.stagehand.core.target.LocalTarget;
import dev.stagehand.core.testing.CountingTarget;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileDeployerTest {

    private static final Path PACKAGE = BusinessPackage.FOLDER;
    private static final List<String> FILES = BusinessPackage.FILES;

    @TempDir
    Path temp;

    private String destination() {
        return temp.resolve("dest").toString();
    }

    @Test
    void ontoAnEmptyDestinationEveryFileIsWrittenOnceAndTheTargetNeverHashed() throws IOException {
        CountingTarget target = CountingTarget.withStamps(temp);

        FileDeployer.Result result = new FileDeployer(target).deploy(PACKAGE, FILES, destination());

        assertEquals(4, result.copied());
        assertEquals(4, target.writes.get());
        assertEquals(0, target.contentReads.get());
        assertEquals("utility library\n", Files.readString(temp.resolve("dest/bin/lib/util.dll")));
    }

    @Test
    void withoutACacheExistingFilesOfTheSameSizeAreHashedToCompare() throws IOException {
        new FileDeployer(CountingTarget.withStamps(temp)).deploy(PACKAGE, FILES, destination());
        CountingTarget target = CountingTarget.withStamps(temp);

        FileDeployer.Result result = new FileDeployer(target).deploy(PACKAGE, FILES, destination());

        assertEquals(4, result.unchanged());
        assertEquals(0, target.writes.get());
        assertEquals(4, target.contentReads.get());
    }

    @Test
    void anExistingFileOfAnotherSizeIsReplacedWithoutHashingIt() throws IOException {
        Files.createDirectories(temp.resolve("dest/bin"));
        Files.writeString(temp.resolve("dest/bin/app.dll"), "much longer than the packaged file, so surely different");
        CountingTarget target = CountingTarget.withStamps(temp);

        new FileDeployer(target).deploy(PACKAGE, List.of("bin/app.dll"), destination());

        assertEquals(0, target.contentReads.get());
        assertEquals("app binary v1\n", Files.readString(temp.resolve("dest/bin/app.dll")));
    }

    @Test
    void withTheFingerprintCacheAnUnchangedDeploymentReadsNoTargetFile() throws IOException {
        Path cache = temp.resolve("state/fingerprints.tsv");
        new FileDeployer(CountingTarget.withStamps(temp), cache, 1).deploy(PACKAGE, FILES, destination());
        CountingTarget target = CountingTarget.withStamps(temp);

        FileDeployer.Result result = new FileDeployer(target, cache, 2).deploy(PACKAGE, FILES, destination());

        assertEquals(4, result.unchanged());
        assertEquals(0, target.contentReads.get());
        assertEquals(0, target.writes.get());
        assertTrue(Files.isRegularFile(cache));
    }

    @Test
    void theCacheIsNotTrustedForAFileChangedSinceEvenWithItsOldSizeAndTime() throws IOException {
        Path cache = temp.resolve("fingerprints.tsv");
        new FileDeployer(CountingTarget.withStamps(temp), cache, 1).deploy(PACKAGE, FILES, destination());
        Path deployed = temp.resolve("dest/bin/app.dll");
        FileTime modified = Files.getLastModifiedTime(deployed);
        Files.writeString(deployed, "app binary XX\n");
        Files.setLastModifiedTime(deployed, modified);

        FileDeployer.Result result = new FileDeployer(CountingTarget.withStamps(temp), cache, 1)
                .deploy(PACKAGE, FILES, destination());

        assertEquals(1, result.copied());
        assertEquals("app binary v1\n", Files.readString(deployed));
    }

    @Test
    void aDamagedCacheIsIgnored() throws IOException {
        Path cache = Files.writeString(temp.resolve("fingerprints.tsv"), "not a cache\n\u0000garbage");

        FileDeployer.Result result = new FileDeployer(CountingTarget.withStamps(temp), cache, 1)
                .deploy(PACKAGE, FILES, destination());

        assertEquals(4, result.copied());
    }

    @Test
    void aTargetWithoutStampsListsTheDestinationOnceAndComparesThroughStat() throws IOException {
        new FileDeployer(new CountingTarget(temp)).deploy(PACKAGE, FILES, destination());
        CountingTarget target = new CountingTarget(temp);

        FileDeployer.Result result = new FileDeployer(target, null, 1).deploy(PACKAGE, FILES, destination());

        assertEquals(4, result.unchanged());
        assertEquals(1, target.lists.get());
        assertEquals(4, target.contentReads.get());
        assertEquals(0, target.writes.get());
    }

    @Test
    void manyThreadsGiveTheSameResultInTheGivenOrder() throws IOException {
        FileDeployer.Result result = new FileDeployer(CountingTarget.withStamps(temp), null, 4)
                .deploy(PACKAGE, FILES, destination());

        assertEquals(FILES, result.files().stream().map(FileDeployer.DeployedFile::relativePath).toList());
        assertEquals(4, result.copied());
    }

    /** A private copy of the package, to change its files. */
    private Path packageCopy() throws IOException {
        return packageCopy("package");
    }

    /** The package's files copied into a folder of its own: other files, other stamps, the same content. */
    private Path packageCopy(String name) throws IOException {
        return BusinessPackage.copyInto(temp.resolve(name));
    }

    @Test
    void aFirstDeploymentWithALocalTargetStagesTheFolderAndLeavesNothingElseBehind() throws IOException {
        FileDeployer.Result result = new FileDeployer(new LocalTarget(temp), null, 2).deploy(PACKAGE, FILES, destination());

        assertEquals(4, result.copied());
        assertTrue(result.files().stream().allMatch(f -> f.knownSha256().isEmpty()), "a plain copy is not hashed");
        assertEquals(List.of("dest"), listing(temp));
        assertEquals("utility library\n", Files.readString(temp.resolve("dest/bin/lib/util.dll")));
    }

    @Test
    void anEmptyDestinationMadeInPrepareIsStagedAsAMissingOneIsAndAFullOneIsNot() throws IOException {
        LocalTarget target = new LocalTarget(temp);
        Files.createDirectories(temp.resolve("dest"));
        assertTrue(target.isVacant(destination()));

        new FileDeployer(target, null, 1).deploy(PACKAGE, FILES, destination());

        assertEquals(List.of("dest"), listing(temp), "the staging folder took the empty one's place");
        assertFalse(target.isVacant(destination()), "a folder with files in it is not vacant");
        Files.writeString(temp.resolve("plain-file"), "x");
        assertFalse(target.isVacant(temp.resolve("plain-file").toString()));
        assertTrue(target.isVacant(temp.resolve("missing").toString()));
    }

    @Test
    void whatACrashedRunStagedIsReplacedAndAFailedRunLeavesNoDestination() throws IOException {
        LocalTarget target = new LocalTarget(temp);
        Path staging = Path.of(target.stagingFolderFor(destination()));
        Files.createDirectories(staging.resolve("bin"));
        Files.writeString(staging.resolve("bin/app.dll"), "left by a crash");
        List<String> withMissing = List.of("bin/app.dll", "bin/missing.dll");

        assertThrows(IOException.class, () -> new FileDeployer(target, null, 1).deploy(PACKAGE, withMissing,
                destination()));

        assertEquals(List.of(), listing(temp));
        new FileDeployer(target, null, 1).deploy(PACKAGE, FILES, destination());
        assertEquals("app binary v1\n", Files.readString(temp.resolve("dest/bin/app.dll")));
        assertEquals(List.of("dest"), listing(temp));
    }

    @Test
    void afterAStagedFirstDeploymentAnUnchangedOneReadsNoFileAndWritesNothing() throws IOException {
        Path cache = temp.resolve("state/fingerprints.tsv");
        new FileDeployer(new LocalTarget(temp), cache, 2).deploy(PACKAGE, FILES, destination());
        CountingTarget target = CountingTarget.withStamps(temp);

        FileDeployer.Result result = new FileDeployer(target, cache, 2).deploy(PACKAGE, FILES, destination());

        assertEquals(4, result.unchanged());
        assertEquals(0, target.contentReads.get());
        assertEquals(0, target.writes.get());
    }

    /** Stamps by one listing of the destination, as an SSH target gives them; counts both kinds of asking. */
    static final class ListingTarget extends CountingTarget implements FileStamps, FolderStamps {
        final java.util.concurrent.atomic.AtomicInteger stamps = new java.util.concurrent.atomic.AtomicInteger();
        final java.util.concurrent.atomic.AtomicInteger listings = new java.util.concurrent.atomic.AtomicInteger();

        ListingTarget(Path base) {
            super(base);
        }

        @Override
        public Optional<FileStamp> stamp(String path) throws IOException {
            stamps.incrementAndGet();
            return local.stamp(path);
        }

        @Override
        public java.util.Map<String, FileStamp> stampsBelow(String folder) throws IOException {
            listings.incrementAndGet();
            java.util.Map<String, FileStamp> found = new java.util.HashMap<>();
            Path root = Path.of(folder);
            if (Files.isDirectory(root)) {
                try (Stream<Path> files = Files.walk(root)) {
                    for (Path file : files.filter(Files::isRegularFile).toList()) {
                        found.put(root.relativize(file).toString().replace('\\', '/'),
                                local.stamp(file.toString()).orElseThrow());
                    }
                }
            }
            return found;
        }
    }

    @Test
    void anUnchangedDeploymentAsksATargetThatListsStampsOnceInsteadOfOnceForEachFile() throws IOException {
        Path cache = temp.resolve("state/fingerprints.tsv");
        new FileDeployer(new LocalTarget(temp), cache, 2).deploy(PACKAGE, FILES, destination());
        ListingTarget target = new ListingTarget(temp);

        FileDeployer.Result result = new FileDeployer(target, cache, 2).deploy(PACKAGE, FILES, destination());

        assertEquals(4, result.unchanged());
        assertEquals(1, target.listings.get());
        assertEquals(0, target.stamps.get(), "no stamp asked file by file");
        assertEquals(0, target.contentReads.get());
        assertTrue(result.files().stream().allMatch(f -> f.knownStamp().isPresent()),
                "each file's stamp known for its undo record");
    }

    @Test
    void aFileChangedOnTheTargetIsFoundByTheListedStampsAndReplaced() throws IOException {
        Path cache = temp.resolve("state/fingerprints.tsv");
        new FileDeployer(new LocalTarget(temp), cache, 2).deploy(PACKAGE, FILES, destination());
        Path deployed = temp.resolve("dest/bin/lib/util.dll");
        Files.writeString(deployed, "utility LIBRARY\n");
        Files.setLastModifiedTime(deployed, FileTime.fromMillis(0));

        FileDeployer.Result result = new FileDeployer(new ListingTarget(temp), cache, 2).deploy(PACKAGE, FILES,
                destination());

        assertEquals(1, result.copied());
        assertEquals("utility library\n", Files.readString(deployed));
    }

    @Test
    void aSourceChangedToOtherContentOfTheSameSizeIsCopiedAgain() throws IOException {
        Path source = packageCopy();
        Path cache = temp.resolve("fingerprints.tsv");
        new FileDeployer(new LocalTarget(temp), cache, 1).deploy(source, FILES, destination());
        Path packaged = source.resolve("bin/app.dll");
        FileTime modified = Files.getLastModifiedTime(packaged);
        Files.writeString(packaged, "app binary v2\n");
        Files.setLastModifiedTime(packaged, modified);

        FileDeployer.Result result = new FileDeployer(CountingTarget.withStamps(temp), cache, 1)
                .deploy(source, FILES, destination());

        assertEquals(1, result.copied());
        assertEquals("app binary v2\n", Files.readString(temp.resolve("dest/bin/app.dll")));
    }

    @Test
    void aSourceTouchedButNotChangedIsHashedOnceThenTrustedAgain() throws IOException {
        Path source = packageCopy();
        Path cache = temp.resolve("fingerprints.tsv");
        new FileDeployer(new LocalTarget(temp), cache, 1).deploy(source, FILES, destination());
        Files.setLastModifiedTime(source.resolve("bin/app.dll"), FileTime.fromMillis(0));
        CountingTarget comparing = CountingTarget.withStamps(temp);

        FileDeployer.Result compared = new FileDeployer(comparing, cache, 1).deploy(source, FILES, destination());
        CountingTarget trusting = CountingTarget.withStamps(temp);
        FileDeployer.Result trusted = new FileDeployer(trusting, cache, 1).deploy(source, FILES, destination());

        assertEquals(4, compared.unchanged());
        assertEquals(0, comparing.contentReads.get(), "the copy's hash was recorded when it was copied");
        assertTrue(compared.files().get(0).knownSha256().isPresent());
        assertEquals(0, comparing.writes.get());
        assertEquals(4, trusted.unchanged());
        assertEquals(0, trusting.contentReads.get());
    }

    @Test
    void aFileChangedOnTheTargetWithItsSizeKeptIsReplaced() throws IOException {
        Path cache = temp.resolve("fingerprints.tsv");
        new FileDeployer(new LocalTarget(temp), cache, 2).deploy(PACKAGE, FILES, destination());
        Path deployed = temp.resolve("dest/bin/lib/util.dll");
        Files.writeString(deployed, "utility LIBRARY\n");

        FileDeployer.Result result = new FileDeployer(new LocalTarget(temp), cache, 2).deploy(PACKAGE, FILES,
                destination());

        assertEquals(1, result.copied());
        assertEquals("utility library\n", Files.readString(deployed));
    }

    @Test
    void aFlushableTargetIsFlushedBeforeTheCacheIsSaved() throws IOException {
        Path cache = temp.resolve("fingerprints.tsv");
        List<Boolean> cacheSavedAtFlush = new ArrayList<>();
        class FlushingTarget extends CountingTarget implements FileStamps, Flushing {
            FlushingTarget() {
                super(temp);
            }

            @Override
            public Optional<FileStamp> stamp(String path) throws IOException {
                return local.stamp(path);
            }

            @Override
            public void flush() {
                cacheSavedAtFlush.add(Files.exists(cache));
            }
        }

        new FileDeployer(new FlushingTarget(), cache, 1).deploy(PACKAGE, FILES, destination());

        assertEquals(List.of(false), cacheSavedAtFlush);
        assertTrue(Files.isRegularFile(cache));
    }

    /** The kind and path of every file a fingerprint cache holds a line of. */
    private static java.util.Set<String> remembered(String cache) {
        return cache.lines().skip(1).map(line -> line.split("\t")).map(f -> f[0] + " " + f[7])
                .collect(java.util.stream.Collectors.toSet());
    }

    private static List<String> listing(Path folder) throws IOException {
        try (Stream<Path> entries = Files.list(folder)) {
            return entries.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void aPathThatWouldLandOutsideTheDestinationIsRefused() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> new FileDeployer(CountingTarget.withStamps(temp)).deploy(PACKAGE, List.of("../escape.txt"),
                        destination()));

        assertTrue(refused.getMessage().contains("../escape.txt"), refused.getMessage());
    }

    @Test
    void anUpgradeWhosePackageHoldsTheSameFilesReadsOnlyItsOwnSourcesAndWritesNothing() throws IOException {
        Path cache = temp.resolve("fingerprints.tsv");
        new FileDeployer(new LocalTarget(temp), cache, 1).deploy(packageCopy("1.0.0"), FILES, destination());
        Path upgrade = packageCopy("1.0.1");
        CountingTarget target = CountingTarget.withStamps(temp);

        FileDeployer.Result result = new FileDeployer(target, cache, 1).deploy(upgrade, FILES, destination());

        assertEquals(4, result.unchanged());
        assertEquals(0, target.contentReads.get(), "no deployed file is read");
        assertEquals(0, target.writes.get());
        assertEquals(Sha256.of(upgrade.resolve("bin/app.dll")), result.files().get(0).sha256());
    }

    @Test
    void theCacheKeepsWhatTheLastWholeDeploymentUsedSoItDoesNotGrowWithEveryVersion() throws IOException {
        Path cache = temp.resolve("fingerprints.tsv");
        List<Integer> lines = new ArrayList<>();
        for (String version : List.of("1.0.0", "1.0.1", "1.0.2", "1.0.3")) {
            new FileDeployer(new LocalTarget(temp), cache, 1).deploy(packageCopy(version), FILES, destination());
            lines.add(Files.readAllLines(cache).size());
        }
        CountingTarget target = CountingTarget.withStamps(temp);

        FileDeployer.Result again = new FileDeployer(target, cache, 1).deploy(temp.resolve("1.0.3"), FILES,
                destination());

        assertEquals(lines.get(1), lines.get(3), "as many lines after four versions as after two: " + lines);
        assertTrue(lines.get(3) <= 1 + 2 * FILES.size(), "a header, the deployed files, their sources: " + lines);
        String kept = Files.readString(cache);
        for (String earlier : List.of("1.0.0", "1.0.1", "1.0.2")) {
            assertFalse(kept.contains(temp.resolve(earlier).toString()), "the sources of " + earlier + " are forgotten");
        }
        assertEquals(4, again.unchanged());
        assertEquals(0, target.contentReads.get(), "what was kept is what an unchanged deployment needs");
    }

    @Test
    void aDeploymentThatFailsPartwayForgetsNothingTheCacheKnew() throws IOException {
        Path cache = temp.resolve("fingerprints.tsv");
        new FileDeployer(new LocalTarget(temp), cache, 1).deploy(packageCopy("1.0.0"), FILES, destination());
        String before = Files.readString(cache);
        Path upgrade = packageCopy("1.0.1");
        Files.delete(upgrade.resolve(FILES.get(FILES.size() - 1)));

        assertThrows(IOException.class, () -> new FileDeployer(new LocalTarget(temp), cache, 1).deploy(upgrade, FILES,
                destination()));

        java.util.Set<String> after = remembered(Files.readString(cache));
        assertTrue(after.containsAll(remembered(before)), "every file known before is known still: " + after);
        assertTrue(Files.readString(cache).contains(temp.resolve("1.0.0").toString()), "1.0.0's sources too");
    }

    @Test
    void anUpgradedFileOfTheSameSizeAndModificationTimeIsCopiedWhenItsHashDiffers() throws IOException {
        Path cache = temp.resolve("fingerprints.tsv");
        Path old = packageCopy("1.0.0");
        new FileDeployer(new LocalTarget(temp), cache, 1).deploy(old, FILES, destination());
        Path upgrade = packageCopy("1.0.1");
        Path changed = upgrade.resolve("bin/app.dll");
        Files.writeString(changed, Files.readString(changed).toUpperCase(java.util.Locale.ROOT));
        // Same size, and a modification time in the same second as the deployed copy's.
        Files.setLastModifiedTime(changed, Files.getLastModifiedTime(temp.resolve("dest/bin/app.dll")));

        FileDeployer.Result result = new FileDeployer(new LocalTarget(temp), cache, 1).deploy(upgrade, FILES,
                destination());

        assertEquals(1, result.copied());
        assertTrue(result.files().get(0).copied());
        assertEquals(Files.readString(changed), Files.readString(temp.resolve("dest/bin/app.dll")));
    }

    @Test
    void anUpgradeFindsAFileChangedOnTheTargetSinceTheLastDeploymentAndReplacesIt() throws IOException {
        Path cache = temp.resolve("fingerprints.tsv");
        new FileDeployer(new LocalTarget(temp), cache, 1).deploy(packageCopy("1.0.0"), FILES, destination());
        Path deployed = temp.resolve("dest/bin/lib/util.dll");
        FileTime modified = Files.getLastModifiedTime(deployed);
        Files.writeString(deployed, "UTILITY library\n");
        Files.setLastModifiedTime(deployed, modified);

        FileDeployer.Result result = new FileDeployer(new LocalTarget(temp), cache, 1).deploy(packageCopy("1.0.1"),
                FILES, destination());

        assertEquals(1, result.copied());
        assertEquals("utility library\n", Files.readString(deployed));
    }

    @Test
    void withTheStateLostAnUpgradeComparesEveryFileByContentAndCopiesOnlyTheChangedOne() throws IOException {
        new FileDeployer(new LocalTarget(temp), null, 1).deploy(packageCopy("1.0.0"), FILES, destination());
        Path upgrade = packageCopy("1.0.1");
        Files.writeString(upgrade.resolve("web/index.html"), Files.readString(upgrade.resolve("web/index.html"))
                .replace('<', '['));
        Path lostState = temp.resolve("new-state/fingerprints.tsv");

        FileDeployer.Result result = new FileDeployer(new LocalTarget(temp), lostState, 1).deploy(upgrade, FILES,
                destination());

        assertEquals(1, result.copied());
        assertTrue(result.files().get(3).copied());
        assertEquals(Files.readString(upgrade.resolve("web/index.html")), Files.readString(temp.resolve(
                "dest/web/index.html")));
        assertEquals(Sha256.of(upgrade.resolve("bin/app.pdb")), result.files().get(1).sha256());
        CountingTarget again = CountingTarget.withStamps(temp);
        assertEquals(4, new FileDeployer(again, lostState, 1).deploy(upgrade, FILES, destination()).unchanged());
        assertEquals(0, again.contentReads.get(), "the comparison rebuilt the cache");
    }

    @Test
    void anUpgradeChecksFilesAheadOnOtherThreadsAndCopiesOnlyOnTheCallingThreadInTheGivenOrder() throws IOException {
        Path cache = temp.resolve("fingerprints.tsv");
        new FileDeployer(new LocalTarget(temp), cache, 1).deploy(packageCopy("1.0.0"), FILES, destination());
        Path upgrade = packageCopy("1.0.1");
        Files.writeString(upgrade.resolve("bin/app.pdb"), Files.readString(upgrade.resolve("bin/app.pdb"))
                .toUpperCase(java.util.Locale.ROOT));
        Thread caller = Thread.currentThread();
        // Where each file was stamped: a copied file is stamped once more after its copy, by the copying thread.
        java.util.Map<String, Thread> checkedBy = new java.util.concurrent.ConcurrentHashMap<>();
        List<String> copiedBy = java.util.Collections.synchronizedList(new ArrayList<>());
        // Like a local target: its methods may be called from several threads, but it copies on one.
        class OneCopyingThread extends CountingTarget implements FileStamps, ConcurrentAccess {
            OneCopyingThread() {
                super(temp);
            }

            @Override
            public Optional<FileStamp> stamp(String path) throws IOException {
                checkedBy.putIfAbsent(path, Thread.currentThread());
                return local.stamp(path);
            }

            @Override
            public void upload(Path localFile, String path) throws IOException {
                copiedBy.add(Thread.currentThread().getName() + " " + path);
                super.upload(localFile, path);
            }

            @Override
            public int parallelism() {
                return 1;
            }
        }

        FileDeployer.Result result = FileDeployer.forTarget(new OneCopyingThread(), cache).deploy(upgrade, FILES,
                destination());

        assertEquals(FILES, result.files().stream().map(FileDeployer.DeployedFile::relativePath).toList());
        assertEquals(List.of(false, true, false, false), result.files().stream().map(FileDeployer.DeployedFile::copied)
                .toList());
        assertEquals(List.of(caller.getName() + " " + temp.resolve("dest/bin/app.pdb")), copiedBy);
        assertEquals(Files.readString(upgrade.resolve("bin/app.pdb")), Files.readString(temp.resolve("dest/bin/app.pdb")));
        if (Runtime.getRuntime().availableProcessors() > 1) {
            assertFalse(checkedBy.containsValue(caller), "a file was checked on the copying thread: " + checkedBy);
        }
    }
}
