package dev.stagehand.core.internal.steps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stagehand.api.Problem;
import dev.stagehand.api.ValidationException;
import dev.stagehand.core.Fixtures;
import dev.stagehand.core.testing.TestStepContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TransformFileStepHandlerTest {

    private static final Path CLIMBING = Fixtures.resource("steps/transform-file/climbing");

    private final TransformFileStepHandler handler = new TransformFileStepHandler();

    @TempDir
    Path temp;

    private TestStepContext context(String sub) throws Exception {
        Path copy = TestStepContext.copyOfPackage(CLIMBING, temp.resolve("package"));
        return TestStepContext.forPackage(copy).step(1)
                .variable("Target", temp.resolve("target").toString().replace('\\', '/'))
                .variable("Sub", sub).build();
    }

    @Test
    void aRelativePathThatClimbsOutThroughAVariableIsRefusedInValidate() throws Exception {
        Files.createDirectories(temp.resolve("target/outside"));
        Files.writeString(temp.resolve("target/outside/app.json"), "{}");
        TestStepContext context = context("../outside");

        handler.validate(context);

        List<Problem> errors = context.errors();
        assertEquals(1, errors.size(), errors::toString);
        assertTrue(errors.get(0).message().startsWith("relativePath '../outside' and file 'app.json' climb out of the"
                + " target directory"), errors.get(0).message());
        assertEquals("{}", Files.readString(temp.resolve("target/outside/app.json")));
    }

    @Test
    void aRelativePathInsideTheTargetPassesValidate() throws Exception {
        TestStepContext context = context("config");

        handler.validate(context);

        assertEquals(List.of(), context.errors());
    }

    @Test
    void planningRefusesTheStepAsWrittenOnceVariablesAreKnown() throws Exception {
        TestStepContext context = context("../../etc");

        ValidationException e = assertThrows(ValidationException.class, () -> handler.plannedChanges(
                new dev.stagehand.api.spi.PlanningContext() {
                    public dev.stagehand.api.model.StepDescriptor step() {
                        return context.step();
                    }

                    public dev.stagehand.api.model.PackageManifest manifest() {
                        return context.manifest();
                    }

                    public dev.stagehand.api.model.Attributes attributes() {
                        return context.attributes();
                    }

                    public dev.stagehand.api.spi.Variables variables() {
                        return context.variables();
                    }

                    public dev.stagehand.api.target.DeploymentTarget target() {
                        return context.target();
                    }
                }));

        assertTrue(e.problems().get(0).message().contains("climb out of the target directory"), e.getMessage());
    }
}
