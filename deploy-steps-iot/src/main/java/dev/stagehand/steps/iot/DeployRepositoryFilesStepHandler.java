package dev.stagehand.steps.iot;

import com.google.auto.service.AutoService;
import dev.stagehand.api.DeploymentException;
import dev.stagehand.api.io.Sha256;
import dev.stagehand.api.journal.ChangeRecord;
import dev.stagehand.api.model.StepDescriptor;
import dev.stagehand.api.spi.ChangeKind;
import dev.stagehand.api.spi.PlannedChange;
import dev.stagehand.api.spi.PlanningContext;
import dev.stagehand.api.spi.StepContext;
import dev.stagehand.api.spi.StepHandler;
import dev.stagehand.api.target.ContentHashing;
import dev.stagehand.api.target.DeploymentTarget;
import dev.stagehand.api.target.FileInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code <step type="DeployRepositoryFiles" contentPath="runtimePackages/**" [folder="sub"]/>}:
 * copies the package files matching {@code contentPath}, keeping their folders relative to the
 * package root, into the IoT file repository (optionally into a sub-folder of it). A file already
 * there with the same content is not copied; every file is recorded for uninstall.
 */
@AutoService(StepHandler.class)
public final class DeployRepositoryFilesStepHandler implements StepHandler {

    static final String TYPE = "DeployRepositoryFiles";

    @Override
    public Set<String> stepTypes() {
        return Set.of(TYPE);
    }

    @Override
    public List<PlannedChange> plannedChanges(PlanningContext context) {
        return Repository.location(context.variables())
                .map(root -> List.of(PlannedChange.createsOrChanges(ChangeKind.FOLDER, root))).orElse(List.of());
    }

    @Override
    public void validate(StepContext context) throws Exception {
        Repository.checkLocation(context, TYPE);
        try {
            folder(context);
        } catch (IllegalArgumentException e) {
            context.problems().error(e.getMessage());
        }
        Optional<String> contentPath = context.attribute("contentPath").filter(v -> !v.isBlank());
        if (contentPath.isEmpty()) {
            context.problems().error(TYPE + " needs a contentPath attribute naming the files to copy");
        } else {
            try {
                if (context.content().find(contentPath.get()).isEmpty()) {
                    context.problems().warning("contentPath '" + contentPath.get() + "' matches no file in the package");
                }
            } catch (IllegalArgumentException e) {
                context.problems().error(e.getMessage());
            }
        }
        boolean indexFollows = context.manifest().steps().stream()
                .filter(step -> step.index() > context.step().index())
                .map(StepDescriptor::type)
                .anyMatch(GenerateRepositoryIndexStepHandler.TYPE::equalsIgnoreCase);
        if (!indexFollows) {
            context.problems().warning(TYPE + " deploys repository files but no " + GenerateRepositoryIndexStepHandler.TYPE
                    + " step follows it in package " + context.manifest().id() + ": the repository's index will not list them");
        }
    }

    @Override
    public void execute(StepContext context) throws Exception {
        String root = Repository.requiredLocation(context, TYPE);
        String folder;
        try {
            folder = folder(context);
        } catch (IllegalArgumentException e) {
            throw new DeploymentException(e.getMessage(), context.location(), e);
        }
        String contentPath = context.requiredAttribute("contentPath");
        List<String> files = context.content().find(contentPath);
        if (context.dryRun()) {
            context.log().info("would deploy {} repository files matching '{}' to {}", files.size(), contentPath, root);
            return;
        }
        DeploymentTarget target = context.target();
        int copied = 0;
        int done = 0;
        for (String file : files) {
            Path local = context.content().resolve(file);
            String destination = target.resolve(root, Repository.parts(folder, Repository.inside(file, "package file")));
            String sha256 = Sha256.of(local);
            Optional<FileInfo> there = target.stat(destination);
            boolean identical = there.isPresent() && there.get().size() == Files.size(local)
                    && ContentHashing.sha256(target, destination).filter(sha256::equals).isPresent();
            if (identical) {
                context.log().debug("{} is unchanged: not copied", destination);
            } else {
                target.upload(local, destination);
                copied++;
            }
            context.recordChange(ChangeRecord.file(destination, sha256));
            context.progress(++done, files.size(), "files");
        }
        String detail = files.size() + " repository files to " + root + ": " + copied + " copied, "
                + (files.size() - copied) + " unchanged";
        context.detail(detail);
        context.log().info("deployed {}", detail);
    }

    /** The step's sub-folder of the repository, checked; empty for the repository's root. */
    private static String folder(StepContext context) {
        return context.attribute("folder").filter(v -> !v.isBlank())
                .map(value -> Repository.inside(value, "folder")).orElse("");
    }
}
