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
import dev.stagehand.core.internal.variables.PackageVariables;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
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
            forValidate.add(Problem.error(deployment.plugins().unknownStepType(step.type()), where));
            p.steps.add(new StepRun(step, null, deployment.targets().get(0), order));
            return;
        }
        Set<String> undefined = undefined(p.variables, step);
        undefined.forEach(use -> forValidate.add(Problem.error(use, where)));
        Attributes expanded = step.attributes().mapValues(p.variables::expandKnown);
        List<XmlElement> children = step.children().stream().map(c -> expand(c, p.variables)).toList();
        Logger stepLog = new MaskingLogger(LoggerFactory.getLogger("dev.stagehand.step." + step.type()),
                deployment.variables()::mask);
        // Every step runs once per target, all targets of a step before the next step.
        for (DeploymentTarget target : deployment.targets()) {
            StepRun s = new StepRun(step, handler, target, order);
            if (undefined.isEmpty()) {
                String folder = deployment.targets().size() == 1 ? String.valueOf(step.index())
                        : step.index() + "-" + safe(target.name());
                s.context = new DefaultStepContext(deployment, p, s, where, expanded, children, stepLog,
                        p.workFolder.resolve("steps").resolve(folder));
            }
            p.steps.add(s);
        }
        if (undefined.isEmpty()) {
            deployment.plannedChanges.add(order, StepPlanning.plannedChanges(handler, step, m, p.variables,
                    deployment.targets().get(0), problem -> deployment.log.debug("{}", problem)));
        }
    }

    /** One message per use of a variable without value, naming the attribute or element it is in. */
    private static Set<String> undefined(PackageVariables variables, StepDescriptor step) {
        Set<String> uses = new LinkedHashSet<>();
        step.attributes().asMap().forEach((attribute, value) -> {
            for (String name : variables.references(value)) {
                if (variables.get(name).isEmpty()) {
                    uses.add("variable $(" + name + ") used in attribute " + attribute + " is not set");
                }
            }
        });
        for (XmlElement child : step.children()) {
            collectUndefined(variables, child, uses);
        }
        return uses;
    }

    private static void collectUndefined(PackageVariables variables, XmlElement element, Set<String> uses) {
        for (String name : variables.references(element.text())) {
            if (variables.get(name).isEmpty()) {
                uses.add("variable $(" + name + ") used in the text of <" + element.name() + "> (line "
                        + element.location().line() + ") is not set");
            }
        }
        element.attributes().asMap().forEach((attribute, value) -> {
            for (String name : variables.references(value)) {
                if (variables.get(name).isEmpty()) {
                    uses.add("variable $(" + name + ") used in attribute " + attribute + " of <" + element.name()
                            + "> (line " + element.location().line() + ") is not set");
                }
            }
        });
        for (XmlElement child : element.children()) {
            collectUndefined(variables, child, uses);
        }
    }

    private static XmlElement expand(XmlElement element, PackageVariables variables) {
        return new XmlElement(element.name(), element.attributes().mapValues(variables::expandKnown),
                variables.expandKnown(element.text()),
                element.children().stream().map(c -> expand(c, variables)).toList(), element.location());
    }

    private static String safe(String name) {
        return name.replaceAll("[^A-Za-z0-9._-]", "_");
    }
}
