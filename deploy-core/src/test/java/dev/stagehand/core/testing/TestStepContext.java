package dev.stagehand.core.testing;

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
import dev.stagehand.api.spi.PlannedChange;
import dev.stagehand.api.spi.StepResult;
import dev.stagehand.api.spi.Store;
import dev.stagehand.api.spi.PackageContent;
import dev.stagehand.api.spi.ProblemReporter;
import dev.stagehand.api.spi.ScriptHandlers;
import dev.stagehand.api.spi.StepContext;
import dev.stagehand.api.spi.Variables;
import dev.stagehand.api.target.DeploymentTarget;
import dev.stagehand.core.PackageReader;
import dev.stagehand.core.internal.content.DefaultPackageContent;
import dev.stagehand.core.internal.engine.DefaultStore;
import dev.stagehand.core.internal.plugins.PluginRegistry;
import dev.stagehand.core.internal.variables.PackageVariables;
import dev.stagehand.core.internal.variables.VariableSet;
import dev.stagehand.core.target.LocalTarget;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link StepContext} for one step of a real package folder, recording the problems and
 * changes a handler reports. Build it with {@link #forPackage}.
 */
public final class TestStepContext implements StepContext {

    private final PackageManifest manifest;
    private final StepDescriptor step;
    private final PackageContent content;
    private final Path packageFolderCache;
    private final VariableSet variables;
    private final DeploymentTarget target;
    private final Path workDirectory;
    private final boolean dryRun;
    private final Attributes attributes;
    private final Location location;
    private PipelineStage stage = PipelineStage.VALIDATE;
    private final Map<Store.Scope, Store> stores = new HashMap<>();
    private final List<ChangeRecord> changes = new ArrayList<>();
    private final List<Problem> problems = new ArrayList<>();

    private TestStepContext(Builder builder) throws IOException {
        this.manifest = PackageReader.read(builder.packageFolder).manifest();
        this.step = manifest.steps().get(builder.stepIndex - 1);
        // Caches and changed copies go to a private temporary folder, never beside a fixture.
        this.packageFolderCache = CACHES.computeIfAbsent(builder.packageFolder.toAbsolutePath().normalize(),
                p -> scratch("cache"));
        // Changed files go to a folder beside the package, as the engine's work folder does.
        this.content = content(builder.packageFolder);
        this.variables = new VariableSet(builder.variables, List.of(), Map.of(), Set.of());
        this.target = builder.target;
        this.workDirectory = builder.workDirectory;
        this.dryRun = builder.dryRun;
        this.attributes = step.attributes().mapValues(variables::expandKnown);
        this.location = step.location().withPackage(manifest.id(), manifest.version())
                .withStep(step.index(), step.type());
    }

    /** A context for a step of the package in {@code packageFolder} (use a copy when the handler changes it). */
    public static Builder forPackage(Path packageFolder) {
        return new Builder(packageFolder);
    }

    /** Copies a fixture package folder into {@code into}, so that handlers may change the copy. */
    public static Path copyOfPackage(Path fixture, Path into) throws IOException {
        try (Stream<Path> files = Files.walk(fixture)) {
            for (Path source : files.toList()) {
                Path copy = into.resolve(fixture.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(copy);
                } else {
                    Files.copy(source, copy);
                }
            }
        }
        return into;
    }

    public static final class Builder {

        private final Path packageFolder;
        private int stepIndex = 1;
        private final Map<String, String> variables = new HashMap<>();
        private DeploymentTarget target;
        private Path workDirectory;
        private boolean dryRun;

        private Builder(Path packageFolder) {
            this.packageFolder = packageFolder;
            this.target = new LocalTarget(packageFolder);
        }

        /** The 1-based index of the step in the manifest (default 1). */
        public Builder step(int index) {
            this.stepIndex = index;
            return this;
        }

        public Builder variable(String name, String value) {
            variables.put(name, value);
            return this;
        }

        public Builder target(DeploymentTarget target) {
            this.target = target;
            return this;
        }

        public Builder workDirectory(Path folder) {
            this.workDirectory = folder;
            return this;
        }

        public Builder dryRun(boolean dryRun) {
            this.dryRun = dryRun;
            return this;
        }

        public TestStepContext build() throws IOException {
            return new TestStepContext(this);
        }
    }

    /** Moves on to another stage, as the engine does between calls. */
    public TestStepContext in(PipelineStage next) {
        this.stage = next;
        return this;
    }

    /** The changes recorded so far, in order. */
    public List<ChangeRecord> changes() {
        return List.copyOf(changes);
    }

    /** The problems reported so far, in order. */
    public List<Problem> reported() {
        return List.copyOf(problems);
    }

    public List<Problem> errors() {
        return problems.stream().filter(Problem::isError).toList();
    }

    public List<Problem> warnings() {
        return problems.stream().filter(p -> !p.isError()).toList();
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

    /**
     * The content of a package folder, with its changed-copies folder: one per folder for the
     * whole test run, so that the contexts a test builds one after another see each other's
     * changes, as the steps of one deployment do.
     */
    private static final java.util.Map<Path, DefaultPackageContent> CONTENTS =
            new java.util.concurrent.ConcurrentHashMap<>();
    /** Likewise the cache folder, which outlives a deployment as the state folder's does. */
    private static final java.util.Map<Path, Path> CACHES = new java.util.concurrent.ConcurrentHashMap<>();

    /** One content per package folder, as in a deployment: a step sees the copies an earlier step changed. */
    private static DefaultPackageContent content(Path packageFolder) {
        return CONTENTS.computeIfAbsent(packageFolder.toAbsolutePath().normalize(),
                p -> new DefaultPackageContent(p, scratch("changed")));
    }

    /**
     * The folders these contexts share live under the module's build folder, never the system temp
     * folder: a test JVM that is killed leaves them where {@code mvn clean} removes them.
     */
    private static final Path SCRATCH = Path.of("target", "test-scratch").toAbsolutePath();

    private static Path scratch(String what) {
        try {
            Path folder = Files.createTempDirectory(Files.createDirectories(SCRATCH), what);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    org.apache.commons.io.file.PathUtils.deleteDirectory(folder);
                } catch (IOException e) {
                    System.err.println("could not remove " + folder + ": " + e);
                }
            }));
            return folder;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Override
    public Path cacheDirectory() {
        try {
            return Files.createDirectories(packageFolderCache);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Override
    public PackageContent content() {
        return content;
    }

    @Override
    public Variables variables() {
        return new PackageVariables(variables, variables.packageBuiltIns(manifest), location, PLUGINS);
    }

    private static final PluginRegistry PLUGINS = PluginRegistry.load(TestStepContext.class.getClassLoader(), Map.of());

    @Override
    public DeploymentTarget target() {
        return target;
    }

    @Override
    public PackageAction action() {
        return new PackageAction(PackageAction.Kind.NEW, null, manifest.version());
    }

    @Override
    public List<XmlElement> children() {
        return step.children();
    }

    /** Progress, details and notices are the engine's events: the tests of this context do not look at them. */
    @Override
    public void progress(long done, long total, String unit) {
    }

    @Override
    public void detail(String text) {
    }

    @Override
    public void notice(String text) {
    }

    @Override
    public void output(boolean error, String line) {
    }

    @Override
    public Store store(Store.Scope scope) {
        return stores.computeIfAbsent(scope, s -> new DefaultStore(s.name().toLowerCase(java.util.Locale.ROOT),
                variables::mask));
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
    public DatabaseTypes databaseTypes() {
        return PLUGINS;
    }

    @Override
    public Optional<StepResult> result() {
        return Optional.empty();
    }

    @Override
    public Logger log() {
        return LoggerFactory.getLogger("step " + step.type());
    }

    @Override
    public ProblemReporter problems() {
        return new dev.stagehand.core.internal.engine.SinkProblemReporter(location, problems::add);
    }

    @Override
    public Path workDirectory() {
        return workDirectory;
    }

    @Override
    public void recordChange(ChangeRecord change) {
        changes.add(change);
    }

    @Override
    public ScriptHandlers scriptHandlers() {
        return PLUGINS;
    }

    @Override
    public String deploymentId() {
        return "test-deployment";
    }

    @Override
    public boolean dryRun() {
        return dryRun;
    }
}
