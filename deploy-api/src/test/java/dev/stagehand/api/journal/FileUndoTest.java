package dev.stagehand.api.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FileUndoTest {

    @Test
    void anUndoRecordReadsBackFromTheDetailOfItsChangeRecord() {
        FileUndo undo = new FileUndo("ab12", 42, 1_700_000_000_123L, FileUndo.kept("cd34"), FileUndo.ABSENT);

        ChangeRecord record = undo.record("/srv/app/bin/app.dll");

        assertEquals("file", record.kind());
        assertEquals("sha256:ab12 size:42 mtime:1700000000123 before:sha256:cd34 origin:absent", record.detail());
        assertEquals(Optional.of(undo), FileUndo.of(record));
        assertEquals(Optional.of("cd34"), FileUndo.keptHash(undo.before()));
        assertEquals(Optional.empty(), FileUndo.keptHash(undo.origin()));
    }

    @Test
    void aFileWrittenWithoutAHashStillHasSizeTimeAndStates() {
        FileUndo undo = new FileUndo(null, 7, 5, FileUndo.SAME, FileUndo.PRESENT);

        assertEquals(Optional.of(undo), FileUndo.of(undo.record("a.txt")));
        assertTrue(undo.knownSha256().isEmpty());
    }

    @Test
    void recordsWrittenBeforeUndoRecordsExistedHaveNone() {
        assertEquals(Optional.empty(), FileUndo.of(ChangeRecord.file("a.txt", "ab12")));
        assertEquals(Optional.empty(), FileUndo.of(new ChangeRecord("file", "a.txt", "size:12")));
        assertEquals(Optional.empty(), FileUndo.of(new ChangeRecord("patch", "Online/P1", "sha256:ab")));
    }

    @Test
    void anInstalledPackageKnowsWhatItNeedsIgnoringCase() {
        InstalledPackage app = new InstalledPackage("App", "1.0.0", null, "d1", List.of("lib"));

        assertTrue(app.needs("Lib"));
        assertEquals(List.of(), new InstalledPackage("App", "1.0.0", null, "d1").dependencies());
        assertTrue(ChangeRecord.folder("/srv/app", true).createdFolder());
        assertTrue(!ChangeRecord.folder("/srv/app", false).createdFolder());
    }
}
