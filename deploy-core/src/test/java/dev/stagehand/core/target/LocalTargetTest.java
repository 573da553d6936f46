package dev.stagehand.core.target;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stagehand.api.io.Sha256;
import dev.stagehand.api.target.CommandRequest;
import dev.stagehand.api.target.CommandResult;
import dev.stagehand.api.target.FileInfo;
import dev.stagehand.api.target.FileStamp;
import dev.stagehand.api.target.FileStamps;
import dev.stagehand.api.target.FolderStaging;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalTargetTest {

    /** SHA-256 of the ASCII text {@code abc} (FIPS 180-2, appendix B.1). */
    private static final String SHA256_OF_ABC = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

    @TempDir
    Path temp;

    private LocalTarget target() {
        return new LocalTarget(temp);
    }

    private static InputStream text(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }

    private List<Path> filesUnder(Path folder) throws IOException {
        try (Stream<Path> files = Files.walk(folder)) {
            return files.filter(Files::isRegularFile).sorted().toList();
        }
    }

    @Test
    void appendCreatesAnOwnerOnlyFileThenAddsAtItsEndLeavingWhatItHeld() throws IOException {
        LocalTarget target = target();
        String file = temp.resolve(".deploy/steps.jsonl").toString();

        target.append(file, "one\n".getBytes(StandardCharsets.UTF_8));
        target.append(file, "two\n".getBytes(StandardCharsets.UTF_8));

        assertEquals("one\ntwo\n", Files.readString(Path.of(file)));
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(Path.of(file))));
        assertTrue(target.capability(dev.stagehand.api.target.Appending.class).isPresent());
    }

    @Test
    void writeCreatesParentFoldersAndReplacesContentLeavingNoTemporaryFile() throws IOException {
        LocalTarget target = target();
        String file = temp.resolve("app/config/settings.json").toString();

        target.write(file, text("first version, longer than the second"));
        target.write(file, text("second"));

        assertEquals("second", Files.readString(Path.of(file)));
        assertEquals(List.of(Path.of(file)), filesUnder(temp));
    }

    @Test
    void relativePathsAreResolvedAgainstTheBaseFolder() throws IOException {
        target().write("relative/a.txt", text("a"));

        assertEquals("a", Files.readString(temp.resolve("relative/a.txt")));
        assertTrue(target().exists("relative/a.txt"));
    }

    @Test
    void failedWriteLeavesTheOldContentAndNoTemporaryFile() throws IOException {
        Path file = temp.resolve("keep.txt");
        Files.writeString(file, "old");
        InputStream failing = new InputStream() {
            private int sent;

            @Override
            public int read() throws IOException {
                if (sent++ > 10) {
                    throw new IOException("network gone");
                }
                return 'x';
            }
        };

        IOException failure = assertThrows(IOException.class, () -> target().write(file.toString(), failing));

        assertEquals("network gone", failure.getMessage());

        assertEquals("old", Files.readString(file));
        assertEquals(List.of(file), filesUnder(temp));
    }

    @Test
    void uploadCopiesALocalFileAtomically() throws IOException {
        Path source = Files.writeString(temp.resolve("source.bin"), "payload");
        String destination = temp.resolve("out/deep/copy.bin").toString();

        target().upload(source, destination);

        assertEquals("payload", Files.readString(Path.of(destination)));
        assertEquals(List.of(temp.resolve("out/deep/copy.bin"), source), filesUnder(temp));
    }

    @Test
    void statGivesSizeAndModificationTimeWithoutReadingAndHashingGivesTheHexSha256() throws IOException {
        Path file = Files.writeString(temp.resolve("abc.txt"), "abc");

        Optional<FileInfo> info = target().stat(file.toString());

        assertEquals(Optional.of(new FileInfo(3, Files.getLastModifiedTime(file).toInstant())), info);
        assertEquals(Optional.of(SHA256_OF_ABC), target().sha256(file.toString()));
    }

    @Test
    void hashingReadsFilesLargerThanOneBuffer() throws IOException {
        byte[] content = new byte[Sha256.BUFFER_SIZE * 3 + 17];
        for (int i = 0; i < content.length; i++) {
            content[i] = (byte) (i * 31);
        }
        Path file = Files.write(temp.resolve("big.bin"), content);

        assertEquals(content.length, target().stat(file.toString()).orElseThrow().size());
        assertEquals(Optional.of(Sha256.hex(digestOf(content))), target().sha256(file.toString()));
    }

    @Test
    void everyCapabilityIsOfferedAndPathsSayWhetherTheyAreAbsolute() throws IOException {
        LocalTarget target = target();

        for (Class<?> capability : List.of(dev.stagehand.api.target.Flushing.class, FolderStaging.class,
                FileStamps.class, dev.stagehand.api.target.ContentHashing.class,
                dev.stagehand.api.target.ConcurrentAccess.class)) {
            assertTrue(target.capability(capability).isPresent(), capability::getSimpleName);
        }
        assertTrue(target.isAbsolute(temp.toString()));
        assertFalse(target.isAbsolute("relative/path"));
        Path made = Path.of(target.createTempDirectory("stagehand-test"));
        try {
            assertTrue(Files.isDirectory(made));
            assertEquals(java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"),
                    Files.getPosixFilePermissions(made), "only the deploying user reads a temporary folder");
        } finally {
            Files.delete(made);
        }
    }

    private static java.security.MessageDigest digestOf(byte[] content) {
        java.security.MessageDigest digest = Sha256.newDigest();
        digest.update(content);
        return digest;
    }

    @Test
    void statOfAMissingFileOrAFolderIsEmpty() throws IOException {
        Files.createDirectories(temp.resolve("folder"));

        assertEquals(Optional.empty(), target().stat(temp.resolve("missing.txt").toString()));
        assertEquals(Optional.empty(), target().stat(temp.resolve("folder").toString()));
    }

    @Test
    void stampChangesWhenTheContentIsRewrittenButNotWhenTheFileIsOnlyRead() throws IOException {
        Path file = Files.writeString(temp.resolve("s.txt"), "one");
        LocalTarget target = target();
        FileStamp before = target.stamp(file.toString()).orElseThrow();

        target.stat(file.toString());
        assertEquals(before, target.stamp(file.toString()).orElseThrow());

        target.write(file.toString(), text("two"));
        assertFalse(before.equals(target.stamp(file.toString()).orElseThrow()));
        assertEquals(Optional.empty(), target.stamp(temp.resolve("absent").toString()));
    }

    /** Every kind of change an ON_FLUSH target remembers, then the contents it must still give. */
    private LocalTarget changedOnFlush() throws IOException {
        LocalTarget target = new LocalTarget(temp, LocalTarget.Durability.ON_FLUSH);
        target.write("a/written.txt", text("written"));
        target.upload(Files.writeString(temp.resolve("local.txt"), "uploaded"), "a/uploaded.txt");
        target.copyTree("a", "b");
        target.move("b", "c");
        target.delete("a/written.txt");
        target.createDirectories("d/e");
        String staging = target.stagingFolderFor("f");
        target.copyStaged(temp.resolve("local.txt"), staging + "/g/staged.txt");
        target.publish(staging, "f");
        return target;
    }

    private void assertChangesKept() throws IOException {
        assertEquals("uploaded", Files.readString(temp.resolve("a/uploaded.txt")));
        assertEquals("written", Files.readString(temp.resolve("c/written.txt")));
        assertFalse(Files.exists(temp.resolve("a/written.txt")));
        assertTrue(Files.isDirectory(temp.resolve("d/e")));
        assertEquals("uploaded", Files.readString(temp.resolve("f/g/staged.txt")));
    }

    @Test
    void anOnFlushTargetRemembersEveryChangeUntilTheFileSystemsAreSynced() throws IOException {
        LocalTarget target = changedOnFlush();
        assertTrue(target.hasUnflushedWrites());

        target.flush();

        assertFalse(target.hasUnflushedWrites());
        assertChangesKept();
    }

    @Test
    void anOnFlushTargetCanForceEveryFileAndFolderItChangedOneByOne() throws IOException {
        LocalTarget target = changedOnFlush();

        target.flush(false);

        assertFalse(target.hasUnflushedWrites());
        assertChangesKept();
    }

    @Test
    void targetsThatForceEachWriteOrNeverHaveNothingToFlush() throws IOException {
        for (LocalTarget.Durability durability : List.of(LocalTarget.Durability.EACH_WRITE, LocalTarget.Durability.NONE)) {
            LocalTarget target = new LocalTarget(temp, durability);
            target.write("x/" + durability + ".txt", text("x"));

            assertFalse(target.hasUnflushedWrites());
            target.flush();
        }
    }

    @Test
    void publishRefusesToReplaceADestinationThatAppearedMeanwhile() throws IOException {
        LocalTarget target = target();
        String staging = target.stagingFolderFor("dest");
        target.copyStaged(Files.writeString(temp.resolve("local.txt"), "new"), staging + "/file.txt");
        target.write("dest/other.txt", text("someone else's"));

        assertThrows(IOException.class, () -> target.publish(staging, "dest"));

        assertEquals("someone else's", Files.readString(temp.resolve("dest/other.txt")));
    }

    @Test
    void copyTreeCopiesEveryFileKeepingFolders() throws IOException {
        Files.createDirectories(temp.resolve("from/sub/deeper"));
        Files.writeString(temp.resolve("from/a.txt"), "a");
        Files.writeString(temp.resolve("from/sub/deeper/b.txt"), "b");

        target().copyTree(temp.resolve("from").toString(), temp.resolve("to").toString());

        assertEquals("a", Files.readString(temp.resolve("to/a.txt")));
        assertEquals("b", Files.readString(temp.resolve("to/sub/deeper/b.txt")));
        assertTrue(Files.exists(temp.resolve("from/a.txt")), "the source stays");
    }

    @Test
    void moveReplacesAnExistingFile() throws IOException {
        Files.writeString(temp.resolve("new.txt"), "new");
        Files.writeString(temp.resolve("current.txt"), "current");

        target().move(temp.resolve("new.txt").toString(), temp.resolve("current.txt").toString());

        assertEquals("new", Files.readString(temp.resolve("current.txt")));
        assertFalse(Files.exists(temp.resolve("new.txt")));
    }

    @Test
    void moveReplacesAnExistingFolderWithItsWholeContent() throws IOException {
        Files.createDirectories(temp.resolve("staged/bin"));
        Files.writeString(temp.resolve("staged/bin/app.dll"), "v2");
        Files.createDirectories(temp.resolve("live/bin"));
        Files.writeString(temp.resolve("live/bin/app.dll"), "v1");
        Files.writeString(temp.resolve("live/obsolete.txt"), "old");

        target().move(temp.resolve("staged").toString(), temp.resolve("live").toString());

        assertEquals(List.of(temp.resolve("live/bin/app.dll")), filesUnder(temp));
        assertEquals("v2", Files.readString(temp.resolve("live/bin/app.dll")));
    }

    @Test
    void deleteRemovesAFileOrAWholeTreeAndAcceptsAbsentPaths() throws IOException {
        Files.createDirectories(temp.resolve("tree/a/b"));
        Files.writeString(temp.resolve("tree/a/b/c.txt"), "c");
        Files.writeString(temp.resolve("single.txt"), "s");
        LocalTarget target = target();

        target.delete(temp.resolve("tree").toString());
        target.delete(temp.resolve("single.txt").toString());
        target.delete(temp.resolve("never-there").toString());

        try (Stream<Path> left = Files.list(temp)) {
            assertEquals(List.of(), left.toList());
        }
    }

    @Test
    void createDirectoriesCreatesEveryMissingParent() throws IOException {
        target().createDirectories(temp.resolve("x/y/z").toString());

        assertTrue(Files.isDirectory(temp.resolve("x/y/z")));
    }

    @Test
    void listGivesFilesOnlyRecursivelyAsSortedSlashSeparatedRelativePaths() throws IOException {
        Files.createDirectories(temp.resolve("root/b/empty"));
        Files.createDirectories(temp.resolve("root/a"));
        Files.writeString(temp.resolve("root/z.txt"), "");
        Files.writeString(temp.resolve("root/b/2.txt"), "");
        Files.writeString(temp.resolve("root/a/1.txt"), "");
        Files.writeString(temp.resolve("root/B.txt"), "");

        List<String> files = target().list(temp.resolve("root").toString());

        assertEquals(List.of("B.txt", "a/1.txt", "b/2.txt", "z.txt"), files);
        assertEquals(List.of(), target().list(temp.resolve("missing").toString()));
    }

    @Test
    void readGivesTheFileContent() throws IOException {
        Files.writeString(temp.resolve("r.txt"), "read me");

        try (InputStream in = target().read(temp.resolve("r.txt").toString())) {
            assertEquals("read me", new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    @Test
    void resolveJoinsPartsWithTheLocalSeparator() {
        assertEquals(Path.of("/opt/app", "bin", "a.dll").toString(), target().resolve("/opt/app", "bin", "a.dll"));
    }

    @Test
    void runPassesEnvironmentAdditionsAndWorkingFolderAndStreamsOutput() throws Exception {
        assumeShell();
        Files.createDirectories(temp.resolve("work"));
        List<String> lines = new CopyOnWriteArrayList<>();
        CommandRequest request = new CommandRequest(List.of("sh", "-c", "echo \"$GREETING from $(pwd)\""),
                temp.resolve("work").toString(), Map.of("GREETING", "hello"), Duration.ofSeconds(30), lines::add, null);

        CommandResult result = target().run(request);

        assertEquals(new CommandResult(0, false, List.of()), result);
        assertEquals(List.of("hello from " + temp.resolve("work").toRealPath()), lines);
    }

    @Test
    void runStreamsStandardOutputAndStandardErrorApartAndKeepsTheLastLinesOfErrors() throws Exception {
        assumeShell();
        List<String> out = new CopyOnWriteArrayList<>();
        List<String> err = new CopyOnWriteArrayList<>();
        String script = "for i in $(seq 1 25); do echo out$i; echo err$i 1>&2; done; exit 4";

        CommandResult result = target().run(new CommandRequest(List.of("sh", "-c", script), null, Map.of(),
                Duration.ofSeconds(30), out::add, err::add));

        assertEquals(25, out.size());
        assertEquals("out1", out.get(0));
        assertEquals(25, err.size());
        assertTrue(err.stream().allMatch(line -> line.startsWith("err")), err::toString);
        assertEquals(4, result.exitCode());
        assertEquals(CommandResult.TAIL_LINES, result.errorTail().size());
        assertEquals("err25", result.errorTail().get(CommandResult.TAIL_LINES - 1));
        assertEquals("err6", result.errorTail().get(0));
    }

    @Test
    void runDeliversEachLineWhileTheProcessIsStillRunning() throws Exception {
        assumeShell();
        CountDownLatch firstLineSeen = new CountDownLatch(1);
        Path release = temp.resolve("release");
        List<String> lines = new CopyOnWriteArrayList<>();
        // The process waits until the test has seen its first line, which only streaming allows.
        String script = "echo started; while [ ! -f '" + release + "' ]; do sleep 0.05; done; echo finished";
        Thread releaser = new Thread(() -> {
            try {
                if (firstLineSeen.await(30, TimeUnit.SECONDS)) {
                    Files.writeString(release, "");
                }
            } catch (InterruptedException | IOException e) {
                Thread.currentThread().interrupt();
            }
        });
        releaser.start();

        CommandResult result = target().run(new CommandRequest(List.of("sh", "-c", script), null, Map.of(),
                Duration.ofSeconds(30), line -> {
                    lines.add(line);
                    firstLineSeen.countDown();
                }, null));
        releaser.join();

        assertEquals(new CommandResult(0, false, List.of()), result);
        assertEquals(List.of("started", "finished"), lines);
    }

    @Test
    void runReportsANonZeroExitCode() throws Exception {
        assumeShell();
        CommandResult result = target().run(CommandRequest.of(List.of("sh", "-c", "exit 3"), Duration.ofSeconds(30)));

        assertEquals(new CommandResult(3, false, List.of()), result);
        assertFalse(result.succeeded());
    }

    @Test
    void runKillsTheProcessAndItsChildrenWhenTheTimeoutPasses() throws Exception {
        assumeShell();
        Path pidFile = temp.resolve("child.pid");
        // sh keeps running while its child sleeps, so both the parent and a descendant must be killed.
        String script = "sleep 30 & echo $! > '" + pidFile + "'; wait";
        long started = System.nanoTime();

        CommandResult result = target().run(CommandRequest.of(List.of("sh", "-c", script), Duration.ofSeconds(2)));

        Duration took = Duration.ofNanos(System.nanoTime() - started);
        assertEquals(new CommandResult(-1, true, List.of()), result);
        assertTrue(took.compareTo(Duration.ofSeconds(20)) < 0, "returned after " + took + ", so sleep 30 was killed");
        long childPid = Long.parseLong(Files.readString(pidFile).trim());
        Optional<ProcessHandle> child = ProcessHandle.of(childPid);
        assertTrue(child.isEmpty() || !child.get().isAlive(), "the sleeping child is gone");
    }

    /** The process tests run POSIX {@code sh} scripts. */
    private static void assumeShell() {
        boolean found = java.util.Arrays.stream(System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator))
                .anyMatch(dir -> Files.isExecutable(Path.of(dir, "sh")));
        org.junit.jupiter.api.Assumptions.assumeTrue(found, "needs the POSIX shell sh on the PATH");
    }

    @Test
    void sha256IfSameIsTheLocalFilesHashForTheSameBytesAndEmptyForAnyDifference() throws IOException {
        Path a = Files.write(temp.resolve("a"), new byte[200_000]);
        Path same = Files.write(temp.resolve("same"), new byte[200_000]);
        byte[] lastDiffers = new byte[200_000];
        lastDiffers[199_999] = 1;
        Path differs = Files.write(temp.resolve("differs"), lastDiffers);
        Path shorter = Files.write(temp.resolve("shorter"), new byte[199_999]);
        Path empty = Files.write(temp.resolve("empty"), new byte[0]);

        assertEquals(Optional.of(Sha256.of(a)), new LocalTarget(temp).sha256IfSame(a, same.toString()));
        assertEquals(Optional.empty(), new LocalTarget(temp).sha256IfSame(a, "differs"));
        assertEquals(Optional.empty(), new LocalTarget(temp).sha256IfSame(a, "shorter"));
        assertEquals(Optional.empty(), new LocalTarget(temp).sha256IfSame(a, "missing"));
        assertEquals(Optional.of(Sha256.of(empty)), new LocalTarget(temp).sha256IfSame(empty, "empty"));
    }

    @Test
    void twoCopiesStagedAtOnceIntoTheSameMissingFolderBothArrive() throws Exception {
        LocalTarget target = target();
        Path source = Files.writeString(temp.resolve("source.txt"), "same folder");
        String staging = target.stagingFolderFor("race");
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 200; round++) {
                java.util.concurrent.CyclicBarrier together = new java.util.concurrent.CyclicBarrier(2);
                String folder = staging + "/round" + round;
                List<java.util.concurrent.Future<?>> copies = new java.util.ArrayList<>();
                for (String name : List.of("a.txt", "b.txt")) {
                    copies.add(pool.submit(() -> {
                        together.await();
                        target.copyStaged(source, folder + "/" + name);
                        return null;
                    }));
                }
                for (java.util.concurrent.Future<?> copy : copies) {
                    copy.get();
                }
                assertEquals("same folder", Files.readString(Path.of(folder, "a.txt")));
                assertEquals("same folder", Files.readString(Path.of(folder, "b.txt")));
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
