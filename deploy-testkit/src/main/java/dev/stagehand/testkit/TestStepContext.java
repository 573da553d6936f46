package dev.stagehand.testkit;

import dev.stagehand.api.Location;
import dev.stagehand.api.PipelineStage;
import dev.stagehand.api.Problem;
import dev.stagehand.api.database.DatabaseTypes;
import dev.stagehand.api.journal.ChangeRecord;
import dev.stagehand.api.journal.StepRecord;
import dev.stagehand.api.model.Attributes;
import dev.stagehand.api.model.PackageManifest;
import dev.stagehand.api.model.StepDescriptor;
import dev.stagehand.api.model.XmlElement;
import dev.stagehand.api.spi.ChangeKind;
import dev.stagehand.api.spi.PackageAction;
import dev.stagehand.api.spi.PackageContent;
import dev.stagehand.api.spi.PlannedChange;
import dev.stagehand.api.spi.ProblemReporter;
import dev.stagehand.api.spi.ScriptHandlers;
import dev.stagehand.api.spi.StepContext;
import dev.stagehand.api.spi.StepResult;
import dev.stagehand.api.spi.Store;
import dev.stagehand.api.spi.Variables;
import dev.stagehand.api.target.DeploymentTarget;
import dev.stagehand.api.DeploymentException;
import dev.stagehand.core.internal.content.DefaultPackageContent;
import dev.stagehand.core.internal.engine.StepInputs;
import dev.stagehand.core.internal.engine.DefaultStore;
import dev.stagehand.core.internal.plugins.PluginRegistry;
import dev.stagehand.core.internal.variables.PackageVariables;
import dev.stagehand.core.internal.variables.VariableSet;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.commons.io.file.PathUtils;
import org.slf4j.Logger;

/**
 * A {@link StepContext} made by {@link StepContexts}: it records what the handler reports
 * (problems, changes, details, notices, progress) for the test to assert on. Its stores close,
 * and its folders go, when it is closed.
 */
public final class TestStepContext implements StepContext, AutoCloseable {

    private static final String DEPLOYMENT_ID = "test-deployment";

    private final PackageManifest manifest;
    private final StepDescriptor step;
    private final Location location;
    private final PackageContent content;
    private final PackageVariables variables;
    private final PluginRegistry plugins;
    private final DeploymentTarget target;
    private final Attributes attributes;
    private final List<XmlElement> children;
    private final Logger log;
    private final boolean dryRun;
    private final Path scratch;
    private final Map<Store.Scope, DefaultStore> stores = new LinkedHashMap<>();
    private final List<Problem> reported = Collections.synchronizedList(new ArrayList<>());
    private final List<ChangeRecord> changes = Collections.synchronizedList(new ArrayList<>());
    private final List<String> notices = Collections.synchronizedList(new ArrayList<>());
    private final List<long[]> progress = Collections.synchronizedList(new ArrayList<>());
    private final List<String> output = Collections.synchronizedList(new ArrayList<>());
    private PipelineStage stage;
    private String detail = "";
    private StepResult result;

    TestStepContext(StepContexts.Builder builder, PackageManifest manifest, StepDescriptor step, Path packageFolder,
                    Path scratch) {
        this.manifest = manifest;
        this.step = step;
        this.location = step.location().withPackage(manifest.id(), manifest.version());
        this.scratch = scratch;
        this.content = new DefaultPackageContent(packageFolder, scratch.resolve("changed"));
        this.plugins = PluginRegistry.load(Thread.currentThread().getContextClassLoader(), Map.of());
        // As a deployment makes them: the given values over the package's UI defaults over the built-ins.
        VariableSet set = VariableSet.ofDeployment(Map.of(), builder.variables, List.of(manifest), DEPLOYMENT_ID,
                plugins.declaredSecrets());
        this.variables = new PackageVariables(set, set.packageBuiltIns(manifest), location, plugins);
        StepInputs inputs = StepInputs.of(step, variables, variables::mask);
        if (!inputs.undefined().isEmpty()) {
            // A deployment stops such a step in Validate and never calls its handler; neither may a test.
            throw new DeploymentException(String.join("; ", inputs.undefined()), location);
        }
        this.target = builder.target;
        this.stage = builder.stage;
        this.dryRun = builder.dryRun;
        this.attributes = inputs.attributes();
        this.children = inputs.children();
        this.log = inputs.log();
        for (Store.Scope scope : Store.Scope.values()) {
            stores.put(scope, new DefaultStore(scope.name().toLowerCase(java.util.Locale.ROOT), variables::mask));
        }
    }

    /**
     * Sets the stage the context says it is in.
     *
     * @param value the stage
     * @return this context
     */
    public TestStepContext stage(PipelineStage value) {
        this.stage = value;
        return this;
    }

    /**
     * Sets what {@link #result()} answers (in Cleanup).
     *
     * @param value the result {@link #result()} answers
     * @return this context
     */
    public TestStepContext result(StepResult value) {
        this.result = value;
        return this;
    }

    /** {@return every problem the handler reported, in order} */
    public List<Problem> reported() {
        return List.copyOf(reported);
    }

    /** {@return the errors among them} */
    public List<Problem> errors() {
        return reported().stream().filter(Problem::isError).toList();
    }

    /** {@return the changes the handler recorded} */
    public List<ChangeRecord> changes() {
        return List.copyOf(changes);
    }

    /** {@return the last detail the handler gave} */
    public String lastDetail() {
        return detail;
    }

    /** {@return the notices the handler gave, in order} */
    public List<String> notices() {
        return List.copyOf(notices);
    }

    /** {@return each line of process output the handler passed on, masked, error lines prefixed {@code "err: "}} */
    public List<String> output() {
        return List.copyOf(output);
    }

    /** {@return each progress report as {@code {done, total}}} */
    public List<long[]> progressReports() {
        return List.copyOf(progress);
    }

    @Override
    public PipelineStage stage() {
        return stage;
    }

    @Override
    public StepDescriptor step() {
        return step;
    }

    @Override
    public PackageManifest manifest() {
        return manifest;
    }

    @Override
    public Location location() {
        return location;
    }

    @Override
    public Attributes attributes() {
        return attributes;
    }

    @Override
    public List<XmlElement> children() {
        return children;
    }

    @Override
    public PackageContent content() {
        return content;
    }

    @Override
    public Variables variables() {
        return variables;
    }

    @Override
    public DeploymentTarget target() {
        return target;
    }

    @Override
    public PackageAction action() {
        return new PackageAction(PackageAction.Kind.NEW, null, manifest.version());
    }

    @Override
    public Logger log() {
        return log;
    }

    @Override
    public ProblemReporter problems() {
        return new ProblemReporter() {
            @Override
            public void error(String message) {
                reported.add(Problem.error(message, location));
            }

            @Override
            public void warning(String message) {
                reported.add(Problem.warning(message, location));
            }

            @Override
            public void error(String message, Location at) {
                reported.add(Problem.error(message, at));
            }

            @Override
            public void warning(String message, Location at) {
                reported.add(Problem.warning(message, at));
            }
        };
    }

    @Override
    public void progress(long done, long total, String unit) {
        progress.add(new long[] {done, total});
    }

    @Override
    public void detail(String text) {
        this.detail = text;
    }

    @Override
    public void notice(String text) {
        notices.add(text);
    }

    @Override
    public void output(boolean error, String line) {
        String masked = variables().mask(line == null ? "" : line);
        output.add(error ? "err: " + masked : masked);
    }

    @Override
    public Path workDirectory() {
        return folder("work");
    }

    @Override
    public Path cacheDirectory() {
        return folder("cache");
    }

    private Path folder(String name) {
        try {
            return Files.createDirectories(scratch.resolve(name));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Override
    public Store store(Store.Scope scope) {
        return stores.get(scope);
    }

    @Override
    public void recordChange(ChangeRecord change) {
        changes.add(change);
    }

    @Override
    public List<StepRecord> recordedChanges() {
        return List.of();
    }

    @Override
    public Optional<PlannedChange> plannedBefore(ChangeKind kind, String name) {
        return Optional.empty();
    }

    @Override
    public ScriptHandlers scriptHandlers() {
        return plugins;
    }

    @Override
    public DatabaseTypes databaseTypes() {
        return plugins;
    }

    @Override
    public Optional<StepResult> result() {
        return Optional.ofNullable(result);
    }

    @Override
    public String deploymentId() {
        return DEPLOYMENT_ID;
    }

    @Override
    public boolean dryRun() {
        return dryRun;
    }

    /** Closes the stores' closeable values (step, package, deployment, group) and removes the context's folders. */
    @Override
    public void close() throws IOException {
        // In the engine's order: a step's values may use its package's or its deployment's, never the reverse.
        for (Store.Scope scope : List.of(Store.Scope.STEP, Store.Scope.PACKAGE, Store.Scope.DEPLOYMENT,
                Store.Scope.GROUP)) {
            stores.get(scope).close();
        }
        if (Files.exists(scratch)) {
            PathUtils.deleteDirectory(scratch);
        }
    }
}
