package dev.stagehand.core.internal.engine;

import dev.stagehand.api.DeploymentException;
import dev.stagehand.api.Location;
import dev.stagehand.api.PipelineStage;
import dev.stagehand.api.Problem;
import dev.stagehand.api.database.DatabaseTypes;
import dev.stagehand.api.event.DeploymentEvent;
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
import dev.stagehand.core.internal.content.DefaultPackageContent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import dev.stagehand.api.spi.UndoStore;
import org.slf4j.Logger;

/** The context of one step on one target; the engine sets its stage before each call. */
final class DefaultStepContext implements StepContext {

    /** Progress events at most this often, unless the work is done. */
    private static final long PROGRESS_INTERVAL_NANOS = 100_000_000L;

    private final Deployment deployment;
    private final PackageRun pkg;
    private final StepRun run;
    private final Location location;
    private final Attributes attributes;
    private final List<XmlElement> children;
    private final Logger log;
    private final Path workDirectory;
    private final DefaultStore store;
    private final List<ChangeRecord> changes = new ArrayList<>();
    private PipelineStage stage = PipelineStage.INITIALIZE;
    private int errorsInStage;
    private Problem firstError;
    private long lastProgress;
    private StepResult result;

    DefaultStepContext(Deployment deployment, PackageRun pkg, StepRun run, Location location, Attributes attributes,
                       List<XmlElement> children, Logger log, Path workDirectory) {
        this.deployment = deployment;
        this.pkg = pkg;
        this.run = run;
        this.location = location;
        this.attributes = attributes;
        this.children = List.copyOf(children);
        this.log = log;
        this.workDirectory = workDirectory;
        this.store = new DefaultStore(location, deployment.variables()::mask);
    }

    /** Starts a stage: from now on errors reported are this stage's. */
    void enter(PipelineStage next) {
        this.stage = next;
        this.errorsInStage = 0;
        this.firstError = null;
    }

    /** The first error reported in the current stage, if any. */
    Optional<Problem> errorReported() {
        return errorsInStage == 0 ? Optional.empty() : Optional.of(firstError);
    }

    /** The changes recorded since the last call, for the journal. */
    List<ChangeRecord> takeChanges() {
        List<ChangeRecord> taken = List.copyOf(changes);
        changes.clear();
        return taken;
    }

    void result(StepResult value) {
        this.result = value;
    }

    DefaultStore stepStore() {
        return store;
    }

    /** The package's content as the engine made it (which files this run changed, for fingerprints). */
    DefaultPackageContent packageContent() {
        return pkg.content;
    }

    @Override
    public PipelineStage stage() {
        return stage;
    }

    @Override
    public StepDescriptor step() {
        return run.step;
    }

    @Override
    public PackageManifest manifest() {
        return pkg.planned.manifest();
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
        return pkg.content;
    }

    @Override
    public Variables variables() {
        return pkg.variables;
    }

    @Override
    public DeploymentTarget target() {
        return run.target;
    }

    @Override
    public PackageAction action() {
        return pkg.planned.action();
    }

    @Override
    public Logger log() {
        return log;
    }

    @Override
    public ProblemReporter problems() {
        return new SinkProblemReporter(location, this::problem);
    }

    private synchronized void problem(Problem problem) {
        if (problem.isError()) {
            if (errorsInStage++ == 0) {
                firstError = new Problem(problem.severity(), deployment.mask(problem.message()), problem.location());
            }
        }
        deployment.report(problem);
    }

    @Override
    public synchronized void progress(long done, long total, String unit) {
        long now = System.nanoTime();
        if (done < total && now - lastProgress < PROGRESS_INTERVAL_NANOS) {
            return;
        }
        lastProgress = now;
        deployment.emit(new DeploymentEvent.StepProgress(deployment.now(), deployment.id(), location, done, total,
                unit));
    }

    @Override
    public void detail(String text) {
        run.detail = text == null ? "" : deployment.mask(text);
    }

    @Override
    public void notice(String text) {
        deployment.emit(new DeploymentEvent.StepNotice(deployment.now(), deployment.id(), stage, location, text));
    }

    @Override
    public void output(boolean error, String line) {
        String text = line == null ? "" : line;
        if (error) {
            log().warn("{}", text);
        } else {
            log().info("{}", text);
        }
        deployment.emit(new DeploymentEvent.StepOutput(deployment.now(), deployment.id(), stage, location, error, text));
    }

    @Override
    public Path workDirectory() {
        try {
            return Files.createDirectories(workDirectory);
        } catch (IOException e) {
            throw new DeploymentException("cannot make the step's work folder " + workDirectory + ": "
                    + e.getMessage(), location, e);
        }
    }

    @Override
    public Path cacheDirectory() {
        Path cache = deployment.run.cacheRoot();
        try {
            return Files.createDirectories(cache);
        } catch (IOException e) {
            throw new DeploymentException("cannot make the cache folder " + cache + ": " + e.getMessage(), location,
                    e);
        }
    }

    @Override
    public Store store(Store.Scope scope) {
        return switch (scope) {
            case GROUP -> deployment.group;
            case DEPLOYMENT -> deployment.store;
            case PACKAGE -> pkg.store;
            case STEP -> store;
        };
    }

    @Override
    public void recordChange(ChangeRecord change) {
        changes.add(new ChangeRecord(change.kind(), deployment.mask(change.target()), deployment.mask(change.detail())));
    }

    @Override
    public Optional<UndoStore> undoStore() {
        return Optional.ofNullable(deployment.undo);
    }

    @Override
    public List<StepRecord> recordedChanges() {
        return pkg.recordedChanges(deployment);
    }

    @Override
    public Optional<PlannedChange> plannedBefore(ChangeKind kind, String name) {
        return deployment.plannedChanges.before(run.order, kind, name);
    }

    @Override
    public ScriptHandlers scriptHandlers() {
        return deployment.plugins();
    }

    @Override
    public DatabaseTypes databaseTypes() {
        return deployment.plugins();
    }

    @Override
    public Optional<StepResult> result() {
        return Optional.ofNullable(result);
    }

    @Override
    public String deploymentId() {
        return deployment.id();
    }

    @Override
    public boolean dryRun() {
        return deployment.options().dryRun();
    }
}
