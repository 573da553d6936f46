package dev.stagehand.core.internal.engine;

import dev.stagehand.api.Location;
import dev.stagehand.api.PipelineStage;
import dev.stagehand.api.Problem;
import dev.stagehand.api.model.PackageManifest;
import dev.stagehand.api.spi.PackageTypeHandler;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.slf4j.LoggerFactory;

/**
 * Package type handlers around the packages of their type: {@code beforeFirst} before the first
 * package of the type in plan order, {@code afterLast} after the last, in every stage. A failure
 * in a changing stage fails every active package of the type; before, it is one more problem of
 * the report; in Cleanup, a warning.
 */
final class TypeHandlerRunner {

    private final Deployment deployment;

    TypeHandlerRunner(Deployment deployment) {
        this.deployment = deployment;
    }

    /** The first and last index of each package type in plan order that has a handler. */
    Map<String, int[]> spans() {
        Map<String, int[]> spans = new LinkedHashMap<>();
        for (int i = 0; i < deployment.packages.size(); i++) {
            String type = typeKey(deployment.packages.get(i));
            if (type != null && deployment.plugins().typeHandler(type).isPresent()) {
                int index = i;
                spans.computeIfAbsent(type, t -> new int[] {index, index})[1] = i;
            }
        }
        return spans;
    }

    static String typeKey(PackageRun p) {
        return p.planned.type() == null ? null : p.planned.type().toLowerCase(Locale.ROOT);
    }

    void run(PipelineStage stage, PackageRun first, boolean before) {
        Optional<PackageTypeHandler> found = deployment.plugins().typeHandler(first.planned.type());
        if (found.isEmpty()) {
            return;
        }
        PackageTypeHandler handler = found.get();
        String type = first.planned.type();
        List<PackageRun> ofType = deployment.packages.stream().filter(p -> type.equalsIgnoreCase(p.planned.type()))
                .toList();
        Map<PackageManifest, PackageRun> byManifest = new LinkedHashMap<>();
        ofType.forEach(p -> byManifest.put(p.planned.manifest(), p));
        Location where = Location.ofPackage(first.planned.id(), first.planned.version());
        DefaultPackageTypeContext context = new DefaultPackageTypeContext(stage, type,
                ofType.stream().map(p -> p.planned.manifest()).toList(),
                m -> byManifest.getOrDefault(m, first).variables, deployment.targets(),
                new MaskingLogger(LoggerFactory.getLogger("dev.stagehand.type." + type), deployment::mask), where,
                deployment::report, deployment.store, deployment.id(), deployment.options().dryRun());
        int errorsBefore = errors();
        try {
            if (before) {
                handler.beforeFirst(stage, context);
            } else {
                handler.afterLast(stage, context);
            }
            if (stage.changesTarget() && errors() > errorsBefore) {
                failAll(type, "the package type handler for " + type + " reported an error in " + stage);
            }
        } catch (Exception | LinkageError | StackOverflowError e) {
            String message = "package type handler for " + type + " failed " + (before ? "before the first"
                    : "after the last") + " package in " + stage + ": " + deployment.message(e);
            deployment.log.debug("{}", message, e);
            if (stage.changesTarget()) {
                deployment.report(Problem.error(message, where));
                failAll(type, message);
            } else {
                deployment.report(stage == PipelineStage.CLEANUP ? Problem.warning(message, where)
                        : Problem.error(message, where));
            }
        }
    }

    private int errors() {
        return (int) deployment.problems.stream().filter(Problem::isError).count();
    }

    private void failAll(String type, String message) {
        boolean abort = FailurePolicy.aborts(deployment);
        for (PackageRun p : List.copyOf(deployment.packages)) {
            if (type.equalsIgnoreCase(p.planned.type()) && p.active()) {
                FailurePolicy.packageFailed(deployment, p, message, abort);
            }
        }
    }
}
