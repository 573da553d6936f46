package dev.stagehand.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stagehand.api.target.CommandRequest;
import dev.stagehand.api.target.ConcurrentAccess;
import dev.stagehand.api.target.ContentHashing;
import dev.stagehand.api.target.FileInfo;
import dev.stagehand.api.target.FileStamps;
import dev.stagehand.api.target.Flushing;
import dev.stagehand.api.target.FolderStaging;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link InMemoryTarget} does what {@link dev.stagehand.api.target.DeploymentTarget}'s javadoc says a target does. */
class InMemoryTargetTest {

    private final InMemoryTarget target = new InMemoryTarget();

    private void write(String path, String text) throws IOException {
        target.write(path, new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
    }

    private String read(String path) throws IOException {
        try (InputStream in = target.read(path)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void aRelativePathIsRelativeToTheRoot() throws Exception {
        write("app/config.json", "{}");

        assertEquals("{}", read("/app/config.json"));
        assertTrue(target.exists("/app/config.json"));
        assertEquals(List.of("/app/config.json"), List.copyOf(target.files().keySet()));
        assertFalse(target.isAbsolute("app/config.json"));
        assertTrue(target.isAbsolute("/app/config.json"));
    }

    @Test
    void writingAFileMakesItsParentFolders() throws Exception {
        write("/srv/app/bin/run.sh", "run");

        assertTrue(target.exists("/srv"));
        assertTrue(target.exists("/srv/app/bin"));
        assertFalse(target.exists("/srv/app/lib"));
    }

    @Test
    void writingAgainReplacesTheContent() throws Exception {
        write("/a.txt", "first");
        write("/a.txt", "second");

        assertEquals("second", read("/a.txt"));
    }

    @Test
    void whatWasWrittenCannotBeChangedThroughTheArrayGivenOrTaken() throws Exception {
        byte[] bytes = "abc".getBytes(StandardCharsets.UTF_8);
        target.write("/a.txt", new ByteArrayInputStream(bytes));
        target.files().get("/a.txt")[0] = 'z';

        assertEquals("abc", read("/a.txt"));
    }

    @Test
    void readingAMissingFileIsNoSuchFile() {
        assertThrows(NoSuchFileException.class, () -> target.read("/missing.txt"));
    }

    @Test
    void anUploadedFileHasTheLocalFilesContent(@TempDir Path local) throws Exception {
        Path file = Files.writeString(local.resolve("app.jar"), "jar bytes");

        target.upload(file, "/srv/app.jar");

        assertEquals("jar bytes", read("/srv/app.jar"));
    }

    @Test
    void aListingIsEveryFileBelowTheFolderRelativeWithSlashesAndSorted() throws Exception {
        write("/app/z.txt", "z");
        write("/app/b/c.txt", "c");
        write("/app/a.txt", "a");
        write("/app2/other.txt", "not below /app");
        write("/top.txt", "top");
        target.createDirectories("/app/empty");

        assertEquals(List.of("a.txt", "b/c.txt", "z.txt"), target.list("/app"));
        assertEquals(List.of("a.txt", "b/c.txt", "z.txt"), target.list("app/"));
        assertEquals(List.of("app/a.txt", "app/b/c.txt", "app/z.txt", "app2/other.txt", "top.txt"), target.list("/"));
    }

    @Test
    void aListingOfAMissingFolderIsEmpty() throws Exception {
        assertEquals(List.of(), target.list("/nowhere"));
    }

    @Test
    void movingAFileRenamesIt() throws Exception {
        write("/a/one.txt", "1");

        target.move("/a/one.txt", "/b/uno.txt");

        assertFalse(target.exists("/a/one.txt"));
        assertEquals("1", read("/b/uno.txt"));
    }

    @Test
    void movingAFolderReplacesTheDestination() throws Exception {
        write("/staging/app/new.txt", "new");
        write("/app/old.txt", "old");
        write("/app/new.txt", "stale");

        target.move("/staging/app", "/app");

        assertEquals(List.of("new.txt"), target.list("/app"));
        assertEquals("new", read("/app/new.txt"));
        assertFalse(target.exists("/staging/app"));
        assertTrue(target.exists("/staging"));
    }

    @Test
    void movingWhatIsMissingFailsAndLeavesTheDestination() throws Exception {
        write("/app/keep.txt", "keep");

        assertThrows(NoSuchFileException.class, () -> target.move("/missing", "/app"));
        assertEquals("keep", read("/app/keep.txt"));
    }

    @Test
    void movingAFolderIntoItselfIsRefused() throws Exception {
        write("/app/a.txt", "a");

        assertThrows(IOException.class, () -> target.move("/app", "/app/inner"));
        assertEquals(List.of("a.txt"), target.list("/app"));
    }

    @Test
    void movingAFolderOntoTheFolderHoldingItIsRefused() throws Exception {
        write("/app/current/a.txt", "a");

        assertThrows(IOException.class, () -> target.move("/app/current", "/app"));
        assertEquals(List.of("current/a.txt"), target.list("/app"));
    }

    @Test
    void movingOntoItselfChangesNothing() throws Exception {
        write("/app/a.txt", "a");

        target.move("/app", "app/");

        assertEquals(List.of("a.txt"), target.list("/app"));
    }

    @Test
    void copyingATreeKeepsTheSourceAndAddsToTheDestination() throws Exception {
        write("/release/bin/run.sh", "run");
        write("/release/readme.txt", "read me");
        target.createDirectories("/release/logs");
        write("/app/local.txt", "local");

        target.copyTree("/release", "/app");

        assertEquals(List.of("bin/run.sh", "local.txt", "readme.txt"), target.list("/app"));
        assertTrue(target.exists("/app/logs"), "an empty folder of the tree is copied too");
        assertEquals(List.of("bin/run.sh", "readme.txt"), target.list("/release"));
    }

    @Test
    void copyingAFileCopiesIt() throws Exception {
        write("/a.txt", "a");

        target.copyTree("/a.txt", "/b/a.txt");

        assertEquals("a", read("/b/a.txt"));
        assertEquals("a", read("/a.txt"));
    }

    @Test
    void copyingWhatIsMissingIsNoSuchFile() {
        assertThrows(NoSuchFileException.class, () -> target.copyTree("/missing", "/app"));
    }

    @Test
    void deletingAFolderDeletesItsTreeAndNothingElse() throws Exception {
        write("/app/a.txt", "a");
        write("/app/b/c.txt", "c");
        write("/app2/d.txt", "d");

        target.delete("/app");

        assertFalse(target.exists("/app"));
        assertFalse(target.exists("/app/b/c.txt"));
        assertEquals(List.of("app2/d.txt"), target.list("/"));
    }

    @Test
    void deletingAFileOrWhatIsMissing() throws Exception {
        write("/app/a.txt", "a");

        target.delete("/app/a.txt");
        target.delete("/nowhere/at/all");

        assertFalse(target.exists("/app/a.txt"));
        assertTrue(target.exists("/app"));
    }

    @Test
    void theStatOfAFileIsItsSizeAndWhenItWasWritten() throws Exception {
        Instant before = Instant.now();
        write("/a.txt", "12345");

        FileInfo info = target.stat("/a.txt").orElseThrow();

        assertEquals(5, info.size());
        assertFalse(info.modified().isBefore(before), info::toString);
        assertFalse(info.modified().isAfter(Instant.now()), info::toString);
    }

    @Test
    void aFolderOrWhatIsMissingHasNoStat() throws Exception {
        write("/app/a.txt", "a");

        assertEquals(Optional.empty(), target.stat("/app"));
        assertEquals(Optional.empty(), target.stat("/missing.txt"));
    }

    @Test
    void theRootAndMadeFoldersExist() throws Exception {
        target.createDirectories("/srv/app/logs");

        assertTrue(target.exists("/"));
        assertTrue(target.exists("/srv/app/logs"));
        assertTrue(target.exists("srv/app"));
        assertEquals(List.of(), target.list("/srv"));
    }

    @Test
    void aTemporaryFolderIsNewAndEmpty() throws Exception {
        target.createDirectories("/tmp/work1");
        write("/tmp/work1/taken.txt", "taken");

        String first = target.createTempDirectory("work");
        String second = target.createTempDirectory("work");

        assertNotEquals(first, second);
        assertTrue(target.exists(first));
        assertEquals(List.of(), target.list(first));
        assertEquals(List.of(), target.list(second));
    }

    @Test
    void resolveJoinsWithSlashes() {
        assertEquals("/srv/app/config/a.json", target.resolve("/srv", "app", "config/a.json"));
        assertEquals("/srv/app", target.resolve("/srv/", "/app"));
        assertEquals("app/bin", target.resolve("app", "bin"));
        assertEquals("/srv", target.resolve("/srv"));
    }

    @Test
    void normalizeGivesAnAbsolutePathWithoutDotSegments() {
        assertEquals("/a/b/d", InMemoryTarget.normalize("a\\b/./c/../d"));
        assertEquals("/a", InMemoryTarget.normalize("/../../a/"));
        assertEquals("/", InMemoryTarget.normalize(""));
        assertEquals("/a/b", InMemoryTarget.normalize("//a//b"));
    }

    @Test
    void runningACommandIsRefusedNamingTheCommand() {
        IOException refused = assertThrows(IOException.class,
                () -> target.run(CommandRequest.of(List.of("systemctl", "restart", "shop"), Duration.ofSeconds(5))));

        assertTrue(refused.getMessage().contains("systemctl"), refused::getMessage);
    }

    @Test
    void itHasNoneOfTheOptionalCapabilities() {
        assertEquals(Optional.empty(), target.capability(Flushing.class));
        assertEquals(Optional.empty(), target.capability(FolderStaging.class));
        assertEquals(Optional.empty(), target.capability(FileStamps.class));
        assertEquals(Optional.empty(), target.capability(ContentHashing.class));
        assertEquals(Optional.empty(), target.capability(ConcurrentAccess.class));
    }

    @Test
    void textIsAFilesContentOrEmpty() throws Exception {
        write("/a.txt", "héllo");

        assertEquals(Optional.of("héllo"), target.text("a.txt"));
        assertEquals(Optional.empty(), target.text("/b.txt"));
        assertArrayEquals("héllo".getBytes(StandardCharsets.UTF_8), target.files().get("/a.txt"));
    }

    @Test
    void itsNameIsTheOneGiven() {
        assertEquals("memory", target.name());
        assertEquals("web1", new InMemoryTarget("web1").name());
    }
}
