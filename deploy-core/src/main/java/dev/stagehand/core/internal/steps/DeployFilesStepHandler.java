package dev.stagehand.core.internal.steps;

import com.google.auto.service.AutoService;
import dev.stagehand.api.DeploymentException;
import dev.stagehand.api.StepFailedException;
import dev.stagehand.api.journal.ChangeRecord;
import dev.stagehand.api.spi.StepContext;
import dev.stagehand.api.spi.StepHandler;
import dev.stagehand.core.target.LocalTarget;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
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
    public void validate(StepContext context) throws Exception {
        if (destination(context).isEmpty()) {
            context.problems().error(missingDestination(context));
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
        String destination = destination(context)
                .orElseThrow(() -> new StepFailedException(missingDestination(context), context.location(),
                        context.stage(), null));
        String contentPath = context.requiredAttribute("contentPath");
        List<String> files = context.content().find(contentPath);
        if (context.dryRun()) {
            context.log().info("would deploy {} files matching '{}' to {}", files.size(), contentPath, destination);
            return;
        }
        // Only a target known to be safe from several threads gets them.
        int threads = context.target() instanceof LocalTarget ? FileDeployer.localThreads() : 1;
        FileDeployer deployer = new FileDeployer(context.target(), cacheFile.apply(context).orElse(null), threads);
        FileDeployer.Result result;
        try {
            result = deployer.deploy(context.content()::resolve, files, destination);
        } catch (IllegalArgumentException e) {
            throw new StepFailedException(e.getMessage(), context.location(), context.stage(), e);
        }
        for (FileDeployer.DeployedFile file : result.files()) {
            if (!file.copied()) {
                context.log().info("{} is unchanged: not copied", file.targetPath());
            }
            context.recordChange(changeRecord(file));
        }
        context.log().info("deployed {} files to {}: {} copied, {} unchanged", result.files().size(), destination,
                result.copied(), result.unchanged());
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
        Optional<String> fromStep = nonBlank(context.attribute("targetDirectory"));
        if (fromStep.isPresent()) {
            return fromStep;
        }
        Optional<String> fromPackage = nonBlank(context.variables().get("Package.TargetDirectory"));
        if (fromPackage.isPresent()) {
            return fromPackage;
        }
        String declared = context.manifest().targetDirectory();
        if (declared != null && !declared.isBlank()) {
            try {
                return nonBlank(Optional.of(context.variables().expand(declared)));
            } catch (DeploymentException e) {
                return Optional.empty();
            }
        }
        return typeVariable(context).flatMap(name -> nonBlank(context.variables().get(name)));
    }

    /** The variable naming the destination of the package's type, when its type has one. */
    private static Optional<String> typeVariable(StepContext context) {
        String type = context.manifest().type();
        if (type == null) {
            return Optional.empty();
        }
        return switch (type.trim().toLowerCase(Locale.ROOT)) {
            case "presentation" -> Optional.of("PresentationFileLocation");
            case "business" -> Optional.of("BusinessFileLocation");
            default -> Optional.empty();
        };
    }

    private static String missingDestination(StepContext context) {
        String declared = context.manifest().targetDirectory();
        String message = "DeployFiles has nowhere to copy to: set the step's targetDirectory attribute or the "
                + "package's targetDirectory";
        if (declared != null && !declared.isBlank()) {
            message += " (the package's '" + declared + "' uses a variable that has no value)";
        }
        return message + typeVariable(context).map(v -> ", or give the variable " + v + " a value").orElse("");
    }

    private static Optional<String> nonBlank(Optional<String> value) {
        return value.map(String::trim).filter(v -> !v.isEmpty());
    }

    private static String safeName(String text) {
        return text.replaceAll("[^A-Za-z0-9._-]", "_");
    }
}
