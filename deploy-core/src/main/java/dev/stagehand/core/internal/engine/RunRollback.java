package dev.stagehand.core.internal.engine;

import dev.stagehand.api.Location;
import dev.stagehand.api.Problem;
import dev.stagehand.api.journal.StepRecord;
import dev.stagehand.api.target.DeploymentTarget;
import dev.stagehand.core.internal.undo.FileUndos;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * {@code --on-error rollback}: after a failure stopped the run, undoes what this run recorded,
 * newest first, on each target, then has the journal forget the run's step records (the next run
 * does those steps again). The failure stays the run's outcome; the rollback and what it could
 * not undo join its problems. With several targets, only those where a step failed are rolled back.
 */
final class RunRollback {

    private final Deployment deployment;

    RunRollback(Deployment deployment) {
        this.deployment = deployment;
    }

    void run() {
        List<StepRecord> records = List.copyOf(deployment.journaled);
        Location where = Location.ofPackage(deployment.plan().rootId(), deployment.plan().rootVersion());
        int removed = 0;
        int restored = 0;
        List<String> notUndone = new ArrayList<>();
        // With several targets, the targets where a step failed; the others keep what this run did.
        Set<String> failed = new java.util.HashSet<>();
        deployment.packages.forEach(p -> p.steps.stream().filter(s -> s.status == dev.stagehand.api.Status.FAILED)
                .forEach(s -> failed.add(s.target.name())));
        for (DeploymentTarget target : deployment.targets()) {
            if (!failed.isEmpty() && !failed.contains(target.name())) {
                continue;
            }
            FileUndos.Work work = FileUndos.rollback(records, target.name(), Set.of(deployment.id()));
            notUndone.addAll(work.cannot());
            try {
                FileUndos.Done done = FileUndos.apply(work, target, deployment.undo);
                removed += done.removed();
                restored += done.restored();
                done.kept().forEach(kept -> notUndone.add("kept " + kept));
            } catch (Exception e) {
                deployment.report(Problem.error("the rollback failed on " + target.name() + ": "
                        + deployment.message(e), where));
                return;
            }
        }
        for (PackageRun p : deployment.packages) {
            if (records.stream().anyMatch(r -> r.packageId().equals(p.planned.id())
                    && r.version().equals(p.planned.version()))) {
                p.reason = "rolled back: " + p.reason;
            }
        }
        try {
            deployment.journal().stepsUndone(deployment.id());
        } catch (RuntimeException e) {
            deployment.report(Problem.warning("the journal keeps this run's steps as done: "
                    + deployment.message(e), where));
        }
        deployment.report(Problem.warning("rolled back what this deployment did: " + removed + " files removed, "
                + restored + " files put back" + (notUndone.isEmpty() ? "" : "; " + notUndone.size()
                + " changes could not be undone"), where));
        notUndone.forEach(text -> deployment.report(Problem.error("not undone: " + text, where)));
    }
}
