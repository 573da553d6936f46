package dev.stagehand.steps.powershell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stagehand.api.target.DeploymentTarget;
import dev.stagehand.api.target.EnvironmentPassing;
import dev.stagehand.core.target.LocalTarget;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import dev.stagehand.testkit.HarnessResult;
import dev.stagehand.testkit.StepHarness;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import dev.stagehand.api.PipelineStage;
import dev.stagehand.api.event.DeploymentEvent;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The process contract of RunPowershell and the PowerShell script handler, with a stand-in
 * interpreter (a shell script) that records its arguments and environment, streams, exits with
 * a chosen code, sleeps and spawns a child.
 */
class RunPowershellTest {

    @TempDir
    Path dir;

    private Path standIn() throws Exception {
        Path pwsh = dir.resolve("bin/pwsh");
        Files.createDirectories(pwsh.getParent());
        Path record = dir.resolve("record.txt");
        Files.writeString(pwsh, """
                #!/bin/sh
                out='%s'
                for a in "$@"; do echo "ARG:$a" >> "$out"; done
                env | grep '^DEPLOY_' | sort >> "$out"
                file=""; prev=""
                for a in "$@"; do if [ "$prev" = "-File" ]; then file="$a"; fi; prev="$a"; done
                folder=$(dirname "$file")
                echo "FOLDER:$(ls -ld "$folder" | cut -c1-10) $folder" >> "$out"
                [ -f "$folder/deploy-environment.ps1" ] && cat "$folder/deploy-environment.ps1" "$folder/deploy-run.ps1" >> "$out"
                case "$*" in
                  *fail*) echo "first"; echo "problem with $DEPLOY_PRODUCT_DB_PASSWORD" >&2; echo "line two" >&2; exit 3;;
                  *hang*) sleep 300 & echo $! > '%s'; wait;;
                  *stream*) echo "first line"; echo "a warning with $DEPLOY_PRODUCT_DB_PASSWORD" >&2
                     i=0; while [ ! -f '%s' ] && [ $i -lt 400 ]; do sleep 0.05; i=$((i+1)); done
                     [ -f '%s' ] || { echo "the first line was not passed on while the script ran" >&2; exit 7; }
                     echo "second line";;
                esac
                echo "hello from the script"
                exit 0
                """.formatted(record, dir.resolve("child.pid"), dir.resolve("seen"), dir.resolve("seen")));
        Files.setPosixFilePermissions(pwsh, PosixFilePermissions.fromString("rwx------"));
        return pwsh;
    }

    private StepHarness harness(String step) throws Exception {
        Path target = Files.createDirectories(dir.resolve("target"));
        return StepHarness.forStep(step).file("scripts/setup.ps1", "Write-Output 'hi'\n")
                .target(new LocalTarget(target))
                .variable("Product.PowerShell.Path", standIn().toString())
                .variable("Product.Database.Online.Server", "db1")
                .variable("Product.Db.Password", "s3cr3t-value");
    }

    private List<String> recorded() throws Exception {
        return Files.readAllLines(dir.resolve("record.txt"));
    }

    @Test
    void runsTheScriptWithTheFlagsParametersAndVariablesInTheEnvironment() throws Exception {
        try (StepHarness harness = harness("<step type=\"RunPowershell\" contentPath=\"scripts/setup.ps1\" Site=\"A B\"/>")) {
            HarnessResult result = harness.run();
            assertTrue(result.succeeded(), result::report);
            List<String> lines = recorded();
            assertEquals(List.of("ARG:-NoProfile", "ARG:-NonInteractive", "ARG:-ExecutionPolicy", "ARG:Bypass",
                    "ARG:-File"), lines.subList(0, 5));
            assertTrue(lines.get(5).startsWith("ARG:") && lines.get(5).endsWith("/setup.ps1"), lines::toString);
            assertEquals(List.of("ARG:-Site", "ARG:A B"), lines.subList(6, 8));
            assertTrue(lines.contains("DEPLOY_PRODUCT_DATABASE_ONLINE_SERVER=db1"), lines::toString);
            assertTrue(lines.contains("DEPLOY_PRODUCT_DB_PASSWORD=s3cr3t-value"), lines::toString);
            assertTrue(lines.stream().filter(l -> l.startsWith("ARG:")).noneMatch(l -> l.contains("s3cr3t")),
                    "no secret on the command line");
            assertFalse(result.report().contains("s3cr3t-value"), result::report);
        }
    }

    @Test
    void aNonZeroExitFailsTheStepWithTheLastErrorLinesMasked() throws Exception {
        try (StepHarness harness = harness("<step type=\"RunPowershell\" contentPath=\"scripts/setup.ps1\" Mode=\"fail\"/>")) {
            HarnessResult result = harness.run();
            assertFalse(result.succeeded());
            String errors = result.errors().toString();
            assertTrue(errors.contains("exit code 3"), errors);
            assertTrue(errors.contains("line two"), errors);
            assertTrue(errors.contains("problem with ******"), errors);
            assertFalse(result.report().contains("s3cr3t-value"), result::report);
        }
    }

    @Test
    void aTimeoutKillsTheWholeProcessTree() throws Exception {
        try (StepHarness harness = harness(
                "<step type=\"RunPowershell\" contentPath=\"scripts/setup.ps1\" Mode=\"hang\" timeout=\"2\"/>")) {
            HarnessResult result = harness.run();
            assertFalse(result.succeeded());
            assertTrue(result.errors().toString().contains("ran longer than 2 s"), result::report);
            long child = Long.parseLong(Files.readString(dir.resolve("child.pid")).trim());
            Optional<ProcessHandle> handle = ProcessHandle.of(child);
            if (handle.isPresent()) {
                // the kill is sent when the step fails; the process is gone once the kernel has reaped it
                handle.get().onExit().get(5, TimeUnit.SECONDS);
            }
            assertFalse(handle.map(ProcessHandle::isAlive).orElse(false), "the child process was killed");
        }
    }

    /** A target that cannot pass environment variables privately (as an SSH server refusing SetEnv). */
    private static DeploymentTarget withoutPrivateEnvironment(LocalTarget local) {
        return (DeploymentTarget) Proxy.newProxyInstance(RunPowershellTest.class.getClassLoader(),
                new Class<?>[] {DeploymentTarget.class, EnvironmentPassing.class}, (proxy, method, args) -> {
                    if (method.getName().equals("passesEnvironmentPrivately")) {
                        return false;
                    }
                    if (method.getName().equals("capability")) {
                        Class<?> type = (Class<?>) args[0];
                        return type.isInstance(proxy) ? Optional.of(proxy) : Optional.empty();
                    }
                    try {
                        return method.invoke(local, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    @Test
    void withoutPrivateEnvironmentTheVariablesGoThroughAnOwnerOnlyFileRemovedAfterTheRun() throws Exception {
        try (StepHarness harness = harness("<step type=\"RunPowershell\" contentPath=\"scripts/setup.ps1\"/>")) {
            harness.target(withoutPrivateEnvironment(new LocalTarget(dir.resolve("target"))));
            HarnessResult result = harness.run();
            assertTrue(result.succeeded(), result::report);
            List<String> lines = recorded();
            assertTrue(lines.stream().noneMatch(l -> l.startsWith("DEPLOY_")), "nothing in the environment: " + lines);
            assertTrue(lines.contains("$env:DEPLOY_PRODUCT_DB_PASSWORD = 's3cr3t-value'"), lines::toString);
            assertTrue(lines.stream().anyMatch(l -> l.startsWith("ARG:") && l.endsWith("/deploy-run.ps1")), lines::toString);
            assertTrue(lines.stream().filter(l -> l.startsWith("ARG:")).noneMatch(l -> l.contains("s3cr3t")), lines::toString);
            String folder = lines.stream().filter(l -> l.startsWith("FOLDER:")).findFirst().orElseThrow();
            assertTrue(folder.startsWith("FOLDER:drwx------"), folder);
            assertFalse(Files.exists(Path.of(folder.substring(folder.indexOf(' ') + 1))), "removed after the run");
        }
    }

    @Test
    void outputAndErrorLinesReachTheListenerOneByOneWhileTheScriptRunsMasked() throws Exception {
        List<DeploymentEvent.StepOutput> seen = new CopyOnWriteArrayList<>();
        try (StepHarness harness = harness("<step type=\"RunPowershell\" contentPath=\"scripts/setup.ps1\" Mode=\"stream\"/>")) {
            harness.listener(event -> {
                if (event instanceof DeploymentEvent.StepOutput line) {
                    seen.add(line);
                    if (line.line().equals("first line")) {
                        // the script waits for this before it writes its second line
                        try {
                            Files.writeString(dir.resolve("seen"), "yes");
                        } catch (java.io.IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    }
                }
            });
            HarnessResult result = harness.run();
            assertTrue(result.succeeded(), result::report);
            List<String> out = seen.stream().filter(l -> !l.error()).map(DeploymentEvent.StepOutput::line).toList();
            assertEquals(List.of("first line", "second line", "hello from the script"), out);
            List<String> err = seen.stream().filter(DeploymentEvent.StepOutput::error)
                    .map(DeploymentEvent.StepOutput::line).toList();
            assertEquals(List.of("a warning with ******"), err);
            assertTrue(seen.stream().allMatch(l -> l.stage() == PipelineStage.EXECUTE
                    && "RunPowershell".equals(l.step().stepType())), seen::toString);
            assertFalse(result.events().toString().contains("s3cr3t-value"), "the secret is masked in every event");
        }
    }

    @Test
    void aMissingScriptIsReportedInValidate() throws Exception {
        try (StepHarness harness = harness("<step type=\"RunPowershell\" contentPath=\"scripts/absent.ps1\"/>")) {
            HarnessResult result = harness.run();
            assertFalse(result.succeeded());
            assertTrue(result.errors().toString().contains("scripts/absent.ps1"), result::report);
            assertFalse(Files.exists(dir.resolve("record.txt")), "nothing ran");
        }
    }

    @Test
    void aGenericStepRunsAPs1InPrepare() throws Exception {
        try (StepHarness harness = harness("<step type=\"Generic\" onPrepare=\"scripts/setup.ps1\"/>")) {
            HarnessResult result = harness.run();
            assertTrue(result.succeeded(), result::report);
            assertTrue(recorded().stream().anyMatch(l -> l.endsWith("/setup.ps1")), recorded()::toString);
        }
    }

    @Test
    void theSamplePackageRunsItsPrepareScriptAndItsStepWithTheirParameters() throws Exception {
        Path sample = Path.of("..", "samples", "steps", "powershell", "Cmf.Sample.HostSetup.1.0.0");
        Path target = Files.createDirectories(dir.resolve("target"));
        try (StepHarness harness = StepHarness.forPackage(sample).target(new LocalTarget(target))
                .variable("Product.PowerShell.Path", standIn().toString())
                .variable("Product.InstallationPath", target.toString())
                .variable("Product.Site.Name", "Plant A")) {
            HarnessResult result = harness.run();
            assertTrue(result.succeeded(), result::report);
            List<String> lines = recorded();
            assertTrue(lines.stream().anyMatch(l -> l.endsWith("/stop_host.ps1")), lines::toString);
            int configure = lines.indexOf(lines.stream().filter(l -> l.endsWith("/configure_host.ps1")).findFirst()
                    .orElseThrow());
            assertTrue(lines.indexOf(lines.stream().filter(l -> l.endsWith("/stop_host.ps1")).findFirst().orElseThrow())
                    < configure, "Prepare runs before Execute: " + lines);
            assertEquals(List.of("ARG:-SiteName", "ARG:Plant A", "ARG:-Port", "ARG:8080"),
                    lines.subList(configure + 1, configure + 5));
            assertTrue(lines.contains("DEPLOY_PRODUCT_SITE_NAME=Plant A"), lines::toString);
        }
    }

    @Test
    void theRealPwshRunsAScript() throws Exception {
        Assumptions.assumeTrue(InterpreterLookupTest.realInterpreterOnPath("pwsh"), "needs pwsh (PowerShell 7)");
        Path target = Files.createDirectories(dir.resolve("target"));
        try (StepHarness harness = StepHarness.forStep(
                "<step type=\"RunPowershell\" contentPath=\"scripts/p.ps1\" Name=\"x\"/>")
                .file("scripts/p.ps1", "param([string]$Name)\nif ($Name -ne 'x' -or $env:DEPLOY_A_B -ne 'v') { exit 5 }\n")
                .target(new LocalTarget(target)).variable("A.B", "v")) {
            HarnessResult result = harness.run();
            assertTrue(result.succeeded(), result::report);
        }
    }
}
