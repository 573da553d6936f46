package dev.stagehand.core.internal.engine;

import dev.stagehand.api.Problem;
import dev.stagehand.api.model.PackageManifest;
import dev.stagehand.api.model.VariableDeclaration;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The Validate stage's own checks, before the handlers': every variable a step or a package
 * uses is set, every declared value fits its type, required variables have values, and the
 * variables package type handlers require are set.
 */
final class VariableChecks {

    private VariableChecks() {
    }

    static void validate(Deployment deployment, List<Problem> fromInitialize) {
        fromInitialize.forEach(deployment::report);
        for (PackageRun p : deployment.packages) {
            PackageManifest m = p.planned.manifest();
            if (m.targetDirectory() != null) {
                for (String name : p.variables.undefinedIn(m.targetDirectory())) {
                    deployment.report(Problem.error("variable $(" + name + ") used in targetDirectory is not set",
                            p.location()));
                }
            }
            deployment.plugins().typeHandler(m.type()).ifPresent(h -> h.requiredVariables().stream()
                    .filter(v -> p.variables.get(v).isEmpty())
                    .forEach(v -> deployment.report(Problem.error("variable " + v + " is required by packages of type "
                            + m.type(), p.location()))));
        }
        Set<String> seen = new HashSet<>();
        for (PackageRun p : deployment.packages) {
            for (VariableDeclaration d : p.planned.manifest().ui().variables()) {
                if (seen.add(d.name().toLowerCase(Locale.ROOT))) {
                    declared(deployment, d);
                }
            }
        }
    }

    private static void declared(Deployment deployment, VariableDeclaration d) {
        DeclaredValues.problem(d, deployment.variables().get(d.name()).orElse(null)).ifPresent(deployment::report);
    }
}
