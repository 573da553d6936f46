package dev.stagehand.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --on-error} across the targets of a group, on two local targets: box1 fails in Execute
 * (a folder stands where the package writes app.properties), box2 has nothing in the way.
 */
class GroupOnErrorTest {

    static final String SOURCE = "src/test/resources/install/source";
    static final String PARAMETERS = "src/test/resources/ssh/parameters.json";

    @TempDir
    Path temp;
    Path targets;

    @BeforeEach
    void twoBoxesTheFirstOfWhichFailsInExecute() throws Exception {
        targets = LocalTargets.write(temp);
        Files.createDirectories(temp.resolve("box1/app-home/app/bin/app.properties/in-the-way"));
        Files.createDirectories(temp.resolve("box2"));
    }

    CliRun install(String onError) {
        return CliRun.of("install", "--targets", targets.toString(), "--target", "boxes", "--source", SOURCE,
                "--root", "Root", "--parameters", PARAMETERS, "--state", temp.resolve("state").toString(), "--yes",
                "--max-parallel", "1", "--on-error", onError);
    }

    @Test
    void rollbackRollsBackTheFailedTargetOnlyAndTheOthersFinish() throws Exception {
        CliRun run = install("rollback");

        assertEquals(DeployCommand.FAILED, run.exitCode(), run.out() + run.err());
        assertTrue(run.out().contains("== target box1: failed =="), run.out());
        assertTrue(run.out().contains("rolled back"), "box1 says it was rolled back: " + run.out());
        assertFalse(Files.exists(temp.resolve("box1/app-home/app/bin/lib/core.dll")),
                "nothing of the failed deployment stays on box1");
        assertTrue(run.out().contains("== target box2: succeeded =="), run.out());
        assertEquals("library\n", Files.readString(temp.resolve("box2/app-home/app/bin/lib/core.dll")));
        assertTrue(Files.readString(temp.resolve("box2/app-home/app/bin/app.properties")).startsWith("name=MES\n"));
    }

    @Test
    void abortStartsNothingOnTheOtherTargetsAfterTheFirstFailure() throws Exception {
        CliRun run = install("abort");

        assertEquals(DeployCommand.FAILED, run.exitCode(), run.out() + run.err());
        assertTrue(run.out().contains("== target box1: failed =="), run.out());
        assertTrue(run.out().contains("not started: target box1 failed"), run.out());
        assertFalse(Files.exists(temp.resolve("box2/app-home")), "box2 is left as it was");
    }
}
