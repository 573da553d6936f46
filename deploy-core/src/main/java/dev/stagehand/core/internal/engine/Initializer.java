package dev.stagehand.core.internal.engine;

import dev.stagehand.api.Location;
import dev.stagehand.api.Problem;
import dev.stagehand.api.model.PackageManifest;
import dev.stagehand.api.model.StepDescriptor;
import dev.stagehand.api.spi.StepHandler;
import dev.stagehand.api.target.DeploymentTarget;
import dev.stagehand.core.internal.content.DefaultPackageContent;
import dev.stagehand.core.internal.plan.StepPlanning;
import dev.stagehand.core.internal.undo.UndoChangesStepHandler;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The Initialize stage's own work, before any handler's: each step's handler, its expanded
 * attributes and inner elements, and its context; what each step plans to create or change. A
 * step whose attributes or inner elements use a variable without value gets no context: its
 * handler is never called, and Validate reports each such use.
 */
final class Initializer {

    private static final StepHandler UNDO = new UndoChangesStepHandler();

    private final Deployment deployment;
    /** Problems found here that belong to the Validate report. */
    private final List<Problem> forValidate = new ArrayList<>();

    Initializer(Deployment deployment) {
        this.deployment = deployment;
    }

    /** Builds the steps of every package; returns the problems Validate must report. */
    List<Problem> run() {
        int order = 0;
        for (PackageRun p : deployment.packages) {
            Path root = p.zipped() ? p.workFolder.resolve("content") : p.planned.origin();
            p.content = new DefaultPackageContent(root, p.workFolder.resolve("changed"));
            for (StepDescriptor step : p.planned.manifest().steps()) {
                addStep(p, step, ++order);
            }
        }
        return forValidate;
    }

    private void addStep(PackageRun p, StepDescriptor step, int order) {
        PackageManifest m = p.planned.manifest();
        Location where = step.location().withPackage(m.id(), m.version());
        StepHandler handler = deployment.run.undoing() != null && step.type().equals(UndoChangesStepHandler.TYPE)
                ? UNDO : deployment.plugins().stepHandler(step.type()).orElse(null);
        if (handler == null) {
            String why = deployment.plugins().unknownStepType(step.type());
            forValidate.add(Problem.error(why, where));
            StepRun s = new StepRun(step, null, deployment.targets().get(0), order);
            s.unrunnable = why;
            p.steps.add(s);
            return;
        }
        StepInputs inputs = StepInputs.of(step, p.variables, deployment.variables()::mask);
        Set<String> undefined = inputs.undefined();
        undefined.forEach(use -> forValidate.add(Problem.error(use, where)));
        // Every step runs once per target, all targets of a step before the next step.
        for (DeploymentTarget target : deployment.targets()) {
            StepRun s = new StepRun(step, handler, target, order);
            if (!undefined.isEmpty()) {
                s.unrunnable = String.join("; ", undefined);
            } else {
                String folder = deployment.targets().size() == 1 ? String.valueOf(step.index())
                        : step.index() + "-" + safe(target.name());
                s.context = new DefaultStepContext(deployment, p, s, where, inputs.attributes(), inputs.children(),
                        inputs.log(), p.workFolder.resolve("steps").resolve(folder));
            }
            p.steps.add(s);
        }
        if (undefined.isEmpty()) {
            try {
                deployment.plannedChanges.add(order, StepPlanning.plannedChanges(handler, step, inputs.attributes(), m,
                        p.variables, deployment.targets().get(0), problem -> deployment.log.debug("{}", problem)));
            } catch (dev.stagehand.api.ValidationException e) {
                forValidate.addAll(e.problems());
            }
        }
    }

    private static String safe(String name) {
        return name.replaceAll("[^A-Za-z0-9._-]", "_");
    }
}
