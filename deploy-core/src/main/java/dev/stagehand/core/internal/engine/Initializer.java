package dev.stagehand.core.internal.engine;

import dev.stagehand.api.Location;
import dev.stagehand.api.Problem;
import dev.stagehand.api.model.Attributes;
import dev.stagehand.api.model.PackageManifest;
import dev.stagehand.api.model.StepDescriptor;
import dev.stagehand.api.model.XmlElement;
import dev.stagehand.api.spi.StepHandler;
import dev.stagehand.api.target.DeploymentTarget;
import dev.stagehand.core.internal.content.DefaultPackageContent;
import dev.stagehand.core.internal.plan.StepPlanning;
import dev.stagehand.core.internal.variables.UndefinedUses;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Initialize stage's own work, before any handler's: each step's handler, its expanded
 * attributes and inner elements, and its context; what each step plans to create or change. A
 * step whose attributes or inner elements use a variable without value gets no context: its
 * handler is never called, and Validate reports each such use.
 */
final class Initializer {

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
        StepHandler handler = deployment.plugins().stepHandler(step.type()).orElse(null);
        if (handler == null) {
            String why = deployment.plugins().unknownStepType(step.type());
            forValidate.add(Problem.error(why, where));
            StepRun s = new StepRun(step, null, deployment.targets().get(0), order);
            s.unrunnable = why;
            p.steps.add(s);
            return;
        }
        Set<String> undefined = UndefinedUses.of(p.variables, step);
        undefined.forEach(use -> forValidate.add(Problem.error(use, where)));
        Attributes expanded = step.attributes().mapValues(p.variables::expandKnown);
        List<XmlElement> children = step.children().stream().map(c -> UndefinedUses.expandKnown(c, p.variables))
                .toList();
        Logger stepLog = new MaskingLogger(LoggerFactory.getLogger("dev.stagehand.step." + step.type()),
                deployment.variables()::mask);
        // Every step runs once per target, all targets of a step before the next step.
        for (DeploymentTarget target : deployment.targets()) {
            StepRun s = new StepRun(step, handler, target, order);
            if (!undefined.isEmpty()) {
                s.unrunnable = String.join("; ", undefined);
            } else {
                String folder = deployment.targets().size() == 1 ? String.valueOf(step.index())
                        : step.index() + "-" + safe(target.name());
                s.context = new DefaultStepContext(deployment, p, s, where, expanded, children, stepLog,
                        p.workFolder.resolve("steps").resolve(folder));
            }
            p.steps.add(s);
        }
        if (undefined.isEmpty()) {
            deployment.plannedChanges.add(order, StepPlanning.plannedChanges(handler, step, expanded, m, p.variables,
                    deployment.targets().get(0), problem -> deployment.log.debug("{}", problem)));
        }
    }

    private static String safe(String name) {
        return name.replaceAll("[^A-Za-z0-9._-]", "_");
    }
}
