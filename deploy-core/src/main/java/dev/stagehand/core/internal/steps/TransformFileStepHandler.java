package dev.stagehand.core.internal.steps;

import com.google.auto.service.AutoService;
import dev.stagehand.api.DeploymentException;
import dev.stagehand.api.journal.ChangeRecord;
import dev.stagehand.api.spi.StepContext;
import dev.stagehand.api.spi.StepHandler;
import dev.stagehand.api.target.DeploymentTarget;
import dev.stagehand.core.internal.variables.VariableSet;
import dev.stagehand.core.target.Sha256;
import dev.stagehand.core.transform.FileTransforms;
import dev.stagehand.core.transform.TransformResult;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
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
        }
        if (tagFile(context)) {
            String text = Files.readString(context.content().resolve(name), StandardCharsets.UTF_8);
            for (String variable : VariableSet.referencedNames(text)) {
                if (context.variables().get(variable).isEmpty()) {
                    context.problems().error("variable $(" + variable + ") used in the transform " + name
                            + " is not set");
                }
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
        UnaryOperator<String> tagger = tagFile(context) ? context.variables()::expand : null;
        TransformResult result = FileTransforms.applyInPlace(local, context.content().resolve(name), tagger);
        result.warnings().forEach(w -> context.problems().warning(w.message(), w.location()));
        if (context.dryRun()) {
            context.log().info("would transform {} ({} warnings)", targetPath, result.warnings().size());
            return;
        }
        target.upload(local, targetPath);
        String sha256;
        try (InputStream in = Files.newInputStream(local)) {
            sha256 = Sha256.of(in);
        }
        context.recordChange(ChangeRecord.file(targetPath, sha256));
        context.log().info("transformed {} with {}", targetPath, name);
    }

    private static boolean tagFile(StepContext context) {
        return context.attribute("tagFile").map(v -> v.trim().equalsIgnoreCase("true")).orElse(false);
    }

    private static String targetPath(StepContext context, String name) {
        String base = context.variables().get("Package.TargetDirectory").orElseThrow(() -> new DeploymentException(
                "TransformFile needs the package's targetDirectory", context.location()));
        List<String> parts = new ArrayList<>();
        context.attribute("relativePath").filter(r -> !r.isBlank())
                .ifPresent(r -> parts.addAll(List.of(r.replace('\\', '/').split("/"))));
        parts.add(name);
        parts.removeIf(String::isEmpty);
        for (String part : parts) {
            if (part.equals("..")) {
                throw new DeploymentException("relativePath and file may not climb out of the target directory",
                        context.location());
            }
        }
        return context.target().resolve(base, parts.toArray(String[]::new));
    }
}
