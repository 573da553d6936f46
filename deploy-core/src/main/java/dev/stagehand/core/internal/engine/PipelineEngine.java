package dev.stagehand.core.internal.engine;

import dev.stagehand.api.journal.JournalLock;
import dev.stagehand.api.DeploymentException;
import dev.stagehand.api.Location;
import dev.stagehand.api.PipelineStage;
import dev.stagehand.api.Problem;
import dev.stagehand.api.Status;
import dev.stagehand.api.StepFailedException;
import dev.stagehand.api.event.DeploymentEvent;
import dev.stagehand.api.journal.DeploymentJournal;
import dev.stagehand.api.spi.Store;
import dev.stagehand.api.journal.InstalledPackage;
import dev.stagehand.api.journal.StepRecord;
import dev.stagehand.api.spi.StepHandler;
import dev.stagehand.api.spi.StepResult;
import dev.stagehand.api.target.DeploymentTarget;
import dev.stagehand.api.target.Flushing;
import dev.stagehand.core.internal.plugins.PluginRegistry;
import dev.stagehand.core.internal.variables.VariableSet;
import dev.stagehand.core.options.InstallOptions;
import dev.stagehand.core.options.StopSignal;
import dev.stagehand.core.options.ZipLimits;
import dev.stagehand.core.plan.DeploymentPlan;
import dev.stagehand.core.plan.PlannedPackage;
import dev.stagehand.core.result.PackageOutcome;
import dev.stagehand.core.result.StepOutcome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import dev.stagehand.api.journal.ChangeRecord;
import dev.stagehand.api.spi.Reversibility;
import dev.stagehand.core.options.OnError;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.commons.io.file.PathUtils;

/**
 * Runs a plan through the seven stages in lockstep: a stage runs for every step of every
 * package, in plan order, before the next stage starts. Initialize, Acquire and Validate change
 * nothing; any problem they find stops the deployment before Prepare. A failure in Prepare,
 * Execute or Complete stops everything (abort) or only the failed package and those that depend
 * on it (continue). Cleanup always runs, then every store is closed. Every step that finishes a
 * changing stage is written to the journal at once, with a fingerprint of its inputs, so a
 * re-run resumes where this one stopped and redoes what changed.
 */
public final class PipelineEngine {

    /** Everything one run needs; {@code group} is the store the deployments run together share, null for none. */
    public record Run(String deploymentId, DeploymentPlan plan, VariableSet variables, PluginRegistry plugins,
                      List<DeploymentTarget> targets, DeploymentJournal journal, EventEmitter events, Path stateDirectory,
                      Path workRoot, Path cacheRoot, InstallOptions options, Clock clock, JournalLock lock,
                      ZipLimits zipLimits, Undoing undoing, StopSignal stop, Store group) {
    }

    /**
     * A run that undoes packages (uninstall, rollback) instead of installing them: once Complete
     * passed, each package is recorded as installed at its version before (from the map, by lower-case
     * id), or as removed when the map has none for it. The label names the run in the journal
     * ({@code uninstall App}, {@code rollback to before 2026...}).
     */
    public record Undoing(Map<String, InstalledPackage> restored, String label) {
        public Undoing {
            restored = Map.copyOf(restored);
        }
    }

    /** What the run did. */
    public record Result(List<PackageOutcome> packages, List<Problem> problems, boolean validationFailed) {
    }

    private final Deployment deployment;
    private final TypeHandlerRunner typeHandlers;

    public PipelineEngine(Run run) {
        this.deployment = new Deployment(run);
        this.typeHandlers = new TypeHandlerRunner(deployment);
    }

    public Result execute() {
        DeploymentPlan plan = deployment.plan();
        for (PlannedPackage planned : plan.toDeploy()) {
            deployment.packages.add(new PackageRun(deployment, planned));
        }
        deployment.emit(new DeploymentEvent.PlanReady(deployment.now(), deployment.id(), plan.rootId() + "@"
                + plan.rootVersion(), plan.mode().name().toLowerCase(Locale.ROOT), plan.toDeploy().size(),
                plan.toDeploy().stream().mapToInt(p -> p.steps().size()).sum(), plan.notice()));
        plan.warnings().forEach(deployment::report);
        boolean validationFailed = false;
        try {
            List<Problem> forValidate = new Initializer(deployment).run();
            for (PipelineStage stage : PipelineStage.values()) {
                if (stage == PipelineStage.CLEANUP) {
                    break;
                }
                if (stage == PipelineStage.ACQUIRE) {
                    PackageUnpacker.unpack(deployment);
                } else if (stage == PipelineStage.VALIDATE) {
                    VariableChecks.validate(deployment, forValidate);
                }
                runStage(stage);
                if (stage == PipelineStage.COMPLETE && !deployment.options().dryRun()) {
                    markInstalled();
                }
                if (stage == PipelineStage.VALIDATE && (deployment.hasErrors() || deployment.options().dryRun())) {
                    // Nothing is changed unless Validate passed for every step.
                    validationFailed = deployment.hasErrors();
                    notRun(validationFailed ? "validation failed; nothing was changed" : "dry run");
                    break;
                }
                if (deployment.stopped) {
                    break;
                }
            }
            if (deployment.options().onError() == OnError.ROLLBACK && !deployment.options().dryRun()
                    && deployment.packages.stream().anyMatch(p -> p.status == Status.FAILED)) {
                new RunRollback(deployment).run();
            }
        } finally {
            try {
                setCleanupResults();
                runStage(PipelineStage.CLEANUP);
            } finally {
                closeStores();
                PackageUnpacker.close(deployment);
                removeWorkFolder();
            }
        }
        return new Result(OutcomeBuilder.outcomes(deployment), List.copyOf(deployment.problems), validationFailed);
    }

    private void notRun(String reason) {
        for (PackageRun p : deployment.packages) {
            p.status = Status.NOT_RUN;
            p.reason = reason;
        }
    }

    /**
     * Installed once the whole of Complete passed for the package, its type's afterLast included,
     * with what it needs; an undoing run records the version it put back, or the removal.
     */
    private void markInstalled() {
        Undoing undoing = deployment.run.undoing();
        for (PackageRun p : deployment.packages) {
            if (!p.active()) {
                continue;
            }
            if (undoing != null) {
                deployment.journal().packageRemoved(p.planned.id(),
                        undoing.restored().get(p.planned.id().toLowerCase(Locale.ROOT)));
            } else {
                deployment.journal().packageInstalled(new InstalledPackage(p.planned.id(), p.planned.version(),
                        deployment.now(), deployment.id(), p.planned.needs().stream().sorted().toList()));
            }
        }
    }

    private void runStage(PipelineStage stage) {
        boolean cleanup = stage == PipelineStage.CLEANUP;
        // Steps without a handler run in no stage; they are reported problems, not progress.
        deployment.emit(new DeploymentEvent.StageStarted(deployment.now(), deployment.id(), stage,
                deployment.packages.stream().filter(p -> p.active() || cleanup)
                        .mapToInt(p -> (int) p.steps.stream().filter(st -> st.runsIn(stage)).count()).sum()));
        Map<String, int[]> typeSpan = typeHandlers.spans();
        boolean succeeded = true;
        List<PackageRun> packages = deployment.packages;
        for (int i = 0; i < packages.size() && (!deployment.stopped || cleanup); i++) {
            PackageRun p = packages.get(i);
            int[] span = typeSpan.get(TypeHandlerRunner.typeKey(p));
            if (span != null && span[0] == i) {
                typeHandlers.run(stage, p, true);
            }
            if (p.active() || cleanup) {
                succeeded &= runPackage(stage, p);
            }
            if (span != null && span[1] == i && (!deployment.stopped || cleanup)) {
                typeHandlers.run(stage, p, false);
            }
        }
        deployment.emit(new DeploymentEvent.StageFinished(deployment.now(), deployment.id(), stage,
                succeeded && !deployment.stopped));
    }

    private boolean runPackage(PipelineStage stage, PackageRun p) {
        deployment.emit(new DeploymentEvent.PackageStarted(deployment.now(), deployment.id(), stage, p.planned.id(),
                p.planned.version()));
        boolean ok = true;
        for (StepRun s : p.steps) {
            if (stage != PipelineStage.CLEANUP && (deployment.stopped || !p.active())) {
                break;
            }
            ok &= runStep(stage, p, s);
        }
        if (ok && (p.active() || stage == PipelineStage.CLEANUP)) {
            ok = new PackageHooks(deployment).afterPackage(stage, p);
        }
        deployment.emit(new DeploymentEvent.PackageFinished(deployment.now(), deployment.id(), stage, p.planned.id(),
                p.planned.version(), ok));
        return ok;
    }

    /** Runs one step in one stage; false when it failed. */
    private boolean runStep(PipelineStage stage, PackageRun p, StepRun s) {
        if (!s.runsIn(stage)) {
            if (s.context != null && stage != PipelineStage.CLEANUP) {
                s.completedThrough = stage;
            }
            if (s.unrunnable != null && stage == PipelineStage.VALIDATE) {
                // Its problems are in the report already; its failure shows with the other steps'.
                deployment.emit(new DeploymentEvent.StepFailed(deployment.now(), deployment.id(), stage,
                        s.step.location().withPackage(p.planned.id(), p.planned.version()), deployment.mask(s.unrunnable)));
                return false;
            }
            return true;
        }
        Location where = s.context.location();
        try {
            if (skipAsResumed(stage, p, s)) {
                return true;
            }
        } catch (Exception | LinkageError | StackOverflowError e) {
            stepFailed(stage, p, s, e);
            return false;
        }
        Optional<String> stop = stage == PipelineStage.CLEANUP ? Optional.empty() : deployment.run.stop().reason();
        if (stop.isPresent()) {
            // Asked from outside (another target of the group failed): nothing more may change; Cleanup still runs.
            deployment.report(Problem.error("stopped before this step: " + stop.get(), where));
            FailurePolicy.packageFailed(deployment, p, "stopped: " + stop.get(), true);
            return false;
        }
        if (stage != PipelineStage.CLEANUP && deployment.run.lock().lost()) {
            // Another deployment holds the state now: nothing more may change; Cleanup still runs.
            deployment.report(Problem.error("the state lock was taken over by another deployment after this one"
                    + " stalled; stopping", where));
            FailurePolicy.packageFailed(deployment, p, "stopped: the state lock was taken over by another deployment",
                    true);
            return false;
        }
        s.context.enter(stage);
        deployment.emit(new DeploymentEvent.StepStarted(deployment.now(), deployment.id(), stage, where));
        try {
            s.handler.run(stage, s.context);
            Optional<Problem> error = s.context.errorReported();
            if (error.isPresent()) {
                throw new ReportedError(error.get());
            }
            if (stage.changesTarget() && !deployment.options().dryRun()) {
                journal(p, s, stage);
            }
            if (stage != PipelineStage.CLEANUP) {
                s.completedThrough = stage;
            }
            deployment.emit(new DeploymentEvent.StepSucceeded(deployment.now(), deployment.id(), stage, where,
                    s.detail));
            return true;
        } catch (Exception | LinkageError | StackOverflowError e) {
            stepFailed(stage, p, s, e);
            return false;
        }
    }

    /** The journal may only claim the step once what it wrote would survive a crash. */
    private void journal(PackageRun p, StepRun s, PipelineStage stage) throws Exception {
        Optional<Flushing> flushing = s.target.capability(Flushing.class);
        if (flushing.isPresent()) {
            flushing.get().flush();
        }
        List<ChangeRecord> changes = new ArrayList<>(s.context.takeChanges());
        if (deployment.run.undoing() == null && !s.markedIrreversible
                && s.handler.reversibility(s.step) == Reversibility.IRREVERSIBLE) {
            // Once per step, kept with the package's changes: a rollback lists it among what it cannot undo.
            changes.add(new ChangeRecord(ChangeRecord.IRREVERSIBLE, s.step.type(), "cannot be undone"));
            s.markedIrreversible = true;
        }
        StepRecord record = new StepRecord(p.planned.id(), p.planned.version(), s.step.index(), s.step.type(), stage,
                s.target.name(), deployment.now(), deployment.id(), changes, s.fingerprint(deployment));
        deployment.journal().stepCompleted(record);
        deployment.journaled.add(record);
    }

    /**
     * A stage the step completed in an earlier run is skipped when its inputs are unchanged and its
     * handler does not ask to run it again.
     */
    private boolean skipAsResumed(PipelineStage stage, PackageRun p, StepRun s) throws Exception {
        if (!stage.changesTarget() || deployment.options().dryRun()) {
            return false;
        }
        Optional<StepRecord> done = deployment.journal().completedStep(p.planned.id(), p.planned.version(),
                s.step.index(), stage, s.target.name());
        if (done.isEmpty()) {
            return false;
        }
        if (s.handler.onResume(s.context) == StepHandler.Resume.RUN_AGAIN) {
            deployment.log.debug("{} completed {} in deployment {}; its handler runs it again", s.context.location(),
                    stage, done.get().deploymentId());
            return false;
        }
        if (!s.fingerprint(deployment).equals(done.get().fingerprint())) {
            deployment.log.info("{} completed {} in deployment {}, but its inputs have changed since: it runs again",
                    s.context.location(), stage, done.get().deploymentId());
            return false;
        }
        deployment.emit(new DeploymentEvent.StepSkipped(deployment.now(), deployment.id(), stage,
                s.context.location(), "completed by an earlier run"));
        s.completedThrough = stage;
        s.resumed = true;
        return true;
    }

    /** An error the handler reported (already in the report), which fails its step. */
    private static final class ReportedError extends DeploymentException {
        ReportedError(Problem problem) {
            super(problem.message(), problem.location());
        }
    }

    private void stepFailed(PipelineStage stage, PackageRun p, StepRun s, Throwable e) {
        String message = (deployment.targets().size() > 1 ? "on " + s.target.name() + ": " : "")
                + deployment.message(e);
        Location where = s.context.location();
        deployment.log.debug("step {} failed in {}", where, stage, e);
        deployment.emit(new DeploymentEvent.StepFailed(deployment.now(), deployment.id(), stage, where, message));
        boolean reported = e instanceof ReportedError;
        if (stage != PipelineStage.CLEANUP) {
            onFailure(stage, s, e);
            if (stage.changesTarget() && !deployment.options().dryRun()) {
                // What the step recorded before it failed is undone with the rest of the run.
                List<ChangeRecord> partial = s.context.takeChanges();
                boolean mark = !s.markedIrreversible && s.handler.reversibility(s.step) == Reversibility.IRREVERSIBLE;
                if (!partial.isEmpty() || mark) {
                    List<ChangeRecord> changes = new ArrayList<>(partial);
                    if (mark) {
                        changes.add(new ChangeRecord(ChangeRecord.IRREVERSIBLE, s.step.type(), "cannot be undone"));
                    }
                    deployment.journaled.add(new StepRecord(p.planned.id(), p.planned.version(), s.step.index(),
                            s.step.type(), stage, s.target.name(), deployment.now(), deployment.id(), changes, null));
                }
            }
        }
        if (stage == PipelineStage.CLEANUP) {
            deployment.report(Problem.warning("cleanup failed: " + message, where));
            return;
        }
        if (!reported) {
            deployment.report(Problem.error(message, where));
        }
        if (!stage.changesTarget()) {
            // Before Prepare nothing has changed: a failure is one more problem of the report.
            return;
        }
        s.status = Status.FAILED;
        s.stage = stage;
        s.message = message;
        FailurePolicy.packageFailed(deployment, p, "step " + s.step.index() + " " + s.step.type() + " failed in "
                + stage + ": " + message, FailurePolicy.aborts(deployment));
    }

    private void onFailure(PipelineStage stage, StepRun s, Throwable e) {
        DeploymentException failure = e instanceof DeploymentException d ? d
                : new StepFailedException(deployment.message(e), s.context.location(), stage, e);
        try {
            s.handler.onFailure(s.context, failure);
        } catch (Exception | LinkageError | StackOverflowError again) {
            deployment.log.warn("{}: the handler's onFailure failed too: {}", s.context.location(),
                    deployment.message(again));
        }
    }

    /** Before Cleanup, each step learns how it and the deployment went. */
    private void setCleanupResults() {
        boolean succeeded = !deployment.hasErrors() && deployment.packages.stream()
                .allMatch(p -> p.status == Status.SUCCEEDED);
        for (PackageRun p : deployment.packages) {
            for (StepRun s : p.steps) {
                if (s.context != null) {
                    StepOutcome outcome = OutcomeBuilder.outcome(p, s);
                    s.context.result(new StepResult(outcome.status(), succeeded, outcome.message()));
                }
            }
        }
    }

    /** Step stores, then package stores, then the deployment's: whatever happened. */
    private void closeStores() {
        for (PackageRun p : deployment.packages) {
            for (StepRun s : p.steps) {
                if (s.context != null) {
                    s.context.stepStore().close();
                }
            }
            p.store.close();
        }
        deployment.store.close();
        if (deployment.ownGroup != null) {
            deployment.ownGroup.close();
        }
    }

    private void removeWorkFolder() {
        Path work = deployment.workRoot();
        try {
            if (Files.exists(work)) {
                PathUtils.deleteDirectory(work);
            }
        } catch (IOException e) {
            deployment.report(Problem.warning("could not remove the work folder " + work + ": " + e.getMessage(),
                    Location.UNKNOWN));
        }
    }
}
