package dev.stagehand.testkit;

import dev.stagehand.api.DeploymentException;
import dev.stagehand.api.Location;
import dev.stagehand.api.PipelineStage;
import dev.stagehand.api.model.PackageManifest;
import dev.stagehand.api.target.DeploymentTarget;
import dev.stagehand.core.PackageReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.commons.io.file.PathUtils;

/**
 * Builds a {@link TestStepContext} for calling one handler method directly (a unit test of its
 * Validate, say), with the variables, package files and target the test gives; attributes and
 * inner elements are expanded as the engine expands them. For running a step through its stages
 * as a deployment does, use {@link StepHarness}.
 *
 * <pre>{@code
 * try (TestStepContext context = StepContexts.forStep("<step type=\"RunSql\" contentPath=\"a.sql\"/>")
 *         .file("a.sql", "SELECT 1;").variable("Product.Database.Online.Url", url).build()) {
 *     new RunSqlStepHandler().validate(context);
 *     assertEquals(List.of(), context.reported());
 * }
 * }</pre>
 */
public final class StepContexts {

    private StepContexts() {
    }

    /** A context for one step written as a manifest writes it, in a package made for the test. */
    public static Builder forStep(String stepXml) {
        return new Builder(null, stepXml);
    }

    /** A context for a step (default the first) of a package folder of the test's resources. */
    public static Builder forPackage(Path packageFolder) {
        return new Builder(packageFolder, null);
    }

    /** What the context is made of. */
    public static final class Builder {
        private final Path packageFolder;
        private final String stepXml;
        private final Map<String, byte[]> files = new LinkedHashMap<>();
        final Map<String, String> variables = new LinkedHashMap<>();
        int stepIndex = 1;
        DeploymentTarget target = new InMemoryTarget();
        PipelineStage stage = PipelineStage.VALIDATE;
        boolean dryRun;
        String packageExtra = "";

        private Builder(Path packageFolder, String stepXml) {
            this.packageFolder = packageFolder;
            this.stepXml = stepXml;
        }

        /** The 1-based index of the step in the package (default 1). */
        public Builder step(int index) {
            this.stepIndex = index;
            return this;
        }

        public Builder variable(String name, String value) {
            variables.put(name, value);
            return this;
        }

        public Builder variables(Map<String, String> values) {
            variables.putAll(values);
            return this;
        }

        /** A file of the package {@link #forStep} makes. */
        public Builder file(String relativePath, String content) {
            requireMadePackage("file");
            files.put(relativePath, content.getBytes(StandardCharsets.UTF_8));
            return this;
        }

        /** More elements of the made package's manifest, as XML. */
        public Builder manifestXml(String elements) {
            requireMadePackage("manifestXml");
            this.packageExtra = elements;
            return this;
        }

        // A package folder of the test's resources is used as it is: nothing may be added to it unseen.
        private void requireMadePackage(String what) {
            if (stepXml == null) {
                throw new IllegalStateException(what + " is for the package forStep makes; this context is for "
                        + packageFolder);
            }
        }

        /** The target (default: a fresh {@link InMemoryTarget}). */
        public Builder target(DeploymentTarget value) {
            this.target = value;
            return this;
        }

        /** The stage the context says it is in (default Validate). */
        public Builder stage(PipelineStage value) {
            this.stage = value;
            return this;
        }

        public Builder dryRun(boolean value) {
            this.dryRun = value;
            return this;
        }

        /** The context; close it to close its stores and remove its folders. */
        public TestStepContext build() throws IOException {
            Path scratch = Files.createTempDirectory("stagehand-context");
            try {
                return build(scratch);
            } catch (IOException | RuntimeException e) {
                PathUtils.deleteDirectory(scratch);
                throw e;
            }
        }

        private TestStepContext build(Path scratch) throws IOException {
            Path folder = packageFolder;
            if (folder == null) {
                folder = scratch.resolve("package");
                MadePackage.write(folder, stepXml, null, packageExtra, files);
            }
            PackageManifest manifest = PackageReader.read(folder).manifest();
            if (stepIndex < 1 || stepIndex > manifest.steps().size()) {
                throw new DeploymentException("the package has no step " + stepIndex, Location.UNKNOWN);
            }
            return new TestStepContext(this, manifest, manifest.steps().get(stepIndex - 1), folder, scratch);
        }
    }
}
