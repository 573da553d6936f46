package dev.stagehand.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The training run the AppCDS archive is made with runs real commands, each to success, in its folder. */
class StartupTrainingTest {

    @TempDir
    Path work;

    @Test
    void everyCommandOfTheTrainingSucceedsAndTheSampleIsInstalledInsideItsFolder() throws Exception {
        List<Integer> codes = StartupTraining.run(work);

        assertEquals(Collections.nCopies(codes.size(), 0), codes);
        assertTrue(codes.size() > DeployCommand.SUBCOMMANDS.size(), "help of every command, then the sample: " + codes);
        assertTrue(Files.isDirectory(work.resolve("install/Business")), "the sample's files went into the folder");
        assertTrue(Files.isRegularFile(work.resolve("state/journal.json")), "the journal is in the folder");
        assertTrue(Files.isRegularFile(work.resolve("source/Cmf.Sample.Root.1.0.0/manifest.xml")), "the sample");
    }
}
