package dev.stagehand.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stagehand.api.PipelineStage;
import dev.stagehand.api.event.DeploymentEvent;
import dev.stagehand.api.journal.JournalLock;
import dev.stagehand.api.journal.LockRequest;
import dev.stagehand.api.target.DeploymentTarget;
import dev.stagehand.core.Parameters;
import dev.stagehand.core.RootRequest;
import dev.stagehand.core.Stagehand;
import dev.stagehand.core.journal.FileDeploymentJournal;
import dev.stagehand.core.options.InstallOptions;
import dev.stagehand.core.options.OnError;
import dev.stagehand.core.targets.GroupDeployment;
import dev.stagehand.core.targets.NamedTarget;
import dev.stagehand.core.targets.TargetsFile;
import dev.stagehand.target.ssh.SshTargetProvider;
import dev.stagehand.testkit.ssh.SshKeys;
import dev.stagehand.testkit.ssh.SshdServer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/** Deploying onto three machines over SSH: three real sshd processes on loopback ports, each its own machine. */
class SshTargetsTest {

    static final String SOURCE = "src/test/resources/install/source";
    static final String PARAMETERS = "src/test/resources/ssh/parameters.json";
    static final String SECRET = "hunter2-ssh-secret-4711";
    static final String PASSPHRASE = "key-passphrase-5150";
    static final Path HOME = Path.of("target", "sshd", "SshTargetsTest").toAbsolutePath();
    static final List<SshdServer> SERVERS = new ArrayList<>();
    static Path key;

    Path work;
    String test;

    @BeforeAll
    static void startMachines() throws Exception {
        assumeTrue(SshdServer.available(), "openssh-server is not installed (scripts/services.sh installs it)");
        deleteTree(HOME);
        key = SshKeys.generate(HOME.resolve("keys/id_ecdsa"), PASSPHRASE);
        for (String name : List.of("app1", "app2", "app3")) {
            SERVERS.add(SshdServer.start(name, HOME.resolve(name), SshKeys.publicKey(key)));
        }
    }

    @AfterAll
    static void stopMachines() {
        SERVERS.forEach(SshdServer::close);
    }

    @BeforeEach
    void targetsFile(TestInfo info) throws Exception {
        test = info.getTestMethod().orElseThrow().getName();
        work = Files.createDirectories(HOME.resolve("work").resolve(test));
        Files.createDirectories(work.resolve("keys"));
        Files.copy(key, work.resolve("keys/id_ecdsa"));
        StringBuilder knownHosts = new StringBuilder();
        String targets = Files.readString(Path.of("src/test/resources/ssh/targets.json"));
        targets = targets.replace("${USER}", System.getProperty("user.name"));
        for (int i = 0; i < SERVERS.size(); i++) {
            SshdServer server = SERVERS.get(i);
            server.start();
            knownHosts.append(server.knownHostsLine()).append('\n');
            targets = targets.replace("${PORT" + (i + 1) + "}", String.valueOf(server.port()))
                    .replace("${BASE" + (i + 1) + "}", base(i).toString());
        }
        Files.writeString(work.resolve("known_hosts"), knownHosts);
        Files.writeString(work.resolve("targets.json"), targets);
    }

    /** The base folder of machine i for this test. */
    Path base(int i) {
        return SERVERS.get(i).root().resolve(test);
    }

    CliRun deploy(String command, String... extra) {
        List<String> args = new ArrayList<>(List.of(command, "--targets", work.resolve("targets.json").toString()));
        args.addAll(List.of(extra));
        return CliRun.of(args.toArray(String[]::new));
    }

    String[] install(String... extra) {
        List<String> args = new ArrayList<>(List.of("--source", SOURCE, "--root", "Root", "--parameters", PARAMETERS,
                "--set", "Ssh.Passphrase=" + PASSPHRASE, "--state", work.resolve("state").toString(), "--yes"));
        args.addAll(List.of(extra));
        return args.toArray(String[]::new);
    }

    @Test
    void aPackageDeployedToAGroupOfThreeTargetsInParallelIsRightOnEachWithItsOwnJournal() throws Exception {
        CliRun run = deploy("install", install("--target", "web", "--max-parallel", "3"));
        assertEquals(0, run.exitCode(), run.out() + run.err());
        for (int i = 0; i < 3; i++) {
            Path app = base(i).resolve("app-home/app/bin");
            assertEquals("library\n", Files.readString(app.resolve("lib/core.dll")));
            String properties = Files.readString(app.resolve("app.properties"));
            assertEquals("name=" + (i == 0 ? "APP-ONE" : "MES") + "\npassword=" + SECRET + "\n", properties,
                    "tokens replaced on machine " + (i + 1) + ", with its own values from the targets file");
            Path journal = base(i).resolve(".deploy/journal.json");
            JsonNode state = new ObjectMapper().readTree(journal.toFile());
            assertEquals(2, state.get("installed").size(), "its own journal, on the machine itself");
            assertFalse(Files.exists(base(i).resolve(".deploy/lock.json")), "the lock is released");
        }
        assertTrue(run.out().contains("== target app1: succeeded ==") && run.out().contains("== target app3: succeeded =="),
                run.out());
        assertTrue(run.out().contains("[app2] Execute    [##############################]"),
                "each target's progress bar, its lines led by its name: " + run.out());
        assertSecretsAbsentFromJournalsAndLogs(run);
    }

    @Test
    void anInstallOfAGroupLogsInToEachTargetOnceForItsValidationAndItsRun() throws Exception {
        int[] before = logins();
        CliRun run = deploy("install", install("--target", "web", "--max-parallel", "3"));
        assertEquals(0, run.exitCode(), run.out() + run.err());
        assertTrue(Files.exists(base(2).resolve("app-home/app/bin/app.properties")), "it deployed: " + run.out());
        int[] after = logins();
        for (int i = 0; i < 3; i++) {
            assertEquals(1, after[i] - before[i], "one SSH login (one key exchange) on " + SERVERS.get(i).name()
                    + " for the dry run on every target and the run");
        }
    }

    /** How many logins each machine's sshd has accepted so far (its log at level VERBOSE names each). */
    static int[] logins() throws Exception {
        int[] logins = new int[SERVERS.size()];
        for (int i = 0; i < logins.length; i++) {
            logins[i] = (int) Files.readAllLines(SERVERS.get(i).log()).stream()
                    .filter(line -> line.contains("Accepted publickey")).count();
        }
        return logins;
    }

    @Test
    void planAndStatusAreReadFromEachTargetsOwnJournal() throws Exception {
        CliRun installed = deploy("install", install("--target", "app2", "--json"));
        assertEquals(0, installed.exitCode(), installed.out());
        String[] lines = installed.out().trim().split("\n");
        JsonNode result = new ObjectMapper().readTree(lines[lines.length - 1]);
        assertEquals("GroupResult", result.get("type").asText());
        assertEquals("app2", result.get("targets").get(0).get("target").asText());
        assertEquals("succeeded", result.get("targets").get(0).get("outcome").asText(), result.toString());
        CliRun plan = deploy("plan", "--source", SOURCE, "--root", "Root", "--parameters", PARAMETERS, "--set",
                "Ssh.Passphrase=" + PASSPHRASE, "--target", "web", "--json");
        assertEquals(0, plan.exitCode(), plan.out());
        JsonNode plans = new ObjectMapper().readTree(plan.out()).get("targets");
        assertEquals(List.of("app1", "app2", "app3"), names(plans));
        assertEquals("clean", plans.get(0).path("plan").path("mode").asText(), "a fresh machine: " + plans.get(0));
        assertEquals("new", plans.get(0).path("plan").path("packages").get(0).path("action").asText());
        assertFalse(plans.get(1).path("plan").path("mode").asText().equals("clean"), "app2 has it: " + plans.get(1));
        plans.get(1).path("plan").path("packages").forEach(p -> assertFalse(p.path("action").asText().equals("new"),
                "nothing is new on app2: " + plans.get(1)));

        CliRun status = deploy("status", "--target", "web", "--set", "Ssh.Passphrase=" + PASSPHRASE, "--json");
        assertEquals(0, status.exitCode(), status.out() + status.err());
        JsonNode targets = new ObjectMapper().readTree(status.out()).get("targets");
        assertEquals(0, targets.get(0).get("installed").size());
        assertEquals(2, targets.get(1).get("installed").size());
    }

    @Test
    void verifyComparesEachTargetWithItsOwnJournalAndFailsWhenOneDiffers() throws Exception {
        assertEquals(0, deploy("install", install("--target", "web")).exitCode());
        CliRun clean = deploy("verify", "--target", "web", "--set", "Ssh.Passphrase=" + PASSPHRASE, "--state",
                work.resolve("state").toString(), "--json");
        assertEquals(0, clean.exitCode(), clean.out() + clean.err());
        JsonNode all = new ObjectMapper().readTree(clean.out());
        assertEquals(List.of("app1", "app2", "app3"), names(all.get("targets")));
        all.get("targets").forEach(t -> {
            assertTrue(t.get("clean").asBoolean(), t.toString());
            assertTrue(t.get("checked").asInt() > 0, "its deployed files were compared: " + t);
        });

        Files.writeString(base(1).resolve("app-home/app/bin/lib/core.dll"), "changed on app2 by hand\n");
        CliRun drift = deploy("verify", "--target", "web", "--set", "Ssh.Passphrase=" + PASSPHRASE, "--json");
        assertEquals(DeployCommand.FAILED, drift.exitCode(), drift.out() + drift.err());
        JsonNode targets = new ObjectMapper().readTree(drift.out()).get("targets");
        assertFalse(new ObjectMapper().readTree(drift.out()).get("clean").asBoolean());
        assertTrue(targets.get(0).get("clean").asBoolean() && targets.get(2).get("clean").asBoolean(), drift.out());
        JsonNode changed = targets.get(1).get("drift");
        assertEquals(1, changed.size(), drift.out());
        assertEquals("changed", changed.get(0).get("kind").asText());
        assertTrue(changed.get(0).get("path").asText().endsWith("lib/core.dll"), drift.out());

        CliRun text = deploy("verify", "--target", "web", "--set", "Ssh.Passphrase=" + PASSPHRASE);
        assertEquals(DeployCommand.FAILED, text.exitCode());
        assertTrue(text.out().contains("== target app2 ==\nDrift: 1 difference"), text.out());
        assertTrue(text.out().contains("3 targets: 2 as recorded, 1 with drift or not read"), text.out());

        String uri = SERVERS.get(0).uri(System.getProperty("user.name"), base(0), "identity="
                + work.resolve("keys/id_ecdsa") + "&knownHosts=" + work.resolve("known_hosts"));
        CliRun one = CliRun.of("verify", "--target-uri", uri, "--set", "Ssh.Passphrase=" + PASSPHRASE, "--deep");
        assertEquals(0, one.exitCode(), one.out() + one.err());
        assertTrue(one.out().contains("No drift:"), one.out());
    }

    @Test
    void aChangedHostKeyOnOneTargetIsRefusedAndNoTargetChanges() throws Exception {
        Path other = SshKeys.generate(work.resolve("stranger"), "");
        String[] parts = Files.readString(SshKeys.publicKey(other)).trim().split("\\s+");
        List<String> lines = new ArrayList<>(Files.readAllLines(work.resolve("known_hosts")));
        lines.set(2, "[127.0.0.1]:" + SERVERS.get(2).port() + " " + parts[0] + " " + parts[1]);
        Files.write(work.resolve("known_hosts"), lines);

        CliRun run = deploy("install", install("--target", "web"));
        assertEquals(DeployCommand.FAILED, run.exitCode());
        assertTrue(run.out().contains("CHANGED") && run.out().contains("SHA256:"), run.out());
        assertTrue(run.out().contains("nothing was changed on any target"), run.out());
        for (int i = 0; i < 3; i++) {
            assertFalse(Files.exists(base(i).resolve("app-home")), "Validate failed somewhere: nothing deployed anywhere");
        }
    }

    @Test
    void aSingleTargetByUriNeedsNoTargetsFileAndKeepsItsJournalOnIt() throws Exception {
        String uri = SERVERS.get(2).uri(System.getProperty("user.name"), base(2), "identity=" + work.resolve("keys/id_ecdsa")
                + "&knownHosts=" + work.resolve("known_hosts"));
        List<String> args = new ArrayList<>(List.of("install", "--target-uri", uri));
        args.addAll(List.of(install()));
        CliRun run = CliRun.of(args.toArray(String[]::new));
        assertEquals(0, run.exitCode(), run.out() + run.err());
        assertTrue(Files.isRegularFile(base(2).resolve(".deploy/journal.json")));
        assertTrue(Files.isRegularFile(base(2).resolve("app-home/app/bin/app.properties")));
        assertFalse(Files.exists(base(0).resolve("app-home")));
    }

    @Test
    void aSecondDeployerIsBlockedByTheLockOnTheTarget() throws Exception {
        NamedTarget app1 = TargetsFile.read(work.resolve("targets.json")).select("app1").get(0);
        try (DeploymentTarget target = new SshTargetProvider().open(URI.create(app1.uri()),
                n -> Optional.ofNullable(Map.of("Ssh.Passphrase", PASSPHRASE).get(n)));
             JournalLock other = FileDeploymentJournal.onTarget(target).lock(new LockRequest("elsewhere-run",
                     Duration.ZERO, Duration.ofMinutes(10), Clock.systemUTC())).orElseThrow()) {
            CliRun blocked = deploy("install", install("--target", "app1"));
            assertEquals(DeployCommand.FAILED, blocked.exitCode());
            assertTrue(blocked.out().contains("is locked by") && blocked.out().contains("elsewhere-run"), blocked.out());
            assertFalse(Files.exists(base(0).resolve("app-home")));
            assertFalse(other.lost());
        }
        assertEquals(0, deploy("install", install("--target", "app1")).exitCode(), "free once the other deployer is done");
    }

    @Test
    void aTargetKilledMidDeploymentIsReportedWhileTheOthersFinishAndARerunCompletesIt() throws Exception {
        List<NamedTarget> web = TargetsFile.read(work.resolve("targets.json")).select("web");
        SshdServer app2 = SERVERS.get(1);
        AtomicBoolean killed = new AtomicBoolean();
        GroupDeployment group = new GroupDeployment(web, target -> configuration(target, event -> {
            if (target.name().equals("app2") && event instanceof DeploymentEvent.StepStarted step
                    && step.stage() == PipelineStage.EXECUTE && killed.compareAndSet(false, true)) {
                app2.kill();
            }
        }), 3);
        GroupDeployment.Result first = group.install(RootRequest.parse("Root"), InstallOptions.DEFAULTS
                .withOnError(OnError.CONTINUE), GroupDeployment.OnTargetError.CONTINUE);
        assertTrue(killed.get());
        assertFalse(first.succeeded());
        assertTrue(first.targets().get(0).succeeded() && first.targets().get(2).succeeded(), first.toString());
        assertFalse(first.targets().get(1).succeeded(), "app2 went away mid-deployment");
        assertTrue(Files.exists(base(0).resolve("app-home/app/bin/app.properties")));

        app2.start();
        GroupDeployment.Result again = new GroupDeployment(web, target -> configuration(target, event -> { }), 3)
                .install(RootRequest.parse("Root"), InstallOptions.DEFAULTS.withLockExpiry(Duration.ofSeconds(1)),
                        GroupDeployment.OnTargetError.CONTINUE);
        assertTrue(again.succeeded(), again.toString());
        assertTrue(Files.exists(base(1).resolve("app-home/app/bin/app.properties")), "the re-run completed app2");
    }

    @Test
    @org.junit.jupiter.api.Timeout(value = 180, unit = java.util.concurrent.TimeUnit.SECONDS)
    void anUpgradeWhoseManyFilesAreUnchangedCompletesOverSsh() throws Exception {
        Path source = work.resolve("source");
        org.apache.commons.io.file.PathUtils.copyDirectory(Path.of(SOURCE), source);
        // Enough files that DeployFiles compares them on several channels at once.
        for (int i = 0; i < 300; i++) {
            Files.writeString(Files.createDirectories(source.resolve("App.1.0.0/bin/lib/many")).resolve("f" + i + ".txt"),
                    "file " + i + "\n");
        }
        List<String> first = new ArrayList<>(List.of(install("--target", "app3")));
        first.set(first.indexOf(SOURCE), source.toString());
        CliRun installed = deploy("install", first.toArray(String[]::new));
        assertEquals(0, installed.exitCode(), installed.out() + installed.err());

        // 1.0.1 holds the same files: the upgrade compares them on the target and copies nothing.
        org.apache.commons.io.file.PathUtils.copyDirectory(source.resolve("App.1.0.0"), source.resolve("App.1.0.1"));
        Path manifest = source.resolve("App.1.0.1/manifest.xml");
        Files.writeString(manifest, Files.readString(manifest).replace("<version>1.0.0</version>",
                "<version>1.0.1</version>"));
        CliRun upgraded = deploy("install", first.toArray(String[]::new));
        assertEquals(0, upgraded.exitCode(), upgraded.out() + upgraded.err());
        assertTrue(upgraded.out().contains("App@1.0.1"), upgraded.out());
    }

    @Test
    void withOnErrorAbortNoTargetStartsAfterTheFirstFailure() throws Exception {
        List<NamedTarget> web = TargetsFile.read(work.resolve("targets.json")).select("web");
        SshdServer app1 = SERVERS.get(0);
        GroupDeployment group = new GroupDeployment(web, target -> configuration(target, event -> {
            if (target.name().equals("app1") && event instanceof DeploymentEvent.StepStarted step
                    && step.stage() == PipelineStage.EXECUTE) {
                app1.kill();
            }
        }), 1);
        GroupDeployment.Result result = group.install(RootRequest.parse("Root"), InstallOptions.DEFAULTS,
                GroupDeployment.OnTargetError.ABORT);
        assertFalse(result.targets().get(0).succeeded());
        for (int i = 1; i < 3; i++) {
            assertTrue(result.targets().get(i).notStarted() != null, result.toString());
            assertFalse(Files.exists(base(i).resolve("app-home")));
        }
    }

    String[] planWeb(Path out) {
        return new String[] {"--source", SOURCE, "--root", "Root", "--parameters", PARAMETERS, "--set",
                "Ssh.Passphrase=" + PASSPHRASE, "--state", work.resolve("state").toString(), "--target", "web",
                "--out", out.toString()};
    }

    CliRun installPlan(Path plan, String... extra) {
        List<String> args = new ArrayList<>(List.of("install", "--plan", plan.toString(), "--set",
                "Ssh.Passphrase=" + PASSPHRASE, "--yes"));
        args.addAll(List.of(extra));
        return CliRun.of(args.toArray(String[]::new));
    }

    @Test
    void aSavedPlanOfAGroupHoldsOnePlanPerTargetFromItsOwnJournalAndInstallsExactlyThatOnEach() throws Exception {
        assertEquals(0, deploy("install", install("--target", "app2")).exitCode());
        Path saved = work.resolve("web-plan.json");

        CliRun plan = deploy("plan", planWeb(saved));
        assertEquals(0, plan.exitCode(), plan.out() + plan.err());
        assertTrue(plan.out().contains("deploy install --plan " + saved), plan.out());
        JsonNode file = new ObjectMapper().readTree(saved.toFile());
        assertEquals(work.resolve("targets.json").toString(), file.get("targetsFile").asText());
        assertEquals("web", file.get("selection").asText());
        JsonNode plans = file.get("plans");
        assertEquals(List.of("app1", "app2", "app3"), List.of(plans.get(0).get("target").asText(),
                plans.get(1).get("target").asText(), plans.get(2).get("target").asText()));
        assertEquals(2, plans.get(0).path("plan").path("packages").size(), "app1 is fresh: " + plans.get(0));
        assertEquals(0, plans.get(1).path("plan").path("packages").size(), "app2 has it all: " + plans.get(1));
        assertTrue(plans.get(0).path("plan").path("options").path("target").asText().contains("name=app1"),
                "each plan is pinned to its own target: " + plans.get(0));
        assertFalse(Files.readString(saved).contains(PASSPHRASE), "a saved plan holds no secret");
        assertFalse(Files.exists(base(0).resolve("app-home")), "planning changes nothing");

        CliRun run = installPlan(saved);
        assertEquals(0, run.exitCode(), run.out() + run.err());
        assertTrue(run.out().contains("== target app1: succeeded ==") && run.out().contains("== target app3: succeeded =="),
                run.out());
        for (int i : new int[] {0, 2}) {
            assertTrue(Files.isRegularFile(base(i).resolve("app-home/app/bin/app.properties")), "deployed on " + i);
            assertEquals(2, new ObjectMapper().readTree(base(i).resolve(".deploy/journal.json").toFile())
                    .get("installed").size());
        }
        assertEquals("name=APP-ONE\npassword=" + SECRET + "\n",
                Files.readString(base(0).resolve("app-home/app/bin/app.properties")),
                "the target's own parameters are read again from the targets file");
    }

    @Test
    void aSavedPlanOfAGroupIsRefusedOnEveryTargetWhenOneTargetsJournalChangedSinceThePlan() throws Exception {
        Path saved = work.resolve("web-plan.json");
        assertEquals(0, deploy("plan", planWeb(saved)).exitCode());
        assertEquals(0, deploy("install", install("--target", "app3")).exitCode(), "someone deploys app3 meanwhile");

        CliRun run = installPlan(saved);
        assertEquals(DeployCommand.FAILED, run.exitCode(), run.out());
        assertTrue(run.out().contains("Validation failed on a target; nothing was changed on any target."), run.out());
        assertTrue(run.out().contains("== target app3: validation failed =="), run.out());
        assertTrue(run.out().contains("what is installed") && run.out().contains("Plan again"), run.out());
        assertFalse(Files.exists(base(0).resolve("app-home")), "app1's plan is unchanged, yet nothing ran on it");
        assertFalse(Files.exists(base(1).resolve("app-home")));
    }

    @Test
    void withJsonEveryEventNamesItsTargetAndTheGroupResultComesLast() throws Exception {
        CliRun run = deploy("install", install("--target", "web", "--json"));
        assertEquals(0, run.exitCode(), run.out() + run.err());
        String[] lines = run.out().trim().split("\n");
        java.util.Set<String> started = new java.util.TreeSet<>();
        for (int i = 0; i < lines.length - 1; i++) {
            JsonNode event = new ObjectMapper().readTree(lines[i]);
            String target = event.path("target").asText();
            assertTrue(List.of("app1", "app2", "app3").contains(target), "event without its target: " + lines[i]);
            if (event.get("type").asText().equals("StepStarted") && event.get("stage").asText().equals("Execute")) {
                started.add(target);
            }
        }
        assertEquals(java.util.Set.of("app1", "app2", "app3"), started, "each target's steps are reported");
        JsonNode result = new ObjectMapper().readTree(lines[lines.length - 1]);
        assertEquals("GroupResult", result.get("type").asText());
        assertEquals(3, result.get("targets").size());
    }

    @Test
    void withOnErrorAbortATargetStoppedByAnothersFailureSaysWhichTargetFailed() throws Exception {
        List<NamedTarget> web = TargetsFile.read(work.resolve("targets.json")).select("web");
        SshdServer app1 = SERVERS.get(0);
        AtomicBoolean waited = new AtomicBoolean();
        java.util.concurrent.atomic.AtomicReference<GroupDeployment> running = new java.util.concurrent.atomic.AtomicReference<>();
        GroupDeployment group = new GroupDeployment(web, target -> configuration(target, event -> {
            if (!(event instanceof DeploymentEvent.StepStarted step)) {
                return;
            }
            if (target.name().equals("app1") && step.stage() == PipelineStage.EXECUTE) {
                app1.kill();
            } else if (target.name().equals("app2") && step.stage() == PipelineStage.PREPARE
                    && waited.compareAndSet(false, true)) {
                // app2's first Prepare step runs on once app1 has failed in Execute: no step of app2 may start after.
                org.awaitility.Awaitility.await().atMost(Duration.ofMinutes(2))
                        .until(() -> running.get().stopReason().isPresent());
            }
        }), 2);
        running.set(group);
        GroupDeployment.Result result = group.install(RootRequest.parse("Root"), InstallOptions.DEFAULTS,
                GroupDeployment.OnTargetError.ABORT);

        assertFalse(result.targets().get(0).succeeded(), result.toString());
        GroupDeployment.TargetOutcome app2 = result.targets().get(1);
        assertFalse(app2.succeeded(), result.toString());
        String reasons = app2.result().packages().stream().map(p -> p.reason()).toList().toString();
        assertTrue(reasons.contains("stopped: target app1 failed"), reasons);
        assertFalse(app2.result().toString().contains("state lock"), app2.result().toString());
        assertFalse(Files.exists(base(1).resolve("app-home/app/bin/app.properties")), "app2 deployed nothing");
        assertTrue(result.targets().get(2).notStarted().getMessage().contains("target app1 failed"),
                result.targets().get(2).toString());
        assertFalse(Files.exists(base(2).resolve("app-home")));
    }

    @Test
    void rollbackAndUninstallTakeTargetsAndUndoOnEachByItsOwnJournal() throws Exception {
        assertEquals(0, deploy("install", install("--target", "web")).exitCode());
        String[] undo = {"--source", SOURCE, "--parameters", PARAMETERS, "--set", "Ssh.Passphrase=" + PASSPHRASE,
                "--state", work.resolve("state").toString(), "--yes"};

        List<String> rollback = new ArrayList<>(List.of("--previous", "--target", "web"));
        rollback.addAll(List.of(undo));
        CliRun rolledBack = deploy("rollback", rollback.toArray(String[]::new));
        assertEquals(0, rolledBack.exitCode(), rolledBack.out() + rolledBack.err());
        assertTrue(rolledBack.out().contains("== target app3: succeeded =="), rolledBack.out());
        for (int i = 0; i < 3; i++) {
            assertFalse(Files.exists(base(i).resolve("app-home/app/bin/app.properties")), "rolled back on " + i);
            assertEquals(0, new ObjectMapper().readTree(base(i).resolve(".deploy/journal.json").toFile())
                    .get("installed").size(), "its own journal says nothing is installed");
        }

        assertEquals(0, deploy("install", install("--target", "app1")).exitCode());
        List<String> uninstall = new ArrayList<>(List.of("--root", "Root", "--target", "app1"));
        uninstall.addAll(List.of(undo));
        CliRun removed = deploy("uninstall", uninstall.toArray(String[]::new));
        assertEquals(0, removed.exitCode(), removed.out() + removed.err());
        assertTrue(removed.out().contains("== target app1: succeeded =="), removed.out());
        assertFalse(Files.exists(base(0).resolve("app-home/app/bin/app.properties")), "removed from app1");
    }

    @Test
    void rollbackToOneDeploymentIdIsRefusedForAGroupWhoseTargetsEachHaveTheirOwn() {
        CliRun run = deploy("rollback", "--to", "20260101-000000-abcdef12", "--target", "web", "--yes");
        assertEquals(2, run.exitCode(), run.out() + run.err());
        assertTrue(run.err().contains("--to names a deployment of one target"), run.err());
    }

    Stagehand.Configuration configuration(NamedTarget target, dev.stagehand.api.event.DeploymentListener listener) {
        try {
            Stagehand.Configuration configuration = Stagehand.configure().sources(Path.of(SOURCE))
                    .parameters(Parameters.read(Path.of(PARAMETERS))).set("Ssh.Passphrase", PASSPHRASE)
                    .secrets(java.util.Set.of("Ssh.Passphrase"))
                    .stateDirectory(work.resolve("state").resolve(target.name())).listener(listener);
            target.parameters().forEach(configuration::set);
            return configuration;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    void assertSecretsAbsentFromJournalsAndLogs(CliRun run) throws Exception {
        assertFalse(run.out().contains(SECRET) || run.err().contains(SECRET), "the CLI's output masks the secret");
        assertFalse(run.out().contains(PASSPHRASE) || run.err().contains(PASSPHRASE));
        for (int i = 0; i < 3; i++) {
            try (Stream<Path> files = Files.walk(base(i).resolve(".deploy"))) {
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                    String text = Files.readString(file, StandardCharsets.UTF_8);
                    assertFalse(text.contains(SECRET) || text.contains(PASSPHRASE), "secret in " + file);
                }
            }
            String log = Files.readString(SERVERS.get(i).log());
            assertFalse(log.contains(SECRET) || log.contains(PASSPHRASE), "secret in the log of " + SERVERS.get(i));
        }
    }

    static List<String> names(JsonNode targets) {
        List<String> names = new ArrayList<>();
        targets.forEach(t -> names.add(t.get("target").asText()));
        return names;
    }

    static void deleteTree(Path folder) throws Exception {
        if (!Files.exists(folder)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
