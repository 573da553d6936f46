package dev.stagehand.core.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stagehand.core.Fixtures;
import dev.stagehand.core.RootRequest;
import dev.stagehand.core.Stagehand;
import dev.stagehand.core.result.DeploymentResult;
import dev.stagehand.core.options.InstallOptions;
import dev.stagehand.api.Status;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The core step types inside whole deployments on real files. */
class CoreStepsTest {

    @TempDir
    Path temp;

    private DeploymentResult install(String root) throws Exception {
        return Stagehand.configure().sources(Fixtures.resource("engine/transform"))
                .parameters(Map.of("Product.InstallationPath", temp.resolve("install").toString(),
                        "Product.Web.Port", "8443"))
                .stateDirectory(temp.resolve("state")).load().install(RootRequest.parse(root), InstallOptions.DEFAULTS);
    }

    @Test
    void transformFileChangesTheDeployedJsonAndXmlFiles() throws Exception {
        DeploymentResult result = install("Web");

        assertTrue(result.succeeded(), result.problems()::toString);
        JsonNode config = new ObjectMapper().readTree(temp.resolve("install/web/www/config.json").toFile());
        assertEquals("[\"cmf.core.shell\",\"cmf.core.business.controls\",\"cmf.core.controls\",\"cmf.newavailablepackage\"]",
                config.get("packages").get("available").toString());
        assertEquals(8443, config.get("port").asInt());
        String webConfig = Files.readString(temp.resolve("install/web/www/Web.config"));
        assertTrue(webConfig.contains("<add key=\"MaintenanceId\" value=\"M-42\" />"), webConfig);
        assertFalse(webConfig.contains("Debug"), webConfig);
        assertTrue(webConfig.contains("<!-- application settings -->"), webConfig);
        assertFalse(webConfig.contains("xdt"), webConfig);
        String packaged = Files.readString(Fixtures.resource("engine/transform/Web.1.0.0/www/config.json"));
        assertTrue(packaged.contains("cmf.core.checklist"), "the package itself is not changed");
    }

    @Test
    void aFailedTransformFailsTheStepAndLeavesTheTargetFileAsItWas() throws Exception {
        DeploymentResult result = install("Broken");

        assertEquals(Status.FAILED, result.packages().get(0).status());
        assertTrue(result.packages().get(0).reason().contains("step 2 TransformFile failed in Execute"),
                result.packages().get(0).reason());
        assertTrue(result.packages().get(0).reason().contains("@jdt.frobnicate"), result.packages().get(0).reason());
        assertEquals("{ \"a\": 1 }\n", Files.readString(temp.resolve("install/broken/www/settings.json")));
    }

    @Test
    void redeployingAfterTheJournalIsLostGivesTheSameFiles() throws Exception {
        install("Web");
        Path deployed = temp.resolve("install/web/www/config.json");
        String transformed = Files.readString(deployed);
        Files.delete(temp.resolve("state/journal.json"));

        DeploymentResult again = install("Web");

        assertTrue(again.succeeded(), again.problems()::toString);
        assertEquals(transformed, Files.readString(deployed));
    }

    @Test
    void everyStepRunsOnEveryTargetAndEachTargetIsJournaledApart() throws Exception {
        var siteA = new dev.stagehand.core.target.LocalTarget("site-a", temp.resolve("a"),
                dev.stagehand.core.target.LocalTarget.Durability.ON_FLUSH);
        var siteB = new dev.stagehand.core.target.LocalTarget("site-b", temp.resolve("b"),
                dev.stagehand.core.target.LocalTarget.Durability.ON_FLUSH);

        DeploymentResult result = Stagehand.configure().sources(Fixtures.resource("engine/transform"))
                .parameters(Map.of("Product.InstallationPath", "install", "Product.Web.Port", "8443"))
                .stateDirectory(temp.resolve("state")).target(siteA).target(siteB).load()
                .install(RootRequest.parse("Web"), InstallOptions.DEFAULTS);

        assertTrue(result.succeeded(), result.problems()::toString);
        for (String site : new String[] {"a", "b"}) {
            JsonNode config = new ObjectMapper().readTree(temp.resolve(site + "/install/web/www/config.json").toFile());
            assertEquals(8443, config.get("port").asInt(), site);
        }
        String steps = Files.readString(temp.resolve("state/steps.jsonl"));
        assertTrue(steps.isEmpty(), "the step lines of an installed version are dropped: " + steps);
        assertEquals(3, result.packages().get(0).steps().size());
    }

    @Test
    void aResumedDeploymentTagsAgainBeforeDeployingTheTaggedFile() throws Exception {
        Map<String, String> parameters = Map.of("Product.InstallationPath", temp.resolve("install").toString(),
                "Product.SystemName", "MES", "Marker", temp.resolve("failed-once").toString());
        Stagehand stagehand = Stagehand.configure().sources(Fixtures.resource("engine/tagged-resume"))
                .parameters(parameters).stateDirectory(temp.resolve("state")).load();
        assertEquals(Status.FAILED, stagehand.install(RootRequest.parse("App"), InstallOptions.DEFAULTS)
                .packages().get(0).status());

        DeploymentResult resumed = stagehand.install(RootRequest.parse("App"), InstallOptions.DEFAULTS);

        assertTrue(resumed.succeeded(), resumed.problems()::toString);
        assertEquals("system=MES\n", Files.readString(temp.resolve("install/app/bin/app.properties")));
    }
}
