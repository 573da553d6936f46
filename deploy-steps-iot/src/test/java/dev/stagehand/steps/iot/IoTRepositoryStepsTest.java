package dev.stagehand.steps.iot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stagehand.api.Problem;
import dev.stagehand.api.event.DeploymentEvent;
import dev.stagehand.api.journal.ChangeRecord;
import dev.stagehand.testkit.HarnessResult;
import dev.stagehand.testkit.StepHarness;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IoTRepositoryStepsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ALL_STEPS = """
            <step type="DeployRepositoryFiles" contentPath="runtimePackages/**"/>
                <step type="GenerateRepositoryIndex"/>
                <step type="IoTAutomationTaskLibrariesSync"/>""";

    private static StepHarness repositoryPackage(CountingTarget target) throws Exception {
        return StepHarness.forStep(ALL_STEPS).target(target).variable("Product.IoT.RepositoryLocation", "/repo")
                .file("runtimePackages/tasks.tgz", Tarballs.npm(Map.of("package.json",
                        Tarballs.packageJson("@acme/tasks", "1.0.0", Tarballs.tasksLibrary("readTag", "writeTag")),
                        "index.js", "module.exports = {};")))
                .file("runtimePackages/driver.tgz", Tarballs.npm(Map.of("package.json",
                        Tarballs.packageJson("@acme/driver", "2.1.0", ""))))
                .file("runtimePackages/ui/package.json", Tarballs.packageJson("@acme/ui", "0.3.0", ""))
                .file("runtimePackages/ui/main.js", "console.log('ui');");
    }

    private static JsonNode json(CountingTarget target, String path) throws Exception {
        return JSON.readTree(target.files.text(path).orElseThrow(() -> new AssertionError(path + " was not written")));
    }

    @Test
    void repositoryIsDeployedIndexedAndSyncedAndARerunReadsNoUnchangedPackage() throws Exception {
        CountingTarget target = new CountingTarget();
        try (StepHarness harness = repositoryPackage(target)) {
            HarnessResult first = harness.run();
            assertTrue(first.succeeded(), first::report);
            assertTrue(target.files.files().containsKey("/repo/runtimePackages/tasks.tgz"));
            assertTrue(target.files.files().containsKey("/repo/runtimePackages/ui/main.js"));
            assertTrue(first.changes().contains(new ChangeRecord("file", "/repo/runtimePackages/ui/main.js",
                    "sha256:" + dev.stagehand.api.io.Sha256.of("console.log('ui');".getBytes()))), first::report);

            JsonNode packages = json(target, "/repo/index.json").get("packages");
            assertEquals(List.of("@acme/driver", "@acme/tasks", "@acme/ui"),
                    packages.findValuesAsText("name"), "sorted by name");
            JsonNode tasks = packages.get(1);
            assertEquals("1.0.0", tasks.get("version").asText());
            assertEquals("@acme/tasks package", tasks.get("description").asText());
            assertEquals("runtimePackages/tasks.tgz", tasks.get("path").asText());
            byte[] tarball = target.files.files().get("/repo/runtimePackages/tasks.tgz");
            assertEquals(tarball.length, tasks.get("size").asLong());
            assertEquals(dev.stagehand.api.io.Sha256.of(tarball), tasks.get("sha256").asText());
            assertEquals("folder", packages.get(2).get("kind").asText());
            assertEquals("runtimePackages/ui", packages.get(2).get("path").asText());

            JsonNode libraries = json(target, "/repo/automation-task-libraries.json").get("libraries");
            assertEquals(1, libraries.size(), "only the package with a tasksLibrary section");
            assertEquals("@acme/tasks", libraries.get(0).get("name").asText());
            assertEquals(List.of("readTag", "writeTag"), libraries.get(0).get("tasks").findValuesAsText("name"));
            assertEquals("toText", libraries.get(0).get("converters").get(0).get("name").asText());
            assertTrue(details(first).stream().anyMatch(d -> d.contains("1 added, 0 updated, 0 unchanged")), () -> details(first).toString());

        }
        // A later deployment into the same repository brings a new driver tarball only; the tasks
        // tarball and the ui folder are unchanged and must not be read again.
        try (StepHarness harness = StepHarness.forStep(ALL_STEPS).target(target)
                .variable("Product.IoT.RepositoryLocation", "/repo")) {
            harness.file("runtimePackages/driver.tgz", Tarballs.npm(Map.of("package.json",
                    Tarballs.packageJson("@acme/driver", "2.2.0", ""), "extra.js", "// more")));
            target.resetReads();
            HarnessResult second = harness.run();
            assertTrue(second.succeeded(), second::report);
            JsonNode reindexed = json(target, "/repo/index.json").get("packages");
            assertEquals("2.2.0", reindexed.get(0).get("version").asText());
            assertEquals(dev.stagehand.api.io.Sha256.of(target.files.files().get("/repo/runtimePackages/driver.tgz")),
                    reindexed.get(0).get("sha256").asText());
            assertEquals(0, target.reads("/repo/runtimePackages/tasks.tgz"), "an unchanged tarball is not re-hashed");
            assertEquals(0, target.reads("/repo/runtimePackages/ui/main.js"), "an unchanged folder is not re-hashed");
            assertTrue(target.reads("/repo/runtimePackages/driver.tgz") > 0, "the changed tarball is read");
            assertTrue(details(second).stream().anyMatch(d -> d.contains("0 added, 0 updated, 1 unchanged")), () -> details(second).toString());
        }
    }

    @Test
    void aChangedLibraryIsCountedUpdated() throws Exception {
        CountingTarget target = new CountingTarget();
        try (StepHarness harness = repositoryPackage(target)) {
            assertTrue(harness.run().succeeded());
        }
        try (StepHarness harness = repositoryPackage(target)) {
            harness.file("runtimePackages/tasks.tgz", Tarballs.npm(Map.of("package.json",
                    Tarballs.packageJson("@acme/tasks", "1.1.0", Tarballs.tasksLibrary("readTag", "writeTag", "log")))));
            HarnessResult second = harness.run();
            assertTrue(second.succeeded(), second::report);
            assertTrue(details(second).stream().anyMatch(d -> d.contains("0 added, 1 updated, 0 unchanged")), () -> details(second).toString());
            JsonNode library = json(target, "/repo/automation-task-libraries.json").get("libraries").get(0);
            assertEquals("1.1.0", library.get("version").asText());
            assertEquals(3, library.get("tasks").size());
        }
    }

    @Test
    void theStepsInnerElementsChooseTheLibraries() throws Exception {
        CountingTarget target = new CountingTarget();
        target.files.write("/repo/driver.tgz", new java.io.ByteArrayInputStream(Tarballs.npm(Map.of("package.json",
                Tarballs.packageJson("@acme/driver", "2.1.0", "")))));
        try (StepHarness harness = StepHarness.forStep("""
                <step type="IoTAutomationTaskLibrariesSync"><library name="@acme/driver"/></step>""")
                .target(target).variable("Local.Repository.Directory.Location", "/repo")) {
            HarnessResult result = harness.run();
            assertTrue(result.succeeded(), result::report);
            JsonNode libraries = json(target, "/repo/automation-task-libraries.json").get("libraries");
            assertEquals("@acme/driver", libraries.get(0).get("name").asText());
            assertEquals(0, libraries.get(0).get("tasks").size());
        }
    }

    @Test
    void aMalformedPackageJsonIsReportedWithItsPathAndNothingIsWritten() throws Exception {
        CountingTarget target = new CountingTarget();
        try (StepHarness harness = StepHarness.forStep(ALL_STEPS).target(target)
                .variable("Product.IoT.RepositoryLocation", "/repo")
                .file("runtimePackages/bad.tgz", Tarballs.npm(Map.of("package.json", "{\"name\": \"bad\", ")))) {
            HarnessResult result = harness.run();
            assertFalse(result.succeeded());
            assertTrue(result.report().contains("runtimePackages/bad.tgz!/package/package.json is not valid JSON"),
                    result::report);
            assertTrue(target.files.text("/repo/index.json").isEmpty(), "no index half-written");
            assertTrue(target.files.text("/repo/automation-task-libraries.json").isEmpty());
        }
    }

    @Test
    void aCorruptTarballIsReportedWithItsPathAndThePreviousIndexIsKept() throws Exception {
        CountingTarget target = new CountingTarget();
        try (StepHarness harness = repositoryPackage(target)) {
            assertTrue(harness.run().succeeded());
        }
        String before = target.files.text("/repo/index.json").orElseThrow();
        try (StepHarness harness = repositoryPackage(target)) {
            byte[] good = Tarballs.npm(Map.of("package.json", Tarballs.packageJson("@acme/driver", "3.0.0", "")));
            byte[] corrupt = java.util.Arrays.copyOf(good, good.length / 2);
            harness.file("runtimePackages/driver.tgz", corrupt);
            HarnessResult result = harness.run();
            assertFalse(result.succeeded());
            assertTrue(result.report().contains("repository package runtimePackages/driver.tgz is not a readable .tgz"),
                    result::report);
            assertEquals(before, target.files.text("/repo/index.json").orElseThrow(), "the old index stays whole");
        }
    }

    @Test
    void aFolderEscapingTheRepositoryIsRefused() throws Exception {
        CountingTarget target = new CountingTarget();
        try (StepHarness harness = StepHarness.forStep("""
                <step type="DeployRepositoryFiles" contentPath="p/*" folder="../../etc"/>
                <step type="GenerateRepositoryIndex"/>""").target(target)
                .variable("Product.IoT.RepositoryLocation", "/repo").file("p/a.txt", "a")) {
            HarnessResult result = harness.run();
            assertFalse(result.succeeded());
            assertTrue(result.errors().stream().map(Problem::message).anyMatch(m -> m.contains("escapes the IoT repository")),
                    result::report);
            assertTrue(target.files.files().isEmpty(), "nothing deployed");
        }
    }

    @Test
    void repositoryPathsMustStayInside() {
        assertEquals("a/b", Repository.inside("./a//b", "path"));
        for (String bad : List.of("../x", "a/../../x", "/etc/passwd", "C:\\Windows", "a\\..\\..\\x")) {
            IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                    () -> Repository.inside(bad, "path"), bad);
            assertTrue(e.getMessage().contains(bad), e.getMessage());
        }
    }

    @Test
    void validateWarnsWhenNoIndexFollowsDeployedRepositoryFiles() throws Exception {
        try (StepHarness harness = StepHarness.forStep("<step type=\"DeployRepositoryFiles\" contentPath=\"p/*\"/>")
                .variable("Product.IoT.RepositoryLocation", "/repo").file("p/a.tgz", "x")) {
            HarnessResult result = harness.run();
            assertTrue(result.warnings().stream().map(Problem::message)
                    .anyMatch(m -> m.contains("no GenerateRepositoryIndex step follows it")), result::report);
        }
    }

    @Test
    void identicalFilesAreNotCopiedAgain() throws Exception {
        CountingTarget target = new CountingTarget();
        try (StepHarness harness = repositoryPackage(target)) {
            assertTrue(harness.run().succeeded());
        }
        java.time.Instant before = target.files.stat("/repo/runtimePackages/ui/main.js").orElseThrow().modified();
        try (StepHarness harness = repositoryPackage(target)) {
            harness.file("runtimePackages/ui/extra.js", "x");
            HarnessResult second = harness.run();
            assertTrue(second.succeeded(), second::report);
            assertTrue(details(second).stream().anyMatch(d -> d.contains("1 copied, 4 unchanged")), () -> details(second).toString());
            assertEquals(before, target.files.stat("/repo/runtimePackages/ui/main.js").orElseThrow().modified());
        }
    }

    @Test
    void theSamplePackageDeploysIndexesAndSyncsItsRepository() throws Exception {
        CountingTarget target = new CountingTarget();
        try (StepHarness harness = StepHarness.forPackage(java.nio.file.Path.of("../samples/steps/iot/Cmf.Sample.IoT.1.0.0"))
                .target(target).variable("Local.Repository.Directory.Location", "/srv/iot-repository")) {
            HarnessResult result = harness.run();
            assertTrue(result.succeeded(), result::report);
            assertEquals(List.of("@cmf-sample/driver-opcua", "@cmf-sample/tasks", "@cmf-sample/ui"),
                    json(target, "/srv/iot-repository/index.json").get("packages").findValuesAsText("name"));
            JsonNode library = json(target, "/srv/iot-repository/automation-task-libraries.json").get("libraries").get(0);
            assertEquals("@cmf-sample/tasks", library.get("name").asText());
            assertEquals("readTag", library.get("tasks").get(0).get("name").asText());
        }
    }

    /** The one-line results the steps gave. */
    private static List<String> details(HarnessResult result) {
        return result.events(DeploymentEvent.StepSucceeded.class).stream().map(DeploymentEvent.StepSucceeded::detail)
                .filter(d -> !d.isEmpty()).toList();
    }
}
