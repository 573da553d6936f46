package dev.stagehand.steps.powershell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stagehand.api.PipelineStage;
import dev.stagehand.api.event.DeploymentEvent;
import dev.stagehand.core.target.LocalTarget;
import dev.stagehand.testkit.HarnessResult;
import dev.stagehand.testkit.StepHarness;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.List;
import org.apache.commons.io.file.PathUtils;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Finding the interpreter on the target's PATH when {@code Product.PowerShell.Path} is not set:
 * the build puts the folder {@code stagehand.powershell.standInPath} first on the PATH of the test
 * JVM (see this module's pom), and each test puts there the stand-ins it needs, so the lookup runs
 * exactly as on a machine where PowerShell is installed.
 */
class InterpreterLookupTest {

    @TempDir
    Path dir;

    private Path standIns;

    @BeforeEach
    void emptyTheStandInFolder() throws IOException {
        String folder = System.getProperty("stagehand.powershell.standInPath");
        assertNotNull(folder, "the build sets stagehand.powershell.standInPath and puts it first on the PATH");
        standIns = Files.createDirectories(Path.of(folder));
        PathUtils.cleanDirectory(standIns);
    }

    @AfterEach
    void removeTheStandIns() throws IOException {
        PathUtils.cleanDirectory(standIns);
    }

    /** Whether a real interpreter of that name is on the PATH, not counting this test's stand-ins. */
    static boolean realInterpreterOnPath(String name) {
        String standIn = System.getProperty("stagehand.powershell.standInPath", "");
        return Arrays.stream(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .filter(p -> !p.isEmpty() && !Path.of(p).equals(Path.of(standIn)))
                .anyMatch(p -> Files.isExecutable(Path.of(p, name)));
    }

    private void standIn(String name) throws IOException {
        Path file = standIns.resolve(name);
        Files.writeString(file, """
                #!/bin/sh
                case "$*" in *-File*) echo "$(basename "$0") $*" >> '%s';; esac
                exit 0
                """.formatted(dir.resolve("ran.txt")));
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwx------"));
    }

    private StepHarness harness(String step) throws IOException {
        return StepHarness.forStep(step).file("scripts/setup.ps1", "Write-Output 'hi'\n")
                .target(new LocalTarget(Files.createDirectories(dir.resolve("target"))));
    }

    private List<String> ran() throws IOException {
        return Files.exists(dir.resolve("ran.txt")) ? Files.readAllLines(dir.resolve("ran.txt")) : List.of();
    }

    @Test
    void withoutAConfiguredPathPowershellExeOnThePathRunsWhenPwshIsNotThere() throws Exception {
        Assumptions.assumeFalse(realInterpreterOnPath("pwsh"), "runs only where pwsh is not installed");
        standIn("powershell.exe");
        try (StepHarness harness = harness("<step type=\"RunPowershell\" contentPath=\"scripts/setup.ps1\"/>")) {
            HarnessResult result = harness.run();
            assertTrue(result.succeeded(), result::report);
            assertEquals(1, ran().size(), ran()::toString);
            assertTrue(ran().get(0).startsWith("powershell.exe -NoProfile -NonInteractive -ExecutionPolicy Bypass -File "),
                    ran()::toString);
        }
    }

    @Test
    void pwshIsPreferredToPowershellExeWhenBothAreOnThePath() throws Exception {
        standIn("powershell.exe");
        standIn("pwsh");
        try (StepHarness harness = harness("<step type=\"RunPowershell\" contentPath=\"scripts/setup.ps1\"/>")) {
            HarnessResult result = harness.run();
            assertTrue(result.succeeded(), result::report);
            assertEquals(1, ran().size(), ran()::toString);
            assertTrue(ran().get(0).startsWith("pwsh -NoProfile"), ran()::toString);
        }
    }

    @Test
    void withNoInterpreterRunPowershellAndTheScriptHandlerFailInValidateAndNothingRuns() throws Exception {
        Assumptions.assumeFalse(realInterpreterOnPath("pwsh") || realInterpreterOnPath("powershell.exe"),
                "runs only where neither pwsh nor powershell.exe is installed");
        for (String step : List.of("<step type=\"RunPowershell\" contentPath=\"scripts/setup.ps1\"/>",
                "<step type=\"Generic\" onPrepare=\"scripts/setup.ps1\"/>")) {
            try (StepHarness harness = harness(step)) {
                HarnessResult result = harness.run();
                assertFalse(result.succeeded(), step);
                assertTrue(result.errors().toString().contains("no PowerShell interpreter: set Product.PowerShell.Path"
                        + " or put pwsh (PowerShell 7) or powershell.exe on the target's PATH"), result::report);
                assertTrue(result.events(DeploymentEvent.StepFailed.class).stream()
                        .allMatch(e -> e.stage() == PipelineStage.VALIDATE), result::report);
                assertTrue(result.events(DeploymentEvent.StageStarted.class).stream()
                        .noneMatch(e -> e.stage() == PipelineStage.PREPARE), "nothing after Validate: " + result.report());
                assertEquals(List.of(), ran(), "nothing ran");
            }
        }
    }

    @Test
    void aGenericStepNamingAMissingPs1FailsInValidate() throws Exception {
        standIn("pwsh");
        try (StepHarness harness = harness("<step type=\"Generic\" onPrepare=\"scripts/absent.ps1\"/>")) {
            HarnessResult result = harness.run();
            assertFalse(result.succeeded());
            assertTrue(result.errors().toString().contains("onPrepare names scripts/absent.ps1, which is not in the package"),
                    result::report);
            assertEquals(List.of(), ran(), "nothing ran");
        }
    }
}
