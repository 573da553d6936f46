package dev.stagehand.core.internal.steps;

import dev.stagehand.api.DeploymentException;
import dev.stagehand.api.Location;
import dev.stagehand.api.Problem;
import dev.stagehand.api.ValidationException;
import dev.stagehand.api.model.Attributes;
import dev.stagehand.api.model.PackageManifest;
import dev.stagehand.core.internal.content.ContentPattern;
import java.util.List;
import dev.stagehand.api.spi.Variables;
import java.util.Locale;
import java.util.Optional;

/**
 * Where a package's files go: its {@code targetDirectory}, else by package type the variable
 * {@code PresentationFileLocation} (Presentation) or {@code BusinessFileLocation} (Business), as
 * the seed's global manifest names them. DeployFiles and the file tiers' package type handler
 * share this one answer.
 */
final class FileTiers {

    static final String PRESENTATION = "Presentation";
    static final String BUSINESS = "Business";

    private FileTiers() {
    }

    /**
     * Refuses, at planning time, a {@code contentPath} (expanded) that would reach outside the
     * package: a step that cannot run as written makes no plan.
     *
     * @throws ValidationException saying which pattern and why
     */
    static void refuseEscapingContent(Attributes attributes) {
        Optional<String> contentPath = nonBlank(attributes.get("contentPath"));
        if (contentPath.isPresent()) {
            try {
                ContentPattern.parse(contentPath.get());
            } catch (IllegalArgumentException e) {
                throw new ValidationException(List.of(Problem.error(e.getMessage(), Location.UNKNOWN)));
            }
        }
    }

    /** The package's destination folder, expanded; empty when nothing names one (or a variable it uses has no value). */
    static Optional<String> destination(PackageManifest manifest, Variables variables) {
        Optional<String> fromPackage = nonBlank(variables.get("Package.TargetDirectory"))
                .filter(v -> variables.references(v).isEmpty());
        if (fromPackage.isPresent()) {
            return fromPackage;
        }
        String declared = manifest.targetDirectory();
        if (declared != null && !declared.isBlank()) {
            try {
                return nonBlank(Optional.of(variables.expand(declared)));
            } catch (DeploymentException e) {
                return Optional.empty();
            }
        }
        return typeVariable(manifest).flatMap(name -> nonBlank(variables.get(name)));
    }

    /** The variable naming the destination of the package's type, when its type has one. */
    static Optional<String> typeVariable(PackageManifest manifest) {
        String type = manifest.type();
        if (type == null) {
            return Optional.empty();
        }
        return switch (type.trim().toLowerCase(Locale.ROOT)) {
            case "presentation" -> Optional.of("PresentationFileLocation");
            case "business" -> Optional.of("BusinessFileLocation");
            default -> Optional.empty();
        };
    }

    /** Why a package has no destination, and what to set. */
    static String missing(PackageManifest manifest, String what) {
        String declared = manifest.targetDirectory();
        String message = what + " has nowhere to copy to: set the step's targetDirectory attribute or the "
                + "package's targetDirectory";
        if (declared != null && !declared.isBlank()) {
            message += " (the package's '" + declared + "' uses a variable that has no value)";
        }
        return message + typeVariable(manifest).map(v -> ", or give the variable " + v + " a value").orElse("");
    }

    static Optional<String> nonBlank(Optional<String> value) {
        return value.map(String::trim).filter(v -> !v.isEmpty());
    }
}
