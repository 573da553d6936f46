package dev.stagehand.core.internal.steps;

import com.google.auto.service.AutoService;
import dev.stagehand.api.DeploymentException;
import dev.stagehand.api.journal.ChangeRecord;
import dev.stagehand.api.spi.ChangeKind;
import dev.stagehand.api.spi.PlannedChange;
import dev.stagehand.api.spi.PlanningContext;
import dev.stagehand.api.spi.StepContext;
import dev.stagehand.api.spi.StepHandler;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * {@code <step type="DeployFiles" contentPath="bin/**" [targetDirectory="..."]/>}: copies the
 * package files matching {@code contentPath}, keeping their folders relative to the package
 * root, into the destination folder of the target.
 *
 * <p>The destination is the step's {@code targetDirectory}, else the package's
 * ({@code Package.TargetDirectory}), else by package type the variable
 * {@code PresentationFileLocation} or {@code BusinessFileLocation}.
 */
@AutoService(StepHandler.class)
public final class DeployFilesStepHandler implements StepHandler {

    static final String TYPE = "DeployFiles";
    /**
     * One fingerprint file per package, step and target in the state folder's cache, so that an
     * unchanged re-deployment reads file stamps instead of whole files.
     */
    private static final Function<StepContext, Optional<Path>> STATE_CACHE = context -> Optional.of(
            context.cacheDirectory().resolve("deploy-files").resolve(safeName(context.manifest().id() + "-"
                    + context.step().index() + "-" + context.target().name()) + ".fingerprints"));

    private final Function<StepContext, Optional<Path>> cacheFile;

    public DeployFilesStepHandler() {
        this(STATE_CACHE);
    }

    /**
     * @param cacheFile where the fingerprints of a step's files are kept between deployments;
     *                  it must outlive the deployment (the step's work directory does not)
     */
    public DeployFilesStepHandler(Function<StepContext, Optional<Path>> cacheFile) {
        this.cacheFile = cacheFile;
    }

    @Override
    public Set<String> stepTypes() {
        return Set.of(TYPE);
    }

    @Override
    public List<PlannedChange> plannedChanges(PlanningContext context) {
        FileTiers.refuseEscapingContent(context.attributes());
        Optional<String> fromStep = FileTiers.nonBlank(context.attributes().get("targetDirectory"));
        Optional<String> destination = fromStep.isPresent() ? fromStep
                : FileTiers.destination(context.manifest(), context.variables());
        return destination.map(folder -> List.of(PlannedChange.createsOrChanges(ChangeKind.FOLDER, folder)))
                .orElse(List.of());
    }

    @Override
    public void validate(StepContext context) throws Exception {
        if (destination(context).isEmpty()) {
            context.problems().error(FileTiers.missing(context.manifest(), TYPE));
        }
        Optional<String> contentPath = context.attribute("contentPath");
        if (contentPath.isEmpty() || contentPath.get().isBlank()) {
            context.problems().error("DeployFiles needs a contentPath attribute naming the files to copy");
            return;
        }
        try {
            if (context.content().find(contentPath.get()).isEmpty()) {
                context.problems().warning("contentPath '" + contentPath.get() + "' matches no file in the package");
            }
        } catch (IllegalArgumentException e) {
            context.problems().error(e.getMessage());
        }
    }

    @Override
    public void execute(StepContext context) throws Exception {
        String destination = destination(context).orElseThrow(() -> new DeploymentException(
                FileTiers.missing(context.manifest(), TYPE), context.location()));
        String contentPath = context.requiredAttribute("contentPath");
        List<String> files = context.content().find(contentPath);
        if (context.dryRun()) {
            context.log().info("would deploy {} files matching '{}' to {}", files.size(), contentPath, destination);
            return;
        }
        FileDeployer deployer = FileDeployer.forTarget(context.target(), cacheFile.apply(context).orElse(null))
                .withProgress((done, total) -> context.progress(done, total, "files"));
        FileDeployer.Result result;
        try {
            result = deployer.deploy(context.content()::resolve, files, destination);
        } catch (IllegalArgumentException e) {
            throw new DeploymentException(e.getMessage(), context.location(), e);
        }
        for (FileDeployer.DeployedFile file : result.files()) {
            if (!file.copied()) {
                context.log().debug("{} is unchanged: not copied", file.targetPath());
            }
            context.recordChange(changeRecord(file));
        }
        String detail = result.files().size() + " files to " + destination + ": " + result.copied() + " copied, "
                + result.unchanged() + " unchanged";
        context.detail(detail);
        context.log().info("deployed {}", detail);
    }

    /**
     * The file with its SHA-256 when the deployment knows it; a plain copy is not hashed (that
     * would cost more CPU than the copy), and then its size stands in as the fingerprint.
     */
    static ChangeRecord changeRecord(FileDeployer.DeployedFile file) {
        return file.knownSha256().map(sha -> ChangeRecord.file(file.targetPath(), sha))
                .orElseGet(() -> new ChangeRecord("file", file.targetPath(), "size:" + file.size()));
    }

    /** The destination folder, expanded; empty when nothing names one. */
    static Optional<String> destination(StepContext context) {
        Optional<String> fromStep = FileTiers.nonBlank(context.attribute("targetDirectory"));
        return fromStep.isPresent() ? fromStep : FileTiers.destination(context.manifest(), context.variables());
    }

    private static String safeName(String text) {
        return text.replaceAll("[^A-Za-z0-9._-]", "_");
    }
}
