package dev.stagehand.testkit;

import dev.stagehand.api.DeploymentException;
import dev.stagehand.api.Location;
import dev.stagehand.api.event.DeploymentEvent;
import dev.stagehand.api.event.DeploymentListener;
import dev.stagehand.api.journal.StepRecord;
import dev.stagehand.api.target.DeploymentTarget;
import dev.stagehand.core.PackageReader;
import dev.stagehand.core.RootRequest;
import dev.stagehand.core.Stagehand;
import dev.stagehand.core.journal.InMemoryDeploymentJournal;
import dev.stagehand.core.options.InstallOptions;
import dev.stagehand.core.options.OnError;
import dev.stagehand.core.result.DeploymentResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.commons.io.file.PathUtils;

/**
 * Runs one step, one package or a package source through the seven stages of the real engine,
 * with the plugins on the test's class path, and returns what happened: the result, every event,
 * the problems and the step records (with their changes) the journal received.
 *
 * <pre>{@code
 * try (StepHarness harness = StepHarness.forStep("<step type=\"WriteMarker\" file=\"/out/marker.txt\"/>")) {
 *     HarnessResult result = harness.run();
 *     assertTrue(result.succeeded(), result::report);
 *     assertEquals("installed", harness.memoryTarget().text("/out/marker.txt").orElseThrow());
 * }
 * }</pre>
 *
 * A second {@link #run()} deploys again with the same journal and state folder, as a re-run of
 * the same command would (resuming what failed, doing nothing when all is installed).
 */
public final class StepHarness implements AutoCloseable {

    /** The id and version of the package {@link #forStep} makes. */
    public static final String PACKAGE_ID = "Test.Package";
    /** The version of the package {@link #forStep} makes. */
    public static final String PACKAGE_VERSION = "1.0.0";

    private final Path scratch;
    private final Path source;
    private final String root;
    private final String stepXml;
    private final Map<String, byte[]> files = new LinkedHashMap<>();
    private final Map<String, String> variables = new LinkedHashMap<>();
    private final List<DeploymentListener> listeners = new ArrayList<>();
    private final List<Consumer<Stagehand.Configuration>> configurations = new ArrayList<>();
    private final RecordingJournal journal = new RecordingJournal(new InMemoryDeploymentJournal());
    private String packageType;
    private String packageExtra = "";
    private DeploymentTarget target = new InMemoryTarget();
    private InstallOptions options = InstallOptions.DEFAULTS;

    private StepHarness(Path source, String root, String stepXml) {
        try {
            this.scratch = Files.createTempDirectory("stagehand-harness");
        } catch (IOException e) {
            throw new DeploymentException("cannot make the harness's folder: " + e.getMessage(), Location.UNKNOWN, e);
        }
        this.source = source == null ? scratch.resolve("source") : source;
        this.root = root;
        this.stepXml = stepXml;
    }

    /**
     * One step, as a manifest writes it ({@code <step type="..." .../>}, inner elements allowed),
     * in a package {@value #PACKAGE_ID}@{@value #PACKAGE_VERSION} made for the test; add its files
     * with {@link #file}.
     *
     * @param stepXml the step element
     * @return the harness, to configure and {@link #run}
     */
    public static StepHarness forStep(String stepXml) {
        return new StepHarness(null, PACKAGE_ID, stepXml);
    }

    /**
     * The package in a folder (or zip) of the test's resources, deployed as the root.
     *
     * @param packageFolder the package's folder or zip
     * @return the harness, to configure and {@link #run}
     * @throws IOException when the package cannot be read
     */
    public static StepHarness forPackage(Path packageFolder) throws IOException {
        String id = PackageReader.read(packageFolder).manifest().id();
        if (Files.isDirectory(packageFolder)) {
            // A package folder is a source of one package: the engine deploys it where it lies.
            return new StepHarness(packageFolder, id, null);
        }
        // A source is a folder, so a zip gets one of its own in the harness's folder.
        StepHarness harness = new StepHarness(null, id, null);
        Files.createDirectories(harness.source);
        Files.copy(packageFolder, harness.source.resolve(packageFolder.getFileName()));
        return harness;
    }

    /**
     * The root package {@code root} (ID or ID@VERSION) of a package source folder, and all it needs.
     *
     * @param sourceFolder a package source folder
     * @param root the root package to deploy
     * @return the harness, to configure and {@link #run}
     */
    public static StepHarness forSource(Path sourceFolder, String root) {
        return new StepHarness(sourceFolder, root, null);
    }

    /**
     * A file of the package {@link #forStep} makes, by its path in the package.
     *
     * @param relativePath the file's path in the package, with {@code /}
     * @param content the file's text, written as UTF-8
     * @return this harness
     */
    public StepHarness file(String relativePath, String content) {
        return file(relativePath, content.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * A file of the package {@link #forStep} makes, as bytes.
     *
     * @param relativePath the file's path in the package, with {@code /}
     * @param content the file's bytes
     * @return this harness
     */
    public StepHarness file(String relativePath, byte[] content) {
        requireMadePackage("file");
        files.put(relativePath, content.clone());
        return this;
    }

    /**
     * The {@code packageType} of the package {@link #forStep} makes.
     *
     * @param type the package type
     * @return this harness
     */
    public StepHarness packageType(String type) {
        requireMadePackage("packageType");
        this.packageType = type;
        return this;
    }

    /**
     * More elements of the made package's manifest, as XML ({@code <targetDirectory>/app</targetDirectory>}).
     *
     * @param elements the elements, placed in the manifest's root
     * @return this harness
     */
    public StepHarness manifestXml(String elements) {
        requireMadePackage("manifestXml");
        this.packageExtra = elements;
        return this;
    }

    /**
     * A variable value, as parameters.json gives it.
     *
     * @param name the variable's name
     * @param value its value
     * @return this harness
     */
    public StepHarness variable(String name, String value) {
        variables.put(name, value);
        return this;
    }

    /**
     * Several variable values, as parameters.json gives them.
     *
     * @param values name to value
     * @return this harness
     */
    public StepHarness variables(Map<String, String> values) {
        variables.putAll(values);
        return this;
    }

    /**
     * The target (default: a fresh {@link InMemoryTarget}).
     *
     * @param value the target the steps run on
     * @return this harness
     */
    public StepHarness target(DeploymentTarget value) {
        this.target = value;
        return this;
    }

    /** {@return the in-memory target the harness deploys onto, unless another was given} */
    public InMemoryTarget memoryTarget() {
        if (target instanceof InMemoryTarget memory) {
            return memory;
        }
        throw new IllegalStateException("the harness deploys onto " + target.name() + ", not an in-memory target");
    }

    /**
     * What the deployment does when a package fails (default: abort).
     *
     * @param value abort or continue with the packages that do not depend on it
     * @return this harness
     */
    public StepHarness onError(OnError value) {
        this.options = options.withOnError(value);
        return this;
    }

    /**
     * Plan and validate only.
     *
     * @return this harness
     */
    public StepHarness dryRun() {
        this.options = options.withDryRun(true);
        return this;
    }

    /**
     * Another listener of the deployment's events, besides the harness's own.
     *
     * @param listener receives every event as it happens
     * @return this harness
     */
    public StepHarness listener(DeploymentListener listener) {
        listeners.add(listener);
        return this;
    }

    /**
     * Anything else the embedding API configures (secrets, a class loader, a clock).
     *
     * @param configuration changes the configuration before the deployment loads
     * @return this harness
     */
    public StepHarness configure(Consumer<Stagehand.Configuration> configuration) {
        configurations.add(configuration);
        return this;
    }

    /** {@return the folder of state (journal key, lock, caches) kept between runs} */
    public Path stateDirectory() {
        return scratch.resolve("state");
    }

    /** {@return the journal every run writes to} */
    public InMemoryDeploymentJournal journal() {
        return journal.delegate();
    }

    /**
     * Deploys; what happened. Problems are in the result, as the embedding API gives them.
     *
     * @return the result, with every event and step record of the run
     * @throws IOException when the package cannot be written or the deployment's files fail
     * @throws InterruptedException when the thread is interrupted while the deployment runs
     */
    public HarnessResult run() throws IOException, InterruptedException {
        writePackage();
        List<DeploymentEvent> events = Collections.synchronizedList(new ArrayList<>());
        journal.startRecording();
        Stagehand.Configuration configuration = Stagehand.configure().sources(source).parameters(variables)
                .environment(Map.of()).stateDirectory(stateDirectory()).journal(journal).target(target)
                .listener(events::add);
        listeners.forEach(configuration::listener);
        configurations.forEach(c -> c.accept(configuration));
        DeploymentResult result;
        try (Stagehand stagehand = configuration.load()) {
            result = stagehand.install(RootRequest.parse(root), options);
        }
        List<StepRecord> steps = journal.stopRecording();
        return new HarnessResult(result, List.copyOf(events), steps);
    }

    /** Written before every run, so that a file given between runs is deployed by the next, as an edited package would be. */
    private void writePackage() throws IOException {
        if (stepXml == null) {
            return;
        }
        MadePackage.write(source.resolve(PACKAGE_ID + "." + PACKAGE_VERSION), stepXml, packageType, packageExtra, files);
    }

    private void requireMadePackage(String what) {
        if (stepXml == null) {
            throw new IllegalStateException(what + " is for the package forStep makes; this harness deploys " + root);
        }
    }

    /** Removes the harness's folders. */
    @Override
    public void close() throws IOException {
        if (Files.exists(scratch)) {
            PathUtils.deleteDirectory(scratch);
        }
    }
}
