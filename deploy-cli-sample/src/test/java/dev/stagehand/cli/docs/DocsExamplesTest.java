package dev.stagehand.cli.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stagehand.api.DeploymentException;
import dev.stagehand.core.Stagehand;
import dev.stagehand.core.result.DeploymentResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** docs/embedding.md shows {@link ApprovedPlanExample} as it is, and the example does what the page says. */
class DocsExamplesTest {

    private static final Path EXAMPLE = Path.of("src/test/java/dev/stagehand/cli/docs/ApprovedPlanExample.java");
    private static final Path EXAMPLES = Path.of("../docs/examples");

    @TempDir
    Path temp;

    @Test
    void theEmbeddingPageShowsTheApprovedPlanExampleAsCompiled() throws Exception {
        String source = Files.readString(EXAMPLE);
        String body = source.substring(source.indexOf("import "));
        assertTrue(Files.readString(Path.of("../docs/embedding.md")).contains("```java\n" + body + "```\n"),
                "docs/embedding.md's saved plan example differs from " + EXAMPLE);
    }

    @Test
    void anApprovedPlanRunsLaterFromItsFileAndHoldsNoSecretValue() throws Exception {
        Path parameters = parameters("docs-admin-secret");
        Path plan = temp.resolve("approved-plan.json");

        ApprovedPlanExample.save(EXAMPLES, parameters, temp.resolve("state"), "Docs.Manifest.Example", plan);
        assertFalse(Files.readString(plan).contains("docs-admin-secret"), Files.readString(plan));
        DeploymentResult result = ApprovedPlanExample.install(plan);

        assertTrue(result.succeeded(), result.problems()::toString);
        assertEquals(3, result.packages().size());
        assertTrue(Files.isRegularFile(temp.resolve("install/Example/www/settings.json")));
    }

    @Test
    void anApprovedPlanIsRefusedWhenAValueChangedAndNotWhenOnlyASecretDid() throws Exception {
        Path parameters = parameters("first-secret");
        Path plan = temp.resolve("approved-plan.json");
        ApprovedPlanExample.save(EXAMPLES, parameters, temp.resolve("state"), "Docs.Manifest.Example", plan);

        Files.writeString(parameters, Files.readString(parameters).replace("first-secret", "rotated-secret"));
        assertTrue(ApprovedPlanExample.install(plan).succeeded(), "a rotated password does not void the plan");

        Path other = temp.resolve("other-plan.json");
        Path state = temp.resolve("other-state");
        ApprovedPlanExample.save(EXAMPLES, parameters, state, "Docs.Manifest.Example", other);
        Files.writeString(parameters, Files.readString(parameters).replace("\"Docs\"", "\"Changed\""));
        DeploymentException refused = assertThrows(DeploymentException.class, () -> ApprovedPlanExample.install(other));
        assertTrue(refused.getMessage().contains("inputs that have changed"), refused.getMessage());
        try (Stagehand stagehand = Stagehand.configure().stateDirectory(state).load()) {
            assertEquals(List.of(), stagehand.status().installed(), "a refused plan installs nothing");
        }
    }

    /** The examples' parameters, deploying into this test's folder, with the given admin password. */
    private Path parameters(String adminPassword) throws Exception {
        String json = Files.readString(EXAMPLES.resolve("parameters.json"))
                .replace("\"build/docs-install\"", "\"" + temp.resolve("install") + "\"")
                .replace("docs-admin-secret", adminPassword);
        Path file = temp.resolve("parameters.json");
        Files.writeString(file, json);
        return file;
    }
}
