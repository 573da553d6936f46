package dev.stagehand.core.internal.steps;

import com.google.auto.service.AutoService;
import dev.stagehand.api.PipelineStage;
import dev.stagehand.api.model.PackageManifest;
import dev.stagehand.api.spi.ChangeKind;
import dev.stagehand.api.spi.PackageTypeContext;
import dev.stagehand.api.spi.PackageTypeHandler;
import dev.stagehand.api.spi.PlannedChange;
import dev.stagehand.api.target.DeploymentTarget;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The seed's file tiers, {@code Presentation} and {@code Business}: each package of these types
 * receives its files in a destination folder (its {@code targetDirectory}, else
 * {@code PresentationFileLocation} or {@code BusinessFileLocation}). Validate checks that every
 * such package has one and that no file stands in its place on a target; Prepare creates the
 * folders, so the environment that receives the packages exists before Execute deploys into it.
 */
@AutoService(PackageTypeHandler.class)
public final class FileTierPackageTypeHandler implements PackageTypeHandler {

    @Override
    public Set<String> packageTypes() {
        return Set.of(FileTiers.PRESENTATION, FileTiers.BUSINESS);
    }

    @Override
    public List<PlannedChange> plannedChanges(PackageTypeContext context) {
        List<PlannedChange> changes = new ArrayList<>();
        for (PackageManifest m : context.packages()) {
            FileTiers.destination(m, context.variables(m)).ifPresent(folder -> changes.add(
                    PlannedChange.createsOrChanges(ChangeKind.FOLDER, folder).at(context.location(m))));
        }
        return changes;
    }

    @Override
    public void beforeFirst(PipelineStage stage, PackageTypeContext context) throws Exception {
        if (stage == PipelineStage.VALIDATE) {
            validate(context);
        } else if (stage == PipelineStage.PREPARE && !context.dryRun()) {
            prepare(context);
        }
    }

    private static void validate(PackageTypeContext context) throws Exception {
        for (PackageManifest m : context.packages()) {
            Optional<String> folder = FileTiers.destination(m, context.variables(m));
            if (folder.isEmpty()) {
                context.problems().error(FileTiers.missing(m, "package " + m.coordinates() + " (" + m.type() + ")"),
                        context.location(m));
                continue;
            }
            for (DeploymentTarget target : context.targets()) {
                if (target.stat(folder.get()).isPresent()) {
                    context.problems().error("the destination of " + m.coordinates() + ", " + folder.get()
                            + ", is a file on " + target.name() + ", not a folder", context.location(m));
                }
            }
        }
    }

    private static void prepare(PackageTypeContext context) throws Exception {
        for (PackageManifest m : context.packages()) {
            Optional<String> folder = FileTiers.destination(m, context.variables(m));
            if (folder.isEmpty()) {
                continue;
            }
            for (DeploymentTarget target : context.targets()) {
                if (!target.exists(folder.get())) {
                    target.createDirectories(folder.get());
                    context.log().info("created {} on {} for {}", folder.get(), target.name(), m.coordinates());
                }
            }
        }
    }
}
