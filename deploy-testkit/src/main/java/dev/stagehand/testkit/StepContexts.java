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

    /**
     * A context for one step written as a manifest writes it, in a package made for the test.
     *
     * @param stepXml the step element
     * @return a builder of the context
     */
    public static Builder forStep(String stepXml) {
        return new Builder(null, stepXml);
    }

    /**
     * A context for a step (default the first) of a package folder of the test's resources.
     *
     * @param packageFolder the package's folder
     * @return a builder of the context
     */
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

        /**
         * The 1-based index of the step in the package (default 1).
         *
         * @param index the step's index
         * @return this builder
         */
        public Builder step(int index) {
            this.stepIndex = index;
            return this;
        }

        /**
         * A variable value, as parameters.json gives it.
         *
         * @param name the variable's name
         * @param value its value
         * @return this builder
         */
        public Builder variable(String name, String value) {
            variables.put(name, value);
            return this;
        }

        /**
         * Several variable values, as parameters.json gives them.
         *
         * @param values name to value
         * @return this builder
         */
        public Builder variables(Map<String, String> values) {
            variables.putAll(values);
            return this;
        }

        /**
         * A file of the package {@link #forStep} makes.
         *
         * @param relativePath the file's path in the package, with {@code /}
         * @param content the file's text, written as UTF-8
         * @return this builder
         */
        public Builder file(String relativePath, String content) {
            requireMadePackage("file");
            files.put(relativePath, content.getBytes(StandardCharsets.UTF_8));
            return this;
        }

        /**
         * More elements of the made package's manifest, as XML.
         *
         * @param elements the elements, placed in the manifest's root
         * @return this builder
         */
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

        /**
         * The target (default: a fresh {@link InMemoryTarget}).
         *
         * @param value the target the step runs on
         * @return this builder
         */
        public Builder target(DeploymentTarget value) {
            this.target = value;
            return this;
        }

        /**
         * The stage the context says it is in (default Validate).
         *
         * @param value the stage
         * @return this builder
         */
        public Builder stage(PipelineStage value) {
            this.stage = value;
            return this;
        }

        /**
         * Whether the context says the deployment only plans and validates (default false).
         *
         * @param value true for a dry run
         * @return this builder
         */
        public Builder dryRun(boolean value) {
            this.dryRun = value;
            return this;
        }

        /**
         * The context; close it to close its stores and remove its folders.
         *
         * @return the context
         * @throws IOException when the package or the context's folders cannot be written
         */
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
