package dev.stagehand.core.internal.steps;

import com.google.auto.service.AutoService;
import dev.stagehand.api.DeploymentException;
import dev.stagehand.api.Location;
import dev.stagehand.api.Problem;
import dev.stagehand.api.ValidationException;
import dev.stagehand.api.io.Sha256;
import dev.stagehand.api.io.TextEncoding;
import dev.stagehand.api.journal.ChangeRecord;
import dev.stagehand.api.model.Attributes;
import dev.stagehand.api.spi.ChangeKind;
import dev.stagehand.api.spi.Fingerprint;
import dev.stagehand.api.spi.PlannedChange;
import dev.stagehand.api.spi.PlanningContext;
import dev.stagehand.api.spi.StepContext;
import dev.stagehand.api.spi.StepHandler;
import dev.stagehand.api.spi.Variables;
import dev.stagehand.api.target.DeploymentTarget;
import dev.stagehand.core.transform.FileTransforms;
import dev.stagehand.core.transform.TransformResult;
import java.io.InputStream;
import java.nio.file.Files;
import dev.stagehand.api.journal.FileUndo;
import dev.stagehand.api.model.StepDescriptor;
import dev.stagehand.api.spi.Reversibility;
import dev.stagehand.api.spi.UndoStore;
import dev.stagehand.api.target.FileInfo;
import dev.stagehand.core.internal.undo.FileUndos;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * {@code TransformFile}: changes a file already on the target (typically just deployed by
 * DeployFiles) with the transform file of the same name at the package root: JDT for
 * {@code .json}, XDT for {@code .xml} and {@code .config}. {@code tagFile="true"} replaces
 * {@code $(...)} in the transform first; {@code relativePath} puts the target below the
 * package's target directory. The transform runs on a local copy; only a complete result is
 * written back (atomically), so a failed transform changes nothing.
 */
@AutoService(StepHandler.class)
public final class TransformFileStepHandler implements StepHandler {

    private static final Set<String> EXTENSIONS = Set.of("json", "xml", "config");

    @Override
    public Set<String> stepTypes() {
        return Set.of("TransformFile");
    }

    @Override
    public List<PlannedChange> plannedChanges(PlanningContext context) {
        Optional<String> file = context.attributes().get("file").filter(f -> !f.isBlank());
        Optional<String> base = context.variables().get("Package.TargetDirectory").filter(b -> !b.isBlank());
        if (file.isEmpty() || base.isEmpty()) {
            return List.of();
        }
        return List.of(PlannedChange.changes(ChangeKind.FILE,
                targetPath(context.attributes(), context.variables(), context.target(), file.get())));
    }

    /** The transform file, and with {@code tagFile} the variables its tokens use. */
    @Override
    public void fingerprint(StepContext context, Fingerprint fingerprint) throws Exception {
        Optional<String> file = context.attribute("file").filter(f -> !f.isBlank());
        if (file.isPresent() && context.content().exists(file.get())) {
            fingerprint.addPackageFile(file.get());
            if (context.flag("tagFile", false)) {
                fingerprint.addVariablesUsedInFile(file.get());
            }
        }
    }

    @Override
    public void validate(StepContext context) throws Exception {
        Optional<String> file = context.attribute("file").filter(f -> !f.isBlank());
        if (file.isEmpty()) {
            context.problems().error("TransformFile needs a file attribute (the name of the target and of the transform)");
            return;
        }
        String name = file.get();
        int dot = name.lastIndexOf('.');
        if (dot < 0 || !EXTENSIONS.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT))) {
            context.problems().error("cannot transform " + name + ": supported extensions are .json (JDT), .xml and"
                    + " .config (XDT)");
        }
        boolean present;
        try {
            present = context.content().exists(name);
        } catch (IllegalArgumentException e) {
            context.problems().error(e.getMessage());
            return;
        }
        if (!present) {
            context.problems().error("the transform file " + name + " is not at the package root");
            return;
        }
        if (context.variables().get("Package.TargetDirectory").isEmpty()) {
            context.problems().error("TransformFile needs the package's targetDirectory to find " + name);
        } else {
            // relativePath may come from variables: where it leads is known only now, and must be checked before anything changes.
            try {
                targetPath(context, name);
            } catch (ValidationException e) {
                e.problems().forEach(p -> context.problems().error(p.message()));
            }
        }
        if (context.flag("tagFile", false)) {
            String text = TextEncoding.decodeText(Files.readAllBytes(context.content().resolve(name)));
            for (String variable : context.variables().undefinedIn(text)) {
                context.problems().error("variable $(" + variable + ") used in the transform " + name + " is not set");
            }
        }
    }

    @Override
    public void execute(StepContext context) throws Exception {
        String name = context.requiredAttribute("file");
        DeploymentTarget target = context.target();
        String targetPath = targetPath(context, name);
        if (!target.exists(targetPath)) {
            throw new DeploymentException("the file to transform, " + targetPath + ", is not on the target",
                    context.location());
        }
        Path local = context.workDirectory().resolve(Path.of(name).getFileName().toString());
        try (InputStream in = target.read(targetPath)) {
            Files.copy(in, local, StandardCopyOption.REPLACE_EXISTING);
        }
        UnaryOperator<String> tagger = context.flag("tagFile", false) ? context.variables()::expand : null;
        TransformResult result = FileTransforms.applyInPlace(local, context.content().resolve(name), tagger);
        result.warnings().forEach(w -> context.problems().warning(w.message(), w.location()));
        if (context.dryRun()) {
            context.log().info("would transform {} ({} warnings)", targetPath, result.warnings().size());
            return;
        }
        // The file as it was, for a rollback or an uninstall; a transform the package repeats keeps the first origin.
        Optional<UndoStore> undo = context.undoStore();
        String before = undo.isPresent() ? FileUndo.kept(undo.get().keep(target, targetPath)) : FileUndo.PRESENT;
        FileUndo earlier = FileUndos.latest(context.recordedChanges(), target.name()).get(targetPath);
        target.upload(local, targetPath);
        FileInfo written = target.stat(targetPath).orElseThrow(() -> new DeploymentException(targetPath
                + " is not on the target right after it was transformed", context.location()));
        context.recordChange(new FileUndo(Sha256.of(local), written.size(), written.modified().toEpochMilli(), before,
                earlier != null ? earlier.origin() : before).record(targetPath));
        context.detail("transformed " + targetPath + " with " + name);
        context.log().info("transformed {} with {}", targetPath, name);
    }

    /** It keeps the file as it was before writing the transformed one. */
    @Override
    public Reversibility reversibility(StepDescriptor step) {
        return Reversibility.REVERSIBLE;
    }

    private static String targetPath(StepContext context, String name) {
        if (context.variables().get("Package.TargetDirectory").isEmpty()) {
            throw new DeploymentException("TransformFile needs the package's targetDirectory", context.location());
        }
        return targetPath(context.attributes(), context.variables(), context.target(), name);
    }

    /** The package's target directory, then {@code relativePath}, then the file: never above the target directory. */
    private static String targetPath(Attributes attributes, Variables variables, DeploymentTarget target, String name) {
        String base = variables.get("Package.TargetDirectory").orElseThrow();
        List<String> parts = new ArrayList<>();
        attributes.get("relativePath").filter(r -> !r.isBlank())
                .ifPresent(r -> parts.addAll(List.of(r.replace('\\', '/').split("/"))));
        parts.addAll(List.of(name.replace('\\', '/').split("/")));
        parts.removeIf(String::isEmpty);
        for (String part : parts) {
            if (part.equals("..")) {
                throw new ValidationException(List.of(Problem.error("relativePath '" + attributes.get("relativePath")
                        .orElse("") + "' and file '" + name + "' climb out of the target directory " + base
                        + " with '..'; the file to transform must be inside it", Location.UNKNOWN)));
            }
        }
        return target.resolve(base, parts.toArray(String[]::new));
    }
}
