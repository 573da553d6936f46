package dev.stagehand.core.internal.steps;

import com.google.auto.service.AutoService;
import dev.stagehand.api.DeploymentException;
import dev.stagehand.api.journal.ChangeRecord;
import dev.stagehand.api.spi.ChangeKind;
import dev.stagehand.api.spi.PlannedChange;
import dev.stagehand.api.spi.PlanningContext;
import dev.stagehand.api.spi.StepContext;
import dev.stagehand.api.spi.StepHandler;
import dev.stagehand.api.spi.Store;
import dev.stagehand.api.journal.FileUndo;
import dev.stagehand.api.model.StepDescriptor;
import dev.stagehand.api.spi.Reversibility;
import dev.stagehand.api.target.FileInfo;
import dev.stagehand.api.target.FolderStaging;
import dev.stagehand.core.internal.undo.FileUndos;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
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
                .withProgress((done, total) -> context.progress(done, total, "files"))
                .withUndo(context.undoStore().orElse(null))
                // A group's targets deploy the same sources: each is hashed once for all of them.
                .withSourceHashes(context.store(Store.Scope.GROUP).getOrCompute(SourceHashes.class, SourceHashes.class,
                        SourceHashes::new));
        Map<String, FileUndo> earlier = FileUndos.latest(context.recordedChanges(), context.target().name());
        boolean created = createdFolder(context, destination) || earlier.isEmpty() && vacant(context, destination);
        FileDeployer.Result result;
        try {
            result = deployer.deploy(context.content(), files, destination);
        } catch (IllegalArgumentException e) {
            throw new DeploymentException(e.getMessage(), context.location(), e);
        }
        context.recordChange(ChangeRecord.folder(destination, created));
        for (FileDeployer.DeployedFile file : result.files()) {
            if (!file.copied()) {
                context.log().debug("{} is unchanged: not copied", file.targetPath());
            }
            context.recordChange(undoRecord(context, file, earlier.get(file.targetPath())));
        }
        String detail = result.files().size() + " files to " + destination + ": " + result.copied() + " copied, "
                + result.unchanged() + " unchanged";
        context.detail(detail);
        context.log().info("deployed {}", detail);
    }

    /** What changes the files it copies, recorded with their states before: an uninstall or a rollback puts them back. */
    @Override
    public Reversibility reversibility(StepDescriptor step) {
        return Reversibility.REVERSIBLE;
    }

    /**
     * The file as written (size and modification time from one stat, the hash where it was read
     * anyway), its state before this deployment, and its state before the package first wrote it:
     * inherited from the package's earlier record of the file, else the state before.
     */
    private static ChangeRecord undoRecord(StepContext context, FileDeployer.DeployedFile file, FileUndo earlier)
            throws IOException {
        // The deployer's own look at the file when it took one, which spares a second stat per file.
        Optional<FileInfo> seen = file.knownStamp().map(s -> new FileInfo(s.size(),
                java.time.Instant.ofEpochSecond(0, s.modifiedNanos())));
        FileInfo written = (seen.isPresent() ? seen : context.target().stat(file.targetPath())).orElseThrow(
                () -> new IOException(file.targetPath() + " is not on the target right after it was deployed"));
        String origin = earlier != null ? earlier.origin()
                : !file.before().equals(FileUndo.SAME) ? file.before()
                : file.knownSha256().map(FileUndo::kept).orElse(FileUndo.PRESENT);
        return new FileUndo(file.sha256(), written.size(), written.modified().toEpochMilli(), file.before(), origin)
                .record(file.targetPath());
    }

    /** Whether an earlier deployment of the package created the destination. */
    private static boolean createdFolder(StepContext context, String destination) {
        return context.recordedChanges().stream().flatMap(r -> r.changes().stream())
                .anyMatch(c -> c.createdFolder() && c.target().equals(destination));
    }

    /** Missing or empty: made for this package (the file tiers create it empty in Prepare). */
    private static boolean vacant(StepContext context, String destination) throws IOException {
        Optional<FolderStaging> staging = context.target().capability(FolderStaging.class);
        if (staging.isPresent()) {
            return staging.get().isVacant(destination);
        }
        return !context.target().exists(destination) || context.target().list(destination).isEmpty();
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
