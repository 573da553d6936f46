package dev.stagehand.core.internal.engine;

import dev.stagehand.api.DeploymentException;
import dev.stagehand.api.Location;
import dev.stagehand.api.PipelineStage;
import dev.stagehand.api.Problem;
import dev.stagehand.api.event.DeploymentListener;
import dev.stagehand.api.journal.ChangeRecord;
import dev.stagehand.api.model.Attributes;
import dev.stagehand.api.model.PackageManifest;
import dev.stagehand.api.model.StepDescriptor;
import dev.stagehand.api.spi.InstallMode;
import dev.stagehand.api.spi.PackageContent;
import dev.stagehand.api.spi.ProblemReporter;
import dev.stagehand.api.spi.ScriptHandlers;
import dev.stagehand.api.spi.StepContext;
import dev.stagehand.api.spi.Variables;
import dev.stagehand.api.target.DeploymentTarget;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;

/** The context of one step; the engine sets its stage before each call. */
final class DefaultStepContext implements StepContext {

    private final StepDescriptor step;
    private final PackageManifest manifest;
    private final Location location;
    private final Attributes attributes;
    private final PackageContent content;
    private final Variables variables;
    private final DeploymentTarget target;
    private final InstallMode mode;
    private final Logger log;
    private final DeploymentListener listener;
    private final Path workDirectory;
    private final Path cacheDirectory;
    private final ScriptHandlers scripts;
    private final String deploymentId;
    private final boolean dryRun;
    private final Consumer<Problem> problemSink;
    private final Map<String, Object> state = new HashMap<>();
    private final List<ChangeRecord> changes = new ArrayList<>();
    private PipelineStage stage = PipelineStage.INITIALIZE;

    DefaultStepContext(StepDescriptor step, PackageManifest manifest, Location location, Attributes attributes,
                       PackageContent content, Variables variables, DeploymentTarget target, InstallMode mode,
                       Logger log, DeploymentListener listener, Path workDirectory, Path cacheDirectory,
                       ScriptHandlers scripts,
                       String deploymentId, boolean dryRun, Consumer<Problem> problemSink) {
        this.step = step;
        this.manifest = manifest;
        this.location = location;
        this.attributes = attributes;
        this.content = content;
        this.variables = variables;
        this.target = target;
        this.mode = mode;
        this.log = log;
        this.listener = listener;
        this.workDirectory = workDirectory;
        this.cacheDirectory = cacheDirectory;
        this.scripts = scripts;
        this.deploymentId = deploymentId;
        this.dryRun = dryRun;
        this.problemSink = problemSink;
    }

    void enter(PipelineStage next) {
        this.stage = next;
    }

    /** The changes recorded since the last call, for the journal. */
    List<ChangeRecord> takeChanges() {
        List<ChangeRecord> taken = List.copyOf(changes);
        changes.clear();
        return taken;
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
    public String requiredAttribute(String name) {
        return attributes.get(name).filter(v -> !v.isBlank()).orElseThrow(() -> new DeploymentException(
                "step " + step.type() + " needs the attribute " + name, location));
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
    public InstallMode installMode() {
        return mode;
    }

    @Override
    public Logger log() {
        return log;
    }

    @Override
    public DeploymentListener listener() {
        return listener;
    }

    @Override
    public ProblemReporter problems() {
        return new SinkProblemReporter(location, problemSink);
    }

    @Override
    public Path workDirectory() {
        try {
            return Files.createDirectories(workDirectory);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public Path cacheDirectory() {
        try {
            return Files.createDirectories(cacheDirectory);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public Map<String, Object> state() {
        return state;
    }

    @Override
    public void recordChange(ChangeRecord change) {
        changes.add(change);
    }

    @Override
    public ScriptHandlers scriptHandlers() {
        return scripts;
    }

    @Override
    public String deploymentId() {
        return deploymentId;
    }

    @Override
    public boolean dryRun() {
        return dryRun;
    }
}
