package dev.stagehand.core.internal.plan;

import dev.stagehand.api.Location;
import dev.stagehand.api.Problem;
import dev.stagehand.api.ValidationException;
import dev.stagehand.api.model.Attributes;
import dev.stagehand.api.model.PackageManifest;
import dev.stagehand.api.model.StepDescriptor;
import dev.stagehand.api.spi.PlannedChange;
import dev.stagehand.api.spi.PlanningContext;
import dev.stagehand.api.spi.StepHandler;
import dev.stagehand.api.spi.Variables;
import dev.stagehand.api.target.DeploymentTarget;
import dev.stagehand.core.internal.variables.PackageVariables;
import java.util.List;
import java.util.function.Consumer;

/** What a step will create or change, as its handler says: for the plan's notice and for the engine's checks. */
public final class StepPlanning {

    private StepPlanning() {
    }

    /**
     * The changes a step plans, each located at the step; empty (and {@code failure} told why) when
     * its handler cannot say.
     *
     * @throws ValidationException when the handler refuses the step as written, its problems located at the step
     */
    public static List<PlannedChange> plannedChanges(StepHandler handler, StepDescriptor step, PackageManifest manifest,
                                                     PackageVariables variables, DeploymentTarget target,
                                                     Consumer<String> failure) {
        return plannedChanges(handler, step, step.attributes().mapValues(variables::expandKnown), manifest, variables,
                target, failure);
    }

    /** The same, for a step whose attributes the caller has expanded already. */
    public static List<PlannedChange> plannedChanges(StepHandler handler, StepDescriptor step, Attributes attributes,
                                                     PackageManifest manifest, PackageVariables variables,
                                                     DeploymentTarget target, Consumer<String> failure) {
        PlanningContext context = new PlanningContext() {
            @Override
            public StepDescriptor step() {
                return step;
            }

            @Override
            public PackageManifest manifest() {
                return manifest;
            }

            @Override
            public Attributes attributes() {
                return attributes;
            }

            @Override
            public Variables variables() {
                return variables;
            }

            @Override
            public DeploymentTarget target() {
                return target;
            }
        };
        Location where = step.location().withPackage(manifest.id(), manifest.version());
        try {
            List<PlannedChange> changes = handler.plannedChanges(context);
            return changes == null ? List.of() : changes.stream().map(c -> c.at(where)).toList();
        } catch (ValidationException e) {
            throw new ValidationException(e.problems().stream().map(p -> new Problem(p.severity(),
                    variables.mask(p.message()), p.location().hasFile() ? p.location() : where)).toList());
        } catch (Exception | LinkageError e) {
            failure.accept("cannot tell what step " + step.index() + " " + step.type() + " of "
                    + manifest.coordinates() + " will change: " + variables.mask(String.valueOf(e.getMessage())));
            return List.of();
        }
    }
}
