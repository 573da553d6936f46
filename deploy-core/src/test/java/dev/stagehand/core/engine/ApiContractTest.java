package dev.stagehand.core.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stagehand.api.DeploymentException;
import dev.stagehand.api.PipelineStage;
import dev.stagehand.api.Problem;
import dev.stagehand.api.Status;
import dev.stagehand.api.event.DeploymentEvent;
import dev.stagehand.api.journal.ChangeRecord;
import dev.stagehand.api.journal.DeploymentOutcome;
import dev.stagehand.core.Fixtures;
import dev.stagehand.core.RootRequest;
import dev.stagehand.core.SavedPlan;
import dev.stagehand.core.Stagehand;
import dev.stagehand.core.journal.FileDeploymentJournal;
import dev.stagehand.core.options.InstallOptions;
import dev.stagehand.core.plan.DeploymentPlan;
import dev.stagehand.core.result.DeploymentResult;
import dev.stagehand.core.result.StepOutcome;
import dev.stagehand.core.targets.GroupDeployment;
import dev.stagehand.core.targets.NamedTarget;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.commons.io.file.PathUtils;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the API promises a plugin, each promise against the real engine and real package folders. */
class ApiContractTest {

    @TempDir
    Path temp;

    final List<DeploymentEvent> events = Collections.synchronizedList(new ArrayList<>());

    @BeforeEach
    void clear() {
        ContractStepHandler.RECORD.clear();
        RecordingStepHandler.RECORD.clear();
    }

    private Stagehand.Configuration configure(String fixture, Map<String, String> parameters) {
        return configure(Fixtures.resource("contract/" + fixture), parameters);
    }

    private Stagehand.Configuration configure(Path source, Map<String, String> parameters) {
        return Stagehand.configure().sources(source).parameters(parameters).environment(Map.of())
                .stateDirectory(temp.resolve("state")).target(temp.resolve("target").toString()).listener(events::add);
    }

    private DeploymentResult install(String fixture, Map<String, String> parameters) throws Exception {
        return install(fixture, parameters, c -> { });
    }

    private DeploymentResult install(String fixture, Map<String, String> parameters,
                                     Consumer<Stagehand.Configuration> more) throws Exception {
        Stagehand.Configuration configuration = configure(fixture, parameters);
        more.accept(configuration);
        try (Stagehand stagehand = configuration.load()) {
            return stagehand.install(RootRequest.parse(rootOf(fixture)), InstallOptions.DEFAULTS);
        }
    }

    private static String rootOf(String fixture) {
        return fixture.startsWith("tiers") ? "Web" : "Root";
    }

    private static List<String> recorded(String prefix) {
        return ContractStepHandler.RECORD.stream().filter(r -> r.startsWith(prefix)).toList();
    }

    private static List<String> errors(DeploymentResult result) {
        return result.problems().stream().filter(Problem::isError).map(Problem::toString).toList();
    }

    private <E extends DeploymentEvent> List<E> events(Class<E> type) {
        return events.stream().filter(type::isInstance).map(type::cast).toList();
    }

    @Test
    void aCloseableValueOfEachStoreIsClosedOnceWhenItsScopeEndsWhenTheDeploymentSucceeds() throws Exception {
        DeploymentResult result = install("store", Map.of("Fail", "false"));

        assertTrue(result.succeeded(), result.problems()::toString);
        assertEquals(List.of("closed step Lib@1.0.0#1", "closed package Lib", "closed step Root@1.0.0#1",
                "closed step Root@1.0.0#2", "closed package Root", "closed deployment", "closed group"),
                recorded("closed "));
    }

    @Test
    void aCloseableValueOfEachStoreIsClosedOnceWhenTheDeploymentFails() throws Exception {
        DeploymentResult result = install("store", Map.of("Fail", "true"));

        assertEquals(DeploymentOutcome.FAILED, result.outcome(), result.problems()::toString);
        assertEquals(List.of("closed step Lib@1.0.0#1", "closed package Lib", "closed step Root@1.0.0#1",
                "closed step Root@1.0.0#2", "closed package Root", "closed deployment", "closed group"),
                recorded("closed "));
    }

    @Test
    void theTargetsOfAGroupShareOneGroupStoreClosedOnceAfterTheLastTargetEnded() throws Exception {
        List<NamedTarget> targets = List.of(
                new NamedTarget("box1", "local:" + temp.resolve("box1"), Map.of()),
                new NamedTarget("box2", "local:" + temp.resolve("box2"), Map.of()));
        GroupDeployment group = new GroupDeployment(targets, t -> Stagehand.configure()
                .sources(Fixtures.resource("contract/store")).parameters(Map.of("Fail", "false")).environment(Map.of())
                .stateDirectory(temp.resolve("state-" + t.name())), 2);

        GroupDeployment.Result result = group.install(RootRequest.parse("Root"), InstallOptions.DEFAULTS,
                GroupDeployment.OnTargetError.CONTINUE);

        assertTrue(result.succeeded(), result.toString());
        // Three Store steps validated on two targets, in their dry runs and their runs: one value for all.
        assertEquals(List.of("made group"), recorded("made group"));
        List<String> closed = recorded("closed ");
        assertEquals(List.of("closed group"), closed.stream().filter(c -> c.equals("closed group")).toList());
        assertEquals("closed group", closed.get(closed.size() - 1), closed::toString);
        assertEquals(4, closed.stream().filter(c -> c.equals("closed deployment")).count(), closed::toString);
    }

    @Test
    void aChangedVariableRunsACompletedStepAgainWhenTheDeploymentResumes() throws Exception {
        String marker = temp.resolve("failed-once").toString();
        assertEquals(DeploymentOutcome.FAILED, install("resume", Map.of("Value", "a", "Marker", marker)).outcome());
        RecordingStepHandler.RECORD.clear();

        DeploymentResult resumed = install("resume", Map.of("Value", "b", "Marker", marker));

        assertTrue(resumed.succeeded(), resumed.problems()::toString);
        assertTrue(RecordingStepHandler.RECORD.contains("Execute Root@1.0.0#1"), RecordingStepHandler.RECORD::toString);
        assertTrue(RecordingStepHandler.RECORD.contains("Prepare Root@1.0.0#1"), RecordingStepHandler.RECORD::toString);
        assertTrue(events(DeploymentEvent.StepSkipped.class).stream().noneMatch(e -> e.step().stepIndex() == 1));
    }

    @Test
    void anUnchangedCompletedStepIsNotRunAgainWhenTheDeploymentResumes() throws Exception {
        String marker = temp.resolve("failed-once").toString();
        assertEquals(DeploymentOutcome.FAILED, install("resume", Map.of("Value", "a", "Marker", marker)).outcome());
        RecordingStepHandler.RECORD.clear();

        DeploymentResult resumed = install("resume", Map.of("Value", "a", "Marker", marker));

        assertTrue(resumed.succeeded(), resumed.problems()::toString);
        assertFalse(RecordingStepHandler.RECORD.contains("Execute Root@1.0.0#1"), RecordingStepHandler.RECORD::toString);
        assertTrue(RecordingStepHandler.RECORD.contains("Complete Root@1.0.0#1"), RecordingStepHandler.RECORD::toString);
        assertEquals(2, events(DeploymentEvent.StepSkipped.class).stream().filter(e -> e.step().stepIndex() == 1)
                .count(), "Prepare and Execute of step 1 are skipped");
    }

    @Test
    void aChangedVariableUsedByTheTokensOfAPackageFileRunsItsStepAgainWhenTheDeploymentResumes() throws Exception {
        String marker = temp.resolve("failed-once").toString();
        Map<String, String> first = Map.of("Install", temp.resolve("install").toString(), "Port", "8080",
                "Marker", marker);
        try (Stagehand stagehand = configure("resume-tagged", first).load()) {
            assertEquals(DeploymentOutcome.FAILED, stagehand.install(RootRequest.parse("Web"), InstallOptions.DEFAULTS)
                    .outcome());
        }
        Map<String, String> second = new java.util.HashMap<>(first);
        second.put("Port", "9090");

        DeploymentResult resumed;
        try (Stagehand stagehand = configure("resume-tagged", second).load()) {
            resumed = stagehand.install(RootRequest.parse("Web"), InstallOptions.DEFAULTS);
        }

        assertTrue(resumed.succeeded(), resumed.problems()::toString);
        assertTrue(Files.readString(temp.resolve("install/Web/www/config.json")).contains("9090"),
                "the transform ran again with the new value");
        assertTrue(events(DeploymentEvent.StepSkipped.class).stream().anyMatch(e -> e.step().stepIndex() == 1
                && e.stage() == PipelineStage.EXECUTE), "DeployFiles, whose inputs did not change, was not redone");
    }

    @Test
    void aCompletedStepOfAZippedPackageIsNotRunAgainThoughThePackageIsUnpackedAgain() throws Exception {
        Path zip = temp.resolve("zips/Zipped.1.0.0.zip");
        Files.createDirectories(zip.getParent());
        Path folder = Fixtures.resource("contract/resume-zip-src/Zipped.1.0.0");
        try (java.util.zip.ZipOutputStream out = new java.util.zip.ZipOutputStream(Files.newOutputStream(zip));
             java.util.stream.Stream<Path> files = Files.walk(folder)) {
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                java.util.zip.ZipEntry entry = new java.util.zip.ZipEntry(folder.relativize(file).toString());
                entry.setLastModifiedTime(java.nio.file.attribute.FileTime.fromMillis(1_700_000_000_000L));
                out.putNextEntry(entry);
                out.write(Files.readAllBytes(file));
                out.closeEntry();
            }
        }
        Map<String, String> parameters = Map.of("Marker", temp.resolve("failed-once").toString());
        try (Stagehand stagehand = configure(zip.getParent(), parameters).load()) {
            assertEquals(DeploymentOutcome.FAILED, stagehand.install(RootRequest.parse("Zipped"),
                    InstallOptions.DEFAULTS).outcome());
        }
        RecordingStepHandler.RECORD.clear();

        try (Stagehand stagehand = configure(zip.getParent(), parameters).load()) {
            assertTrue(stagehand.install(RootRequest.parse("Zipped"), InstallOptions.DEFAULTS).succeeded());
        }

        assertFalse(RecordingStepHandler.RECORD.contains("Execute Zipped@1.0.0#1"), RecordingStepHandler.RECORD::toString);
        assertTrue(RecordingStepHandler.RECORD.contains("Complete Zipped@1.0.0#1"), RecordingStepHandler.RECORD::toString);
    }

    @Test
    void anErrorReportedInExecuteFailsTheStep() throws Exception {
        DeploymentResult result = install("report", Map.of("Stage", "Execute"));

        assertEquals(DeploymentOutcome.FAILED, result.outcome());
        StepOutcome step = result.packages().get(0).steps().get(0);
        assertEquals(Status.FAILED, step.status());
        assertEquals(PipelineStage.EXECUTE, step.stage());
        assertEquals("reported in Execute", step.message());
        assertEquals(1, errors(result).size(), "the error is reported once: " + errors(result));
        assertTrue(events(DeploymentEvent.StepSucceeded.class).stream().noneMatch(e -> e.stage() == PipelineStage.EXECUTE
                && e.step().stepIndex() == 1));
        assertEquals(1, events(DeploymentEvent.StepFailed.class).size());
    }

    @Test
    void aStepWithValidateProblemsGetsAFailureEventAndNotASuccess() throws Exception {
        DeploymentResult result = install("report", Map.of("Stage", "Validate"));

        assertEquals(DeploymentOutcome.FAILED, result.outcome());
        assertTrue(events(DeploymentEvent.StepFailed.class).stream().anyMatch(e -> e.stage() == PipelineStage.VALIDATE
                && e.step().stepIndex() == 1 && e.message().equals("reported in Validate")));
        assertTrue(events(DeploymentEvent.StepSucceeded.class).stream().noneMatch(e -> e.stage() == PipelineStage.VALIDATE
                && e.step().stepIndex() == 1));
        assertTrue(result.packages().stream().allMatch(p -> p.status() == Status.NOT_RUN));
    }

    @Test
    void innerElementsReachTheHandlerExpanded() throws Exception {
        DeploymentResult result = install("inner", Map.of("Known", "value"));

        assertTrue(result.succeeded(), result.problems()::toString);
        assertEquals(List.of("inner item=value/text of value,item=plain/"), recorded("inner "));
    }

    @Test
    void anUndefinedVariableInAnInnerElementStopsTheDeploymentInValidateAndNeverReachesTheHandler() throws Exception {
        DeploymentResult result = install("inner-undefined", Map.of());

        assertEquals(DeploymentOutcome.FAILED, result.outcome());
        assertEquals(1, errors(result).size(), errors(result)::toString);
        assertTrue(errors(result).get(0).contains("(package Root@1.0.0, step 2 Inner)")
                && errors(result).get(0).contains("variable $(Missing.Name) used in attribute name of <item> (line 8)"
                + " is not set"), errors(result)::toString);
        assertEquals(List.of(), recorded("inner "));
        assertTrue(RecordingStepHandler.RECORD.stream().noneMatch(r -> r.startsWith("Prepare")));
        assertTrue(events(DeploymentEvent.StepFailed.class).stream().anyMatch(e -> e.stage() == PipelineStage.VALIDATE
                && e.step().stepIndex() == 2 && e.message().contains("$(Missing.Name)")), "the step fails in Validate");
    }

    @Test
    void aFailedStepsHandlerHearsOfItAtOnceAndEveryHandlerLearnsInCleanupHowItWent() throws Exception {
        DeploymentResult failed = install("lifecycle", Map.of());

        assertEquals(DeploymentOutcome.FAILED, failed.outcome());
        assertEquals(List.of("onFailure Execute #2 lifecycle step fails as asked"), recorded("onFailure "));
        assertEquals(List.of("cleanup Root@1.0.0#1 SKIPPED deploymentSucceeded=false",
                "cleanup Root@1.0.0#2 FAILED deploymentSucceeded=false"), recorded("cleanup "));

        ContractStepHandler.RECORD.clear();
        assertTrue(install("store", Map.of("Fail", "false")).succeeded());
        assertEquals(List.of("cleanup Root@1.0.0#3 SUCCEEDED deploymentSucceeded=true"), recorded("cleanup "));
    }

    @Test
    void aHandlerActsOnceAfterEveryStepOfItsPackageHasPassedAStage() throws Exception {
        DeploymentResult result = install("hooked", Map.of());

        assertTrue(result.succeeded(), result.problems()::toString);
        List<String> execute = ContractStepHandler.RECORD.stream().filter(r -> r.startsWith("execute ")
                || r.startsWith("after Execute")).toList();
        assertEquals(List.of("execute Root@1.0.0#1", "execute Root@1.0.0#3", "after Execute Root@1.0.0 steps=1,3"),
                execute);
        assertEquals(PipelineStage.values().length, recorded("after ").size(), recorded("after ")::toString);
    }

    @Test
    void theChangesOfAnInstalledPackageAreKeptAndALaterDeploymentOfItReadsThem() throws Exception {
        try (Stagehand first = configure("remember/v1", Map.of()).load()) {
            assertTrue(first.install(RootRequest.parse("Remembered"), InstallOptions.DEFAULTS).succeeded());
        }
        try (Stagehand second = configure("remember/v2", Map.of()).load()) {
            assertTrue(second.install(RootRequest.parse("Remembered"), InstallOptions.DEFAULTS).succeeded());
        }

        assertEquals(List.of("seen []", "seen [v1.0.0]"), recorded("seen "));
        assertEquals(List.of("v1.0.0", "v1.1.0"), FileDeploymentJournal.open(temp.resolve("state"))
                .recordedChanges("Remembered").stream().flatMap(r -> r.changes().stream())
                .filter(c -> c.kind().equals("marker")).map(ChangeRecord::target).toList());
        assertEquals(List.of("1.0.0", "1.1.0"), FileDeploymentJournal.open(temp.resolve("state"))
                .recordedChanges("Remembered").stream().filter(r -> r.changes().stream()
                        .anyMatch(c -> c.kind().equals(ChangeRecord.IRREVERSIBLE))).map(r -> r.version()).toList(),
                "a step whose handler declares no undo is recorded as one a rollback cannot undo");
    }

    @Test
    void progressDetailNoticeAndOutputReachTheListenersWithTheSecretsAPluginDeclaresMasked() throws Exception {
        DeploymentResult result = install("talk", Map.of("Contract.License", "LIC-123-SECRET"));

        assertTrue(result.succeeded(), result.problems()::toString);
        List<DeploymentEvent.StepProgress> progress = events(DeploymentEvent.StepProgress.class);
        assertEquals(List.of("1/2 things", "2/2 things"), progress.stream().map(p -> p.done() + "/" + p.total() + " "
                + p.unit()).toList());
        assertTrue(events(DeploymentEvent.StepSucceeded.class).stream().anyMatch(e -> e.stage() == PipelineStage.EXECUTE
                && e.detail().equals("talked about ******")));
        assertEquals(List.of("a notice about ******"), events(DeploymentEvent.StepNotice.class).stream()
                .map(DeploymentEvent.StepNotice::text).toList());
        assertEquals(List.of("out: output about ******", "err: error about ******"),
                events(DeploymentEvent.StepOutput.class).stream().map(o -> (o.error() ? "err: " : "out: ") + o.line())
                        .toList());
        assertEquals("talked about ******", result.packages().get(0).steps().get(0).message());
        assertFalse(events.toString().contains("LIC-123-SECRET"), "the license is masked everywhere");
    }

    @Test
    void aFailureThatQuotesASecretReachesEveryEventTheResultAndTheJournalMasked() throws Exception {
        DeploymentResult result = install("talk-fails", Map.of("Contract.License", "LIC-456-SECRET"));

        assertEquals(DeploymentOutcome.FAILED, result.outcome());
        DeploymentEvent.StepFailed failed = events(DeploymentEvent.StepFailed.class).get(0);
        assertTrue(failed.message().contains("could not stop talking about ******"), failed::toString);
        DeploymentEvent.DeploymentFinished finished = events(DeploymentEvent.DeploymentFinished.class).get(0);
        assertFalse(finished.succeeded());
        assertFalse(events.toString().contains("LIC-456-SECRET"), events::toString);
        assertFalse(result.problems().toString().contains("LIC-456-SECRET"), result.problems()::toString);
        assertFalse(result.summary().contains("LIC-456-SECRET"), result::summary);
        try (var files = Files.walk(temp.resolve("state"))) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                if (!file.getFileName().toString().equals("fingerprint.key")) {
                    // Bytes as Latin-1: binary files (the cache's package index) are searched too.
                    assertFalse(new String(Files.readAllBytes(file), java.nio.charset.StandardCharsets.ISO_8859_1)
                            .contains("LIC-456-SECRET"), file + " holds the secret");
                }
            }
        }
    }

    @Test
    void aStepsValidateAcceptsWhatAnEarlierStepOfThePlanWillCreate() throws Exception {
        DeploymentResult alone = install("planned", Map.of());
        assertEquals(DeploymentOutcome.FAILED, alone.outcome());
        assertTrue(errors(alone).get(0).contains("configuration entry /Cmf/Feature/Enabled does not exist and no"
                + " earlier step creates it"), errors(alone)::toString);

        DeploymentResult created = install("planned-by-earlier", Map.of());

        assertTrue(created.succeeded(), created.problems()::toString);
        assertEquals(List.of("planned before /Cmf/Feature/Enabled by step 1"), recorded("planned before"));
        assertTrue(created.plan().notice().contains("configuration entry /Cmf/Feature/Enabled (Lib@1.0.0 step 1 Plans)"),
                created.plan().notice()::toString);
    }

    @Test
    void aConnectionIsAssembledByTheDatabaseTypeItsTypeOrItsUrlNames() throws Exception {
        install("connect", Map.of("Product.Database.Type", "tdb", "Product.Database.Online.Server", "db1",
                "Product.Database.Online.Port", "5", "Product.Database.Online.Name", "online",
                "Product.Database.Online.User", "u", "Product.Database.Online.Password", "pw"));
        // A state of its own, or the second deployment would find everything installed.
        PathUtils.deleteDirectory(temp.resolve("state"));
        install("connect", Map.of("Product.Database.Online.Url", "testdb://u:pw@db1/online"));
        PathUtils.deleteDirectory(temp.resolve("state"));
        install("connect", Map.of("Product.Database.Online.Url", "testdb://db1/online;key=k3y"));

        assertEquals(List.of("connect TestDb testdb://db1:5/online testdb://db1:5/online u",
                "connect TestDb testdb://u:pw@db1/online testdb://u:******@db1/online null",
                "connect TestDb testdb://db1/online;key=k3y testdb://db1/online;key=****** null"),
                recorded("connect "), "the type masks what only it knows to be a secret");
    }

    @Test
    void aDatabaseTypeNoLoadedModuleServesIsALocatedProblemNamingTheLoadedTypes() throws Exception {
        DeploymentResult result = install("connect", Map.of("Product.Database.Type", "Oracle",
                "Product.Database.Online.Server", "db1", "Product.Database.Online.Name", "online"));

        assertEquals(DeploymentOutcome.FAILED, result.outcome());
        assertTrue(errors(result).stream().anyMatch(e -> e.contains("step 1 Connect") && e.contains(
                "database Online has type 'Oracle'; the loaded database types are TestDb")), errors(result)::toString);
    }

    @Test
    void aScriptHandlerChecksEveryScriptOfAGenericStepInValidateBeforeAnythingRuns() throws Exception {
        DeploymentResult result = install("script", Map.of());

        assertEquals(DeploymentOutcome.FAILED, result.outcome());
        assertTrue(errors(result).stream().anyMatch(e -> e.contains("scripts/bad.echo says it is INVALID")),
                errors(result)::toString);
        assertEquals(List.of("validate script scripts/bad.echo for Prepare",
                "validate script scripts/good.echo for Complete"), RecordingStepHandler.RECORD.stream()
                .filter(r -> r.startsWith("validate script") || r.startsWith("script ")).toList());
    }

    @Test
    void aSetValueWinsOverTheEnvironmentWhichWinsOverTheParametersFile() throws Exception {
        Map<String, String> environment = Map.of("DEPLOY_VAR_VALUE", "from-environment");
        try (Stagehand fromFile = configure("plan", Map.of("Value", "from-file")).load();
             Stagehand fromEnvironment = configure("plan", Map.of("Value", "from-file")).environment(environment)
                     .load();
             Stagehand fromSet = configure("plan", Map.of("Value", "from-file")).environment(environment)
                     .set("Value", "from-set").load()) {
            assertEquals("value=from-file", summary(fromFile));
            assertEquals("value=from-environment", summary(fromEnvironment));
            assertEquals("value=from-set", summary(fromSet));
        }
    }

    private static String summary(Stagehand stagehand) throws Exception {
        return stagehand.plan(RootRequest.parse("Root")).packages().get(0).steps().get(0).summary();
    }

    @Test
    void theApprovedPlanRunsAsItWas() throws Exception {
        Path source = copy("plan");
        try (Stagehand stagehand = configure(source, Map.of("Value", "a")).load()) {
            DeploymentPlan plan = stagehand.plan(RootRequest.parse("Root"));

            DeploymentResult result = stagehand.install(plan, InstallOptions.DEFAULTS);

            assertTrue(result.succeeded(), result.problems()::toString);
            assertEquals(plan.digest(), result.plan().digest());
        }
    }

    @Test
    void anApprovedPlanIsRefusedAfterAManifestChangedAndNothingIsChanged() throws Exception {
        Path source = copy("plan");
        try (Stagehand stagehand = configure(source, Map.of("Value", "a")).load()) {
            DeploymentPlan plan = stagehand.plan(RootRequest.parse("Root"));
            Path manifest = source.resolve("Root.1.0.0/manifest.xml");
            Files.writeString(manifest, Files.readString(manifest).replace("the plan fixture", "changed since"));

            DeploymentException refused = assertThrows(DeploymentException.class,
                    () -> configure(source, Map.of("Value", "a")).load().install(plan, InstallOptions.DEFAULTS));

            assertTrue(refused.getMessage().contains("was made from inputs that have changed since: the packages or"
                    + " their manifests"), refused.getMessage());
            assertEquals(List.of(), RecordingStepHandler.RECORD);
            assertTrue(FileDeploymentJournal.open(temp.resolve("state")).deployments().isEmpty());
        }
    }

    @Test
    void anApprovedPlanIsRefusedOnceAnotherDeploymentChangedWhatIsInstalled() throws Exception {
        Path source = copy("plan");
        try (Stagehand stagehand = configure(source, Map.of("Value", "a")).load()) {
            DeploymentPlan plan = stagehand.plan(RootRequest.parse("Root"));
            assertTrue(stagehand.install(RootRequest.parse("Root"), InstallOptions.DEFAULTS).succeeded());

            DeploymentException refused = assertThrows(DeploymentException.class,
                    () -> stagehand.install(plan, InstallOptions.DEFAULTS));

            assertTrue(refused.getMessage().contains("changed since: what is installed; nothing was changed"),
                    refused.getMessage());
        }
    }

    @Test
    void aSavedPlanHoldsNoSecretRunsWithTheSameInputsAndIsRefusedWhenAParameterChanged() throws Exception {
        Path source = copy("plan");
        Map<String, String> parameters = Map.of("Value", "a", "Product.Admin.Password", "pw-secret-1");
        Path file = temp.resolve("plan.json");
        try (Stagehand stagehand = configure(source, parameters).load()) {
            SavedPlan.of(stagehand.plan(RootRequest.parse("Root")), null).write(file);
        }
        assertFalse(Files.readString(file).contains("pw-secret-1"), Files.readString(file));
        SavedPlan saved = SavedPlan.read(file);

        DeploymentException refused = assertThrows(DeploymentException.class, () -> configure(source,
                Map.of("Value", "b", "Product.Admin.Password", "pw-secret-1")).load().install(saved,
                InstallOptions.DEFAULTS));
        assertTrue(refused.getMessage().contains("the parameters"), refused.getMessage());

        // A rotated password is no reason to approve the plan again.
        DeploymentResult result = configure(source, Map.of("Value", "a", "Product.Admin.Password", "pw-secret-2"))
                .load().install(saved, InstallOptions.DEFAULTS);
        assertTrue(result.succeeded(), result.problems()::toString);
    }

    @Test
    void aPlanSavedByTheInstanceThatMadeItPinsItsStateAndTargetAndRunsFromThemAlone() throws Exception {
        Path source = copy("plan");
        Map<String, String> parameters = Map.of("Value", "a", "Product.Admin.Password", "pw");
        Path state = temp.resolve("approved-state");
        SavedPlan saved;
        try (Stagehand stagehand = Stagehand.configure().sources(source).parameters(parameters)
                .environment(Map.of()).stateDirectory(state).target("relative-target").load()) {
            saved = stagehand.save(stagehand.plan(RootRequest.parse("Root")), null);
        }
        assertEquals(java.util.Optional.of(state.toAbsolutePath().normalize()), saved.stateDirectory());
        assertEquals(List.of("local:" + Path.of("relative-target").toAbsolutePath().normalize()), saved.targets());

        DeploymentResult result = Stagehand.configure().from(saved).parameters(parameters).environment(Map.of())
                .load().install(saved, InstallOptions.DEFAULTS);

        assertTrue(result.succeeded(), result.problems()::toString);
        assertTrue(Files.isRegularFile(state.resolve("journal.json")), "the approved state folder holds the journal");
        if (Files.exists(Path.of("relative-target"))) {
            PathUtils.deleteDirectory(Path.of("relative-target"));
        }
        PathUtils.deleteDirectory(source);
        DeploymentException gone = assertThrows(DeploymentException.class, () -> Stagehand.configure().from(saved));
        assertTrue(gone.getMessage().contains("the plan's source folder " + source + " does not exist any more"),
                gone.getMessage());
    }

    private Path copy(String fixture) throws Exception {
        Path copy = temp.resolve("source-" + fixture);
        PathUtils.copyDirectory(Fixtures.resource("contract/" + fixture), copy);
        return copy;
    }

    @Test
    void everyEventGoesThroughOnePathThatMasksAndIsolatesListeners() throws Exception {
        List<DeploymentEvent> seen = Collections.synchronizedList(new ArrayList<>());
        DeploymentResult result = install("plan", Map.of("Value", "a", "Product.Admin.Password", "a"), c -> c
                .listener(event -> {
                    throw new IllegalStateException("a listener that always fails");
                })
                .listener(event -> {
                    throw new NoClassDefFoundError("a listener whose plugin misses a class");
                })
                .listener(seen::add));

        assertTrue(result.succeeded(), result.problems()::toString);
        assertTrue(seen.get(0) instanceof DeploymentEvent.DeploymentStarted, seen.get(0)::toString);
        assertTrue(seen.get(seen.size() - 1) instanceof DeploymentEvent.DeploymentFinished);
        assertEquals("Root@1.0.0", ((DeploymentEvent.DeploymentStarted) seen.get(0)).root());
    }

    @Test
    void aTargetIsOpenedByTheProviderOfItsSchemeAndAnUnknownSchemeIsRefused() throws Exception {
        Path folder = temp.resolve("by-uri");
        DeploymentResult result = Stagehand.configure().sources(Fixtures.resource("contract/tiers"))
                .parameters(Map.of("PresentationFileLocation", "web")).environment(Map.of())
                .stateDirectory(temp.resolve("state")).target("local:" + folder).load()
                .install(RootRequest.parse("Web"), InstallOptions.DEFAULTS);

        assertTrue(result.succeeded(), result.problems()::toString);
        assertEquals("<html>hello</html>\n", Files.readString(folder.resolve("web/www/index.html")));
        DeploymentException unknown = assertThrows(DeploymentException.class, () -> Stagehand.configure()
                .sources(Fixtures.resource("contract/tiers")).target("ftp://example.com/x").load()
                .plan(RootRequest.parse("Web")));
        assertTrue(unknown.getMessage().contains("no loaded plugin opens 'ftp:' targets"), unknown.getMessage());
    }

    @Test
    void theFileTiersPackageTypeCreatesEachPackagesDestinationInPrepare() throws Exception {
        DeploymentResult result = install("tiers-folder-only", Map.of("PresentationFileLocation", "site"));

        assertTrue(result.succeeded(), result.problems()::toString);
        assertTrue(Files.isDirectory(temp.resolve("target/site")), "the Presentation destination was made");
        assertTrue(result.plan().notice().contains("folder site (Web)"), result.plan().notice()::toString);
    }

    @Test
    void aFileTierPackageWithoutDestinationIsRefusedInValidate() throws Exception {
        DeploymentResult result = install("tiers-folder-only", Map.of());

        assertEquals(DeploymentOutcome.FAILED, result.outcome());
        assertTrue(errors(result).stream().anyMatch(e -> e.contains("package Web@1.0.0 (Presentation) has nowhere to"
                + " copy to") && e.contains("give the variable PresentationFileLocation a value")), errors(result)::toString);
        assertFalse(Files.exists(temp.resolve("target")), "nothing was made");
    }

    @Test
    void aStateFolderThatCannotBeUsedIsALocatedJournalError() throws Exception {
        Path file = Files.writeString(temp.resolve("not-a-folder"), "x");

        dev.stagehand.api.JournalException refused = assertThrows(dev.stagehand.api.JournalException.class,
                () -> configure("plan", Map.of("Value", "a")).stateDirectory(file.resolve("state")).load()
                        .install(RootRequest.parse("Root"), InstallOptions.DEFAULTS));

        assertTrue(refused.location().file().endsWith("not-a-folder/state"), refused.location()::toString);
        assertTrue(refused.getMessage().contains("the state folder cannot be used"), refused.getMessage());
    }

    @Test
    void theFingerprintKeyIsReadableByItsOwnerOnly() throws Exception {
        assertTrue(install("hooked", Map.of()).succeeded());

        Path key = temp.resolve("state/fingerprint.key");
        assertEquals(PosixFilePermissions.fromString("rw-------"), Files.getPosixFilePermissions(key));
        assertEquals(32, Files.size(key));
    }
}
