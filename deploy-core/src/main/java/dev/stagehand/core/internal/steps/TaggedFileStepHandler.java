package dev.stagehand.core.internal.steps;

import dev.stagehand.api.model.StepDescriptor;
import dev.stagehand.api.spi.Reversibility;
import com.google.auto.service.AutoService;
import dev.stagehand.api.Location;
import dev.stagehand.api.StepFailedException;
import dev.stagehand.api.io.AtomicFiles;
import dev.stagehand.api.spi.PlannedChange;
import dev.stagehand.api.spi.PlanningContext;
import dev.stagehand.api.spi.StepContext;
import dev.stagehand.api.spi.StepHandler;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code <step type="TaggedFile" contentPath="config/*.json"/>}: replaces {@code $(Name)} tokens
 * in the package's files before later steps deploy them. The files are rewritten in the
 * package's working copy, which the engine unpacks for this deployment alone, so the package
 * itself is never changed. Validation reads every file and lists each use of an undefined
 * variable with its line; a token is never left in place silently.
 */
@AutoService(StepHandler.class)
public final class TaggedFileStepHandler implements StepHandler {

    static final String TYPE = "TaggedFile";

    @Override
    public Set<String> stepTypes() {
        return Set.of(TYPE);
    }

    /** Nothing on the target: the tagged copies are the package's own; a contentPath leaving the package is refused. */
    @Override
    public List<PlannedChange> plannedChanges(PlanningContext context) {
        FileTiers.refuseEscapingContent(context.attributes());
        return List.of();
    }

    /** It changes only the package's private copy, never the target. */
    @Override
    public Reversibility reversibility(StepDescriptor step) {
        return Reversibility.NO_CHANGES;
    }

    @Override
    public void validate(StepContext context) throws Exception {
        Optional<List<String>> files = files(context);
        if (files.isEmpty()) {
            return;
        }
        TokenReplacer replacer = replacer(context);
        for (String file : files.get()) {
            TokenReplacer.Result scan = replacer.scanFile(context.content().resolve(file));
            for (TokenReplacer.Undefined use : scan.undefined()) {
                context.problems().error("variable '" + use.name() + "' used in " + file + " at line " + use.line()
                        + " has no value", at(context, file, use.line()));
            }
            long unlisted = scan.undefinedCount() - scan.undefined().size();
            if (unlisted > 0) {
                context.problems().error(unlisted + " more uses of undefined variables in " + file,
                        at(context, file, 0));
            }
        }
    }

    /** The files to tag; empty after reporting why when there are none. */
    private static Optional<List<String>> files(StepContext context) throws IOException {
        Optional<String> contentPath = context.attribute("contentPath");
        if (contentPath.isEmpty() || contentPath.get().isBlank()) {
            context.problems().error("TaggedFile needs a contentPath attribute naming the file(s) whose tokens to replace");
            return Optional.empty();
        }
        try {
            List<String> files = context.content().find(contentPath.get());
            if (files.isEmpty()) {
                context.problems().error("contentPath '" + contentPath.get() + "' matches no file in the package");
                return Optional.empty();
            }
            return Optional.of(files);
        } catch (IllegalArgumentException e) {
            context.problems().error(e.getMessage());
            return Optional.empty();
        }
    }

    /**
     * The tagged copy lives in the work folder of one run; a resumed run must make it again
     * before DeployFiles deploys it. Tagging only writes that private copy, so repeating it is safe.
     */
    @Override
    public Resume onResume(StepContext context) {
        return Resume.RUN_AGAIN;
    }

    /**
     * Tags in Prepare, so that the steps of Execute (DeployFiles above all) deploy the tagged
     * file. The package is never changed: the tagged file is the package's private working copy.
     */
    @Override
    public void prepare(StepContext context) throws Exception {
        String contentPath = context.requiredAttribute("contentPath");
        TokenReplacer replacer = replacer(context);
        List<String> files = context.content().find(contentPath);
        long tokens = 0;
        for (String file : files) {
            if (context.dryRun()) {
                context.log().info("would replace tokens in {}", file);
                continue;
            }
            long replaced = rewrite(context, replacer, file, context.content().resolve(file));
            tokens += replaced;
            context.log().info("{}: {} tokens replaced", file, replaced);
        }
        context.detail(tokens + " tokens replaced in " + files.size() + (files.size() == 1 ? " file" : " files"));
    }

    private static long rewrite(StepContext context, TokenReplacer replacer, String file, Path original)
            throws IOException {
        Path path = context.content().writable(file);
        // Written beside the copy and renamed over it, so that a failure never leaves half a file.
        Path temp = Files.createTempFile(path.getParent(), "." + path.getFileName(), ".tagged");
        try {
            TokenReplacer.Result result = replacer.replaceFile(original, temp);
            if (result.undefinedCount() > 0) {
                TokenReplacer.Undefined first = result.undefined().get(0);
                throw new StepFailedException("variable '" + first.name() + "' used in " + file + " at line "
                        + first.line() + " has no value (" + result.undefinedCount() + " undefined uses in all)",
                        at(context, file, first.line()), context.stage(), null);
            }
            if (result.changed()) {
                keepPermissions(path, temp);
                AtomicFiles.replace(temp, path);
            }
            return result.replaced();
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** A script stays executable after its tokens are replaced. */
    private static void keepPermissions(Path original, Path replacement) throws IOException {
        PosixFileAttributeView view = Files.getFileAttributeView(original, PosixFileAttributeView.class);
        if (view != null) {
            Files.setPosixFilePermissions(replacement, view.readAttributes().permissions());
        }
    }

    private static TokenReplacer replacer(StepContext context) {
        return new TokenReplacer(name -> context.variables().get(name));
    }

    private static Location at(StepContext context, String file, int line) {
        Location step = context.location();
        return new Location(file, line, 0, step.packageId(), step.packageVersion(), step.stepIndex(), step.stepType());
    }
}
