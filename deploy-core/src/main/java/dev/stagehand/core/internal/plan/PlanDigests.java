package dev.stagehand.core.internal.plan;

import dev.stagehand.api.io.Sha256;
import dev.stagehand.api.journal.DeploymentJournal;
import dev.stagehand.api.journal.InstalledPackage;
import dev.stagehand.core.plan.PlanDigest;
import dev.stagehand.core.plan.PlannedPackage;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/** The digest of a plan's inputs (see {@link PlanDigest}). */
public final class PlanDigests {

    private PlanDigests() {
    }

    /**
     * @param packages every package version of the plan, up-to-date ones included
     * @param values   the variable values the user gave (parameters, {@code --set}, environment)
     * @param secret   whether a name is a secret: then only its name counts
     */
    public static PlanDigest of(List<PlannedPackage> packages, Map<String, String> values, Predicate<String> secret,
                                DeploymentJournal journal) {
        StringBuilder manifests = new StringBuilder();
        StringBuilder installed = new StringBuilder();
        packages.stream().sorted(Comparator.comparing((PlannedPackage p) -> p.id().toLowerCase(Locale.ROOT))
                .thenComparing(PlannedPackage::version)).forEach(p -> {
                    manifests.append(p.id().toLowerCase(Locale.ROOT)).append('@').append(p.version()).append('=')
                            .append(p.manifestDigest()).append('\n');
                });
        packages.stream().map(p -> p.id().toLowerCase(Locale.ROOT)).distinct().sorted().forEach(id -> installed
                .append(id).append('=').append(journal.installed(id).map(InstalledPackage::version).orElse("-"))
                .append('\n'));
        Map<String, String> sorted = new TreeMap<>();
        values.forEach((name, value) -> sorted.put(name.trim().toLowerCase(Locale.ROOT),
                secret.test(name) ? "(secret)" : value));
        StringBuilder parameters = new StringBuilder();
        sorted.forEach((name, value) -> parameters.append(name.length()).append(':').append(name).append('=')
                .append(value.length()).append(':').append(value).append('\n'));
        return new PlanDigest(hash(manifests), hash(parameters), hash(installed));
    }

    private static String hash(CharSequence text) {
        return Sha256.of(text.toString().getBytes(StandardCharsets.UTF_8));
    }
}
