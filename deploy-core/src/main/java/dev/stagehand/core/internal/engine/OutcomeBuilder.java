package dev.stagehand.core.internal.engine;

import dev.stagehand.api.PipelineStage;
import dev.stagehand.api.Status;
import dev.stagehand.core.plan.PlannedPackage;
import dev.stagehand.core.result.PackageOutcome;
import dev.stagehand.core.result.StepOutcome;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What a run did, per package and step, as the result says it. */
final class OutcomeBuilder {

    private OutcomeBuilder() {
    }

    static List<PackageOutcome> outcomes(Deployment deployment) {
        List<PackageOutcome> result = new ArrayList<>();
        Map<String, PackageRun> byCoordinates = new LinkedHashMap<>();
        deployment.packages.forEach(p -> byCoordinates.put(p.planned.coordinates(), p));
        for (PlannedPackage planned : deployment.plan().packages()) {
            PackageRun p = byCoordinates.get(planned.coordinates());
            if (p == null) {
                result.add(new PackageOutcome(planned.id(), planned.version(), Status.UP_TO_DATE, "", List.of()));
                continue;
            }
            List<StepOutcome> steps = new ArrayList<>();
            for (List<StepRun> runs : byStep(p).values()) {
                steps.add(outcome(p, representative(runs)));
            }
            result.add(new PackageOutcome(planned.id(), planned.version(), p.status, p.reason, steps));
        }
        return result;
    }

    /** The runs of each step, one per target. */
    static Map<Integer, List<StepRun>> byStep(PackageRun p) {
        Map<Integer, List<StepRun>> byStep = new LinkedHashMap<>();
        p.steps.forEach(s -> byStep.computeIfAbsent(s.step.index(), i -> new ArrayList<>()).add(s));
        return byStep;
    }

    /** A step is as far as its least advanced target; a failure on any target is its failure. */
    private static StepRun representative(List<StepRun> runs) {
        return runs.stream().filter(r -> r.status == Status.FAILED).findFirst()
                .orElseGet(() -> runs.stream().min(Comparator.comparing(r -> r.completedThrough == null
                        ? -1 : r.completedThrough.ordinal())).orElseThrow());
    }

    /** A step's status once the changing stages are over (for Cleanup and for the result). */
    static StepOutcome outcome(PackageRun p, StepRun s) {
        Status status = s.status;
        String message = s.resumed ? "resumed: completed stages of an earlier run were not redone"
                : s.status == Status.FAILED ? s.message : s.detail;
        PipelineStage stage = s.stage;
        boolean finished = s.completedThrough != null && s.completedThrough.compareTo(PipelineStage.COMPLETE) >= 0;
        if (status == Status.SUCCEEDED && (p.status != Status.SUCCEEDED || !finished)) {
            status = p.status == Status.NOT_RUN ? Status.NOT_RUN : Status.SKIPPED;
            stage = s.completedThrough;
            message = (s.completedThrough == null || !s.completedThrough.changesTarget() ? "not run"
                    : "ran through " + s.completedThrough) + "; " + p.reason;
        }
        return new StepOutcome(s.step.index(), s.step.type(), status, stage, message);
    }
}
