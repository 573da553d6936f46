package dev.stagehand.core.internal.engine;

import dev.stagehand.api.PipelineStage;
import dev.stagehand.api.Problem;
import dev.stagehand.api.model.StepDescriptor;
import dev.stagehand.api.spi.StepHandler;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.LoggerFactory;

/**
 * Handlers acting once per package after a stage ({@link StepHandler#afterPackage}): called, in
 * the order their first step appears, for every handler with a step in the package that can run.
 * A failure (thrown, or an error reported) fails the package in a changing stage; before, it is
 * one more problem of the report; in Cleanup, a warning.
 */
final class PackageHooks {

    private final Deployment deployment;

    PackageHooks(Deployment deployment) {
        this.deployment = deployment;
    }

    /** Runs the hooks of a package after a stage; false when one failed. */
    boolean afterPackage(PipelineStage stage, PackageRun p) {
        boolean ok = true;
        for (Map.Entry<StepHandler, List<StepDescriptor>> entry : handlersOf(p).entrySet()) {
            if (stage != PipelineStage.CLEANUP && (deployment.stopped || !p.active())) {
                break;
            }
            ok &= run(stage, p, entry.getKey(), entry.getValue());
        }
        return ok;
    }

    private boolean run(PipelineStage stage, PackageRun p, StepHandler handler, List<StepDescriptor> steps) {
        List<Problem> errors = new ArrayList<>();
        DefaultPackageContext context = new DefaultPackageContext(deployment, p, stage, steps,
                new MaskingLogger(LoggerFactory.getLogger(handler.getClass()), deployment::mask), problem -> {
                    if (problem.isError()) {
                        errors.add(problem);
                    }
                    deployment.report(problem);
                });
        String failure;
        try {
            handler.afterPackage(stage, context);
            if (errors.isEmpty()) {
                return true;
            }
            failure = errors.get(0).message();
        } catch (Exception | LinkageError | StackOverflowError e) {
            failure = deployment.message(e);
            deployment.log.debug("{} failed after {} of {}", handler.getClass().getName(), stage,
                    p.planned.coordinates(), e);
            if (stage != PipelineStage.CLEANUP) {
                deployment.report(Problem.error(failure, p.location()));
            }
        }
        String message = handler.getClass().getSimpleName() + " failed after " + stage + " of "
                + p.planned.coordinates() + ": " + failure;
        if (stage == PipelineStage.CLEANUP) {
            deployment.report(Problem.warning(message, p.location()));
        } else if (stage.changesTarget()) {
            FailurePolicy.packageFailed(deployment, p, message, FailurePolicy.aborts(deployment));
        }
        return false;
    }

    /** The handlers of a package's steps that act after a package, each with the steps it serves. */
    private static Map<StepHandler, List<StepDescriptor>> handlersOf(PackageRun p) {
        Map<StepHandler, List<StepDescriptor>> byHandler = new LinkedHashMap<>();
        for (StepRun s : p.steps) {
            if (s.handler != null && s.context != null && StageSupport.actsAfterPackage(s.handler)) {
                List<StepDescriptor> steps = byHandler.computeIfAbsent(s.handler, h -> new ArrayList<>());
                if (!steps.contains(s.step)) {
                    steps.add(s.step);
                }
            }
        }
        return byHandler;
    }
}
