package dev.stagehand.core.undo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stagehand.api.io.Sha256;
import dev.stagehand.core.internal.undo.FileUndoStore;
import dev.stagehand.core.target.LocalTarget;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileUndoStoreTest {

    @TempDir
    Path temp;

    @Test
    void twoFilesWithOneContentAreKeptOnceUnderTheirHash() throws Exception {
        LocalTarget target = new LocalTarget(temp.resolve("target"));
        Files.createDirectories(temp.resolve("target"));
        Files.writeString(temp.resolve("target/a.config"), "password=x\n");
        Files.writeString(temp.resolve("target/b.config"), "password=x\n");
        FileUndoStore store = FileUndoStore.of(temp.resolve("state"));

        String a = store.keep(target, "a.config");
        String b = store.keep(target, "b.config");

        assertEquals(a, b);
        assertEquals(Sha256.of("password=x\n".getBytes(StandardCharsets.UTF_8)), a);
        try (Stream<Path> copies = Files.list(store.folder())) {
            assertEquals(1, copies.count());
        }
        try (InputStream in = store.open(a)) {
            assertEquals("password=x\n", new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    @Test
    void pruningRemovesTheCopiesNoRecordRefersToAndThenTheFolder() throws Exception {
        LocalTarget target = new LocalTarget(temp.resolve("target"));
        Files.createDirectories(temp.resolve("target"));
        Files.writeString(temp.resolve("target/a.txt"), "a\n");
        Files.writeString(temp.resolve("target/b.txt"), "b\n");
        FileUndoStore store = FileUndoStore.of(temp.resolve("state"));
        String a = store.keep(target, "a.txt");
        String b = store.keep(target, "b.txt");

        assertEquals(1, store.prune(Set.of(a)));
        assertTrue(store.contains(a));
        assertFalse(store.contains(b));

        store.prune(Set.of());
        assertFalse(Files.exists(store.folder()));
    }

    @Test
    void aNameThatIsNotAHashIsNeverOpened() {
        FileUndoStore store = FileUndoStore.of(temp.resolve("state"));

        assertFalse(store.contains("../journal.json"));
        assertTrue(org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class,
                () -> store.open("../journal.json")).getMessage().contains("no kept content"));
    }
}
