package dev.stagehand.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Numbers out of range are usage errors naming the option; a state folder that is not there is an error. */
class OptionRangesTest {

    private static final String SOURCE = "src/test/resources/install/source";

    @TempDir
    Path temp;

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
            "install, --lock-wait, -1, --lock-wait must be between 0 and 86400 seconds, not -1",
            "install, --lock-wait, 86401, --lock-wait must be between 0 and 86400 seconds, not 86401",
            "install, --zip-max-ratio, 0, --zip-max-ratio must be 1 or more, not 0",
            "plan, --zip-max-bytes, -5, --zip-max-bytes must be 1 or more, not -5",
            "validate, --zip-max-entries, 0, --zip-max-entries must be 1 or more, not 0",
            "status, --last, -3, --last must be between 1 and 100000, not -3",
            "status, --last, 0, --last must be between 1 and 100000, not 0"})
    void aNumberOutOfRangeIsAUsageErrorNamingTheOption(String command, String option, String value, String message)
            throws Exception {
        Path state = temp.resolve("state");
        Files.createDirectories(state);
        String[] args = switch (command) {
            case "install" -> new String[] {"install", "--source", SOURCE, "--root", "Root", "--state", state.toString(),
                    "--yes", option, value};
            case "plan" -> new String[] {"plan", "--source", SOURCE, "--root", "Root", option, value};
            case "validate" -> new String[] {"validate", SOURCE, option, value};
            default -> new String[] {"status", "--state", state.toString(), option, value};
        };

        CliRun run = CliRun.of(args);

        assertEquals(2, run.exitCode(), run.out() + run.err());
        assertTrue(run.err().contains(message), run.err());
        assertFalse(run.err().contains("\tat "), run.err());
        try (var left = Files.list(state)) {
            assertEquals(0, left.count(), "nothing written to the state folder");
        }
    }

    @Test
    void aNumberTooLargeForItsTypeIsAUsageErrorNamingTheOption() {
        CliRun run = CliRun.of("status", "--last", "99999999999");

        assertEquals(2, run.exitCode(), run.out() + run.err());
        assertTrue(run.err().contains("--last"), run.err());
    }

    @Test
    void statusOfAStateFolderThatDoesNotExistIsAnErrorNotAnEmptyInstallation() {
        Path missing = temp.resolve("no-such-state");

        CliRun run = CliRun.of("status", "--state", missing.toString());

        assertEquals(1, run.exitCode(), run.out() + run.err());
        assertTrue(run.err().contains(missing + ": no such state folder (--state)"), run.err());
        assertFalse(run.out().contains("Nothing is installed"), run.out());
        assertFalse(Files.exists(missing));
    }

    @Test
    void statusOfAnEmptyStateFolderSaysNothingIsInstalled() throws Exception {
        Path state = Files.createDirectories(temp.resolve("state"));

        CliRun run = CliRun.of("status", "--state", state.toString());

        assertEquals(0, run.exitCode(), run.out() + run.err());
        assertTrue(run.out().startsWith("Nothing is installed according to"), run.out());
    }
}
