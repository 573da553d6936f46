package dev.stagehand.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stagehand.api.PipelineStage;
import dev.stagehand.api.Problem;
import dev.stagehand.api.DeploymentException;
import dev.stagehand.api.journal.ChangeRecord;
import dev.stagehand.api.spi.Store;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What {@link StepContexts} builds for calling one handler method directly. */
class StepContextsTest {

    private static final Path PROBE_FILES = Path.of("src/test/resources/packages/Probe.Files.1.0.0");

    @Test
    void aHandlerMethodCalledWithTheContextReportsToIt() throws Exception {
        try (TestStepContext context = StepContexts.forStep("<step type=\"Probe\" file=\"/out/a.txt\" from=\"a.txt\"/>")
                .build()) {
            new ProbeStepHandler().validate(context);

            Problem error = context.errors().get(0);
            assertEquals("the package has no file a.txt", error.message());
            assertEquals(context.location(), error.location());
            assertEquals(StepHarness.PACKAGE_ID, error.location().packageId());
        }
    }

    @Test
    void filesGivenToTheBuilderAreInThePackage() throws Exception {
        InMemoryTarget target = new InMemoryTarget();
        try (TestStepContext context = StepContexts.forStep("<step type=\"Probe\" file=\"/out/a.txt\" from=\"a.txt\"/>")
                .file("a.txt", "alpha").target(target).stage(PipelineStage.EXECUTE).build()) {
            ProbeStepHandler probe = new ProbeStepHandler();
            probe.validate(context);
            probe.execute(context);

            assertEquals(List.of(), context.reported());
            assertEquals("alpha", target.text("/out/a.txt").orElseThrow());
            assertEquals("wrote /out/a.txt", context.lastDetail());
            assertEquals(List.of("/out/a.txt"), context.changes().stream().map(ChangeRecord::target).toList());
        }
    }

    @Test
    void attributesAndInnerElementsAreExpandedAsTheEngineExpandsThem() throws Exception {
        try (TestStepContext context = StepContexts.forStep("""
                <step type="Probe" file="$(App.Folder)/a.txt" text="literal $$(Kept)">
                  <port value="$(App.Port)">on $(App.Host)<inner name="$(App.Host)"/></port>
                </step>""")
                .variable("App.Folder", "/srv").variables(Map.of("App.Port", "8443", "App.Host", "web1")).build()) {
            assertEquals("/srv/a.txt", context.attribute("file").orElseThrow());
            assertEquals("literal $(Kept)", context.attribute("text").orElseThrow(), "$$( stands for a literal $(");
            assertEquals("8443", context.children().get(0).attribute("value").orElseThrow());
            assertEquals("on web1", context.children().get(0).text());
            assertEquals("web1", context.children().get(0).children().get(0).attribute("name").orElseThrow());
            assertEquals("$(App.Folder)/a.txt", context.step().attribute("file").orElseThrow(),
                    "the step as declared stays raw");
        }
    }

    @Test
    void aStepUsingAnUndefinedVariableGetsNoContextAsItReachesNoHandlerInADeployment() {
        DeploymentException refused = assertThrows(DeploymentException.class, () -> StepContexts.forStep(
                "<step type=\"Probe\" file=\"/a.txt\"><port value=\"$(Missing.Port)\"/></step>").build());

        assertTrue(refused.getMessage().contains("variable $(Missing.Port) used in attribute value of <port>"),
                refused.getMessage());
    }

    @Test
    void theBuiltInsAreThoseADeploymentOfThePackageGives() throws Exception {
        String step = "<step type=\"Probe\" file=\"$(Package[Test.Package].TargetDirectory)/v.txt\""
                + " text=\"$(Package.Id) $(Package.Version) $(Package.TargetDirectory)\"/>";
        String deployed;
        try (StepHarness harness = StepHarness.forStep(step).manifestXml("<targetDirectory>$(Root)/app</targetDirectory>")
                .variable("Root", "/srv")) {
            assertTrue(harness.run().succeeded());
            deployed = harness.memoryTarget().text("/srv/app/v.txt").orElseThrow();
        }

        try (TestStepContext context = StepContexts.forStep(step)
                .manifestXml("<targetDirectory>$(Root)/app</targetDirectory>").variable("Root", "/srv").build()) {
            assertEquals("/srv/app/v.txt", context.attribute("file").orElseThrow());
            assertEquals(deployed, context.attribute("text").orElseThrow() + "\n");
            assertEquals("Test.Package 1.0.0 /srv/app", context.attribute("text").orElseThrow());
        }
    }

    @Test
    void aPackageFolderGivesItsStepWithItsUiDefaultsAndBuiltIns() throws Exception {
        try (TestStepContext context = StepContexts.forPackage(PROBE_FILES).step(2).build()) {
            assertEquals(2, context.step().index());
            assertEquals("/srv/app/about.txt", context.attribute("file").orElseThrow());
            assertEquals("1.0.0", context.children().get(0).attribute("value").orElseThrow());
            assertTrue(context.content().exists("config/settings.json"));
            assertEquals("Probe.Files", context.manifest().id());
        }
    }

    @Test
    void aStepThePackageDoesNotHaveIsRefused() {
        StepContexts.Builder builder = StepContexts.forPackage(PROBE_FILES).step(3);

        assertThrows(dev.stagehand.api.DeploymentException.class, builder::build);
    }

    @Test
    void filesAndManifestElementsAreOnlyForTheMadePackage() {
        StepContexts.Builder builder = StepContexts.forPackage(PROBE_FILES);

        assertThrows(IllegalStateException.class, () -> builder.file("a.txt", "alpha"));
        assertThrows(IllegalStateException.class, () -> builder.manifestXml("<targetDirectory>/a</targetDirectory>"));
    }

    @Test
    void closingTheContextClosesEveryStoredCloseableOnceStepFirstAndNewestFirst() throws Exception {
        List<String> closed = new ArrayList<>();
        TestStepContext context = StepContexts.forStep("<step type=\"Probe\"/>").build();
        context.store(Store.Scope.DEPLOYMENT).put("connection", (AutoCloseable) () -> closed.add("deployment connection"));
        context.store(Store.Scope.PACKAGE).put("client", (AutoCloseable) () -> closed.add("package client"));
        context.store(Store.Scope.STEP).put("first", (AutoCloseable) () -> closed.add("step first"));
        context.store(Store.Scope.STEP).getOrCompute("second", AutoCloseable.class,
                () -> () -> closed.add("step second"));
        context.store(Store.Scope.STEP).put("plain", "not closeable");
        Path work = context.workDirectory();

        context.close();
        context.close();

        assertEquals(List.of("step second", "step first", "package client", "deployment connection"), closed);
        assertFalse(Files.exists(work), "the context's folders remain");
    }

    @Test
    void aValueRemovedFromAStoreIsNotClosed() throws Exception {
        List<String> closed = new ArrayList<>();
        try (TestStepContext context = StepContexts.forStep("<step type=\"Probe\"/>").build()) {
            context.store(Store.Scope.STEP).put("kept", (AutoCloseable) () -> closed.add("kept"));
            context.store(Store.Scope.STEP).put("taken", (AutoCloseable) () -> closed.add("taken"));
            assertTrue(context.store(Store.Scope.STEP).remove("taken", AutoCloseable.class).isPresent());
        }

        assertEquals(List.of("kept"), closed);
    }

    @Test
    void aStoreMakesAValueOnceAndKeepsNothingWhenTheFactoryFails() throws Exception {
        try (TestStepContext context = StepContexts.forStep("<step type=\"Probe\"/>").build()) {
            Store store = context.store(Store.Scope.DEPLOYMENT);
            List<String> made = new ArrayList<>();

            assertThrows(IllegalStateException.class, () -> store.getOrCompute("k", String.class, () -> {
                throw new IllegalStateException("no connection");
            }));
            assertEquals("v", store.getOrCompute("k", String.class, () -> { made.add("v"); return "v"; }));
            assertEquals("v", store.getOrCompute("k", String.class, () -> { made.add("w"); return "w"; }));
            assertEquals(List.of("v"), made);
        }
    }

    @Test
    void theContextSaysTheStageDryRunAndTargetItWasBuiltWith() throws Exception {
        InMemoryTarget target = new InMemoryTarget("web1");
        try (TestStepContext context = StepContexts.forStep("<step type=\"Probe\"/>").target(target)
                .stage(PipelineStage.PREPARE).dryRun(true).build()) {
            assertEquals(PipelineStage.PREPARE, context.stage());
            assertTrue(context.dryRun());
            assertEquals(target, context.target());
            assertEquals(PipelineStage.CLEANUP, context.stage(PipelineStage.CLEANUP).stage());
        }
    }

    @Test
    void noticesProgressAndDetailAreRecorded() throws Exception {
        try (TestStepContext context = StepContexts.forStep("<step type=\"Probe\"/>").build()) {
            new ProbeStepHandler().run(PipelineStage.INITIALIZE, context);
            context.progress(3, 10, "files");
            context.detail("first");
            context.detail("second");

            assertEquals(List.of("Initialize"), context.notices());
            assertEquals(List.of("3/10"), context.progressReports().stream().map(p -> p[0] + "/" + p[1]).toList());
            assertEquals("second", context.lastDetail());
        }
    }
}
