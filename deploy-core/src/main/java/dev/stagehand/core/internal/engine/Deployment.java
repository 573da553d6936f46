package dev.stagehand.core.internal.engine;

import dev.stagehand.api.DeploymentException;
import dev.stagehand.api.Location;
import dev.stagehand.api.Problem;
import dev.stagehand.api.event.DeploymentEvent;
import dev.stagehand.api.journal.DeploymentJournal;
import dev.stagehand.api.spi.Store;
import dev.stagehand.api.target.DeploymentTarget;
import dev.stagehand.core.internal.plugins.PluginRegistry;
import dev.stagehand.core.internal.variables.VariableSet;
import dev.stagehand.core.options.InstallOptions;
import dev.stagehand.core.plan.DeploymentPlan;
import dev.stagehand.api.journal.StepRecord;
import dev.stagehand.core.internal.undo.FileUndoStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What every part of one run of the engine shares: its inputs, its problems, its packages. */
final class Deployment {

    final PipelineEngine.Run run;
    final List<PackageRun> packages = new ArrayList<>();
    final List<Problem> problems = new ArrayList<>();
    final DefaultStore store;
    /** The group's store: the one the deployments run together share, else one of this deployment's own. */
    final Store group;
    /** The group store this deployment made for itself, as it runs alone, closed with it; null when shared. */
    final DefaultStore ownGroup;
    /** Masks secrets, as every logger a deployment uses does: a failure's message may hold one. */
    final Logger log;
    final Fingerprints fingerprints;
    final PlannedChanges plannedChanges = new PlannedChanges();
    /** Where steps keep files before overwriting them; null in a dry run, which overwrites nothing. */
    final FileUndoStore undo;
    /** The step records this run wrote, in order: what {@code --on-error rollback} undoes. */
    final List<StepRecord> journaled = new ArrayList<>();
    boolean stopped;

    Deployment(PipelineEngine.Run run) {
        this.run = run;
        this.store = new DefaultStore("deployment", run.variables()::mask);
        this.ownGroup = run.group() == null ? new DefaultStore("group", run.variables()::mask) : null;
        this.group = ownGroup != null ? ownGroup : run.group();
        this.log = new MaskingLogger(LoggerFactory.getLogger(PipelineEngine.class), run.variables()::mask);
        this.fingerprints = run.options().dryRun() ? null : Fingerprints.open(run.stateDirectory());
        this.undo = run.options().dryRun() ? null : FileUndoStore.of(run.stateDirectory());
    }

    String id() {
        return run.deploymentId();
    }

    DeploymentPlan plan() {
        return run.plan();
    }

    VariableSet variables() {
        return run.variables();
    }

    PluginRegistry plugins() {
        return run.plugins();
    }

    List<DeploymentTarget> targets() {
        return run.targets();
    }

    DeploymentJournal journal() {
        return run.journal();
    }

    InstallOptions options() {
        return run.options();
    }

    Path workRoot() {
        return run.workRoot();
    }

    Instant now() {
        Clock clock = run.clock();
        return clock.instant();
    }

    boolean hasErrors() {
        return problems.stream().anyMatch(Problem::isError);
    }

    void report(Problem problem) {
        Problem masked = new Problem(problem.severity(), run.variables().mask(problem.message()), problem.location());
        problems.add(masked);
        emit(new DeploymentEvent.ProblemReported(now(), id(), masked));
    }

    void emit(DeploymentEvent event) {
        run.events().emit(event);
    }

    /** A failure's message for people, secrets masked. */
    String message(Throwable e) {
        if (e instanceof LinkageError || e instanceof StackOverflowError) {
            return mask(e.getClass().getSimpleName() + ": " + e.getMessage());
        }
        String text = e instanceof DeploymentException d ? d.reason()
                : e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return mask(text);
    }

    String mask(String text) {
        return run.variables().mask(text);
    }
}
