package dev.stagehand.core.internal.plan;

import dev.stagehand.api.Location;
import dev.stagehand.api.PipelineStage;
import dev.stagehand.api.Problem;
import dev.stagehand.api.ValidationException;
import dev.stagehand.api.ResolutionException;
import dev.stagehand.api.model.PackageManifest;
import dev.stagehand.api.model.StepDescriptor;
import dev.stagehand.api.spi.PackageAction;
import dev.stagehand.api.spi.ChangeKind;
import dev.stagehand.api.spi.PlannedChange;
import dev.stagehand.api.target.DeploymentTarget;
import dev.stagehand.core.internal.engine.DefaultPackageTypeContext;
import dev.stagehand.core.internal.plugins.PluginRegistry;
import dev.stagehand.core.internal.variables.PackageVariables;
import dev.stagehand.core.internal.variables.VariableSet;
import dev.stagehand.core.plan.DeploymentPlan;
import dev.stagehand.core.plan.InstallationMode;
import dev.stagehand.core.plan.LoadedPackage;
import dev.stagehand.core.plan.PlanDigest;
import dev.stagehand.core.plan.PlannedPackage;
import dev.stagehand.core.plan.PlannedStep;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.stream.Collectors;

/** Orders a resolution (dependencies first, ties by id) and describes it as a {@link DeploymentPlan}. */
public final class PlanBuilder {

    private PlanBuilder() {
    }

    /** What a plan is made from besides the resolution. */
    public record Inputs(VariableSet variables, PluginRegistry plugins, DeploymentTarget target,
                         String requestedVersion, List<Path> sources) {
    }

    /**
     * The plan of a resolution; its digest is computed by the caller, who knows the inputs.
     *
     * @param digest what the plan was made from
     */
    public static DeploymentPlan build(Planner.Resolution resolution, Inputs inputs,
                                       java.util.function.Function<List<PlannedPackage>, PlanDigest> digest) {
        List<String> order = order(resolution);
        boolean anyInstalled = resolution.selections().values().stream().anyMatch(s -> s.installed() != null);
        List<PlannedPackage> packages = new ArrayList<>();
        List<Problem> warnings = new ArrayList<>(resolution.warnings());
        // Each version's built-ins once, for its step summaries and its planned changes alike.
        Map<PackageManifest, Map<String, String>> builtIns = new IdentityHashMap<>();
        for (String id : order) {
            Selection s = resolution.selections().get(id);
            List<String> reasons = resolution.includedBy().getOrDefault(id, List.of()).stream().distinct().toList();
            Set<String> needs = resolution.dependsOn().getOrDefault(id, Set.of());
            if (s.path().isEmpty()) {
                PackageManifest m = s.top().manifest();
                packages.add(new PlannedPackage(m.id(), m.version(), m.type(), s.strategy(),
                        new PackageAction(PackageAction.Kind.UP_TO_DATE, m.version(), m.version()), reasons,
                        s.top().origin(), List.of(), m, needs, s.top().digest()));
                continue;
            }
            String from = s.installed() == null ? null : s.installed().toString();
            for (LoadedPackage version : s.path()) {
                PackageManifest m = version.manifest();
                PackageAction action = new PackageAction(from == null ? PackageAction.Kind.NEW
                        : PackageAction.Kind.UPGRADE, from, m.version());
                Map<String, String> local = inputs.variables().packageBuiltIns(m);
                builtIns.put(m, local);
                List<PlannedStep> steps = new ArrayList<>();
                for (StepDescriptor step : m.steps()) {
                    steps.add(new PlannedStep(step.index(), step.type(), summary(step, local, inputs.variables()),
                            inputs.plugins().stepHandler(step.type()).map(h -> h.reversibility(step)).orElse(null)));
                }
                packages.add(new PlannedPackage(m.id(), m.version(), m.type(), s.strategy(), action, reasons,
                        version.origin(), steps, m, needs, version.digest()));
                from = m.version();
            }
        }
        List<PlannedChange> changes = changes(packages, inputs, warnings, builtIns);
        Selection root = resolution.selections().get(Planner.key(resolution.root().manifest().id()));
        return new DeploymentPlan(root.top().manifest().id(), inputs.requestedVersion(),
                root.top().manifest().version(), anyInstalled ? InstallationMode.UPGRADE : InstallationMode.CLEAN,
                packages, changes, notice(changes), warnings, inputs.sources(), digest.apply(packages));
    }

    /** What the package types and the steps of the packages to deploy will create or change, secrets masked. */
    private static List<PlannedChange> changes(List<PlannedPackage> packages, Inputs inputs, List<Problem> warnings,
                                               Map<PackageManifest, Map<String, String>> builtIns) {
        VariableSet variables = inputs.variables();
        List<PlannedChange> changes = new ArrayList<>();
        List<PlannedPackage> toDeploy = packages.stream().filter(PlannedPackage::hasWork).toList();
        Map<String, List<PlannedPackage>> byType = new LinkedHashMap<>();
        toDeploy.stream().filter(p -> p.type() != null).forEach(p -> byType.computeIfAbsent(
                p.type().toLowerCase(Locale.ROOT), t -> new ArrayList<>()).add(p));
        // One set of variables per package, for its type handler and its steps alike. By identity:
        // a manifest record's own hashCode walks every step and attribute of it.
        Map<PackageManifest, PackageVariables> byManifest = new IdentityHashMap<>();
        toDeploy.forEach(p -> byManifest.put(p.manifest(), packageVariables(p.manifest(), inputs,
                builtIns.get(p.manifest()))));
        byType.forEach((type, ofType) -> inputs.plugins().typeHandler(type).ifPresent(handler -> {
            DefaultPackageTypeContext context = new DefaultPackageTypeContext(PipelineStage.INITIALIZE,
                    ofType.get(0).type(), ofType.stream().map(PlannedPackage::manifest).toList(), byManifest::get,
                    List.of(inputs.target()), LOG, Location.UNKNOWN, warnings::add, null, "(planning)", true);
            try {
                handler.plannedChanges(context).forEach(c -> changes.add(masked(c, variables)));
            } catch (Exception e) {
                warnings.add(Problem.warning("cannot tell what the package type handler for " + type
                        + " will change: " + variables.mask(String.valueOf(e.getMessage())), Location.UNKNOWN));
            }
        }));
        List<Problem> refused = new ArrayList<>();
        for (PlannedPackage p : toDeploy) {
            PackageVariables packageVariables = byManifest.get(p.manifest());
            for (StepDescriptor step : p.manifest().steps()) {
                inputs.plugins().stepHandler(step.type()).ifPresent(handler -> {
                    try {
                        StepPlanning.plannedChanges(handler, step, p.manifest(), packageVariables, inputs.target(),
                                why -> warnings.add(Problem.warning(why, step.location().withPackage(p.id(),
                                        p.version())))).forEach(c -> changes.add(masked(c, variables)));
                    } catch (ValidationException e) {
                        refused.addAll(e.problems());
                    }
                });
            }
        }
        if (!refused.isEmpty()) {
            // With what planning found on the way: a warning may tell why.
            refused.addAll(warnings);
            throw new ResolutionException(refused);
        }
        return changes;
    }

    private static PackageVariables packageVariables(PackageManifest m, Inputs inputs, Map<String, String> builtIns) {
        Map<String, String> local = builtIns != null ? builtIns : inputs.variables().packageBuiltIns(m);
        return new PackageVariables(inputs.variables(), local,
                m.location().withPackage(m.id(), m.version()), inputs.plugins());
    }

    /** The change with secrets masked, and a file or folder path normalised (no {@code .} or {@code ..} left). */
    private static PlannedChange masked(PlannedChange change, VariableSet variables) {
        String name = change.kind() == ChangeKind.FILE || change.kind() == ChangeKind.FOLDER
                ? normalised(change.name()) : change.name();
        return new PlannedChange(change.kind(), variables.mask(name), change.action(), change.source());
    }

    /**
     * {@code path} without {@code .} segments and with each {@code ..} taken out with the segment
     * before it, keeping its separators: the notice shows where a change lands, not how it was
     * written. A {@code ..} at the root of an absolute path is dropped; one that starts a relative
     * path is kept.
     */
    static String normalised(String path) {
        if (path == null || path.isEmpty()) {
            return path;
        }
        String separator = path.indexOf('/') < 0 && path.indexOf('\\') >= 0 ? "\\" : "/";
        String[] segments = path.split("[/\\\\]", -1);
        Deque<String> kept = new ArrayDeque<>();
        for (int i = 0; i < segments.length; i++) {
            String segment = segments[i];
            if ((i > 0 && segment.isEmpty()) || segment.equals(".")) {
                continue;
            }
            boolean atRoot = kept.size() == 1 && (kept.peekLast().isEmpty() || kept.peekLast().endsWith(":"));
            if (segment.equals("..") && atRoot) {
                // Above the root is the root, as for any absolute path.
                continue;
            }
            if (segment.equals("..") && !kept.isEmpty() && !kept.peekLast().equals("..")) {
                kept.removeLast();
                continue;
            }
            kept.addLast(segment);
        }
        if (kept.isEmpty()) {
            return ".";
        }
        String joined = String.join(separator, kept);
        return joined.isEmpty() ? separator : joined;
    }

    /**
     * One line per thing changed, {@code folder /srv/app/Web (App@1.0.0 step 1 DeployFiles)}: the
     * first step (or package type) to name a thing names it in the notice.
     */
    private static List<String> notice(List<PlannedChange> changes) {
        Map<String, String> lines = new LinkedHashMap<>();
        for (PlannedChange change : changes) {
            Location at = change.source();
            String where = at.packageId() == null ? "" : " (" + at.packageId()
                    + (at.stepIndex() > 0 ? "@" + at.packageVersion() + " step " + at.stepIndex() + " " + at.stepType()
                    : "") + ")";
            lines.putIfAbsent(change.kind() + "\u0000" + change.name().toLowerCase(Locale.ROOT), change + where);
        }
        return List.copyOf(lines.values());
    }

    /** Kahn's algorithm with a queue ordered by id, so equal inputs always give the same order. */
    static List<String> order(Planner.Resolution resolution) {
        Map<String, Selection> selections = resolution.selections();
        Map<String, Integer> waitingOn = new HashMap<>();
        Map<String, List<String>> dependents = new HashMap<>();
        for (String id : selections.keySet()) {
            Set<String> deps = resolution.dependsOn().getOrDefault(id, Set.of());
            int count = 0;
            for (String dep : deps) {
                if (selections.containsKey(dep)) {
                    dependents.computeIfAbsent(dep, k -> new ArrayList<>()).add(id);
                    count++;
                }
            }
            waitingOn.put(id, count);
        }
        Comparator<String> byId = Comparator.comparing((String id) -> selections.get(id).id().toLowerCase(Locale.ROOT))
                .thenComparing(id -> selections.get(id).id());
        PriorityQueue<String> ready = new PriorityQueue<>(byId);
        waitingOn.forEach((id, count) -> {
            if (count == 0) {
                ready.add(id);
            }
        });
        List<String> order = new ArrayList<>(selections.size());
        while (!ready.isEmpty()) {
            String id = ready.poll();
            order.add(id);
            for (String dependent : dependents.getOrDefault(id, List.of())) {
                if (waitingOn.merge(dependent, -1, Integer::sum) == 0) {
                    ready.add(dependent);
                }
            }
        }
        if (order.size() < selections.size()) {
            Set<String> left = new HashSet<>(selections.keySet());
            order.forEach(left::remove);
            List<String> loop = cycle(left, resolution);
            throw new ResolutionException("dependency cycle: " + loop.stream().map(id -> resolution.selections()
                    .get(id).top().manifest().coordinates()).collect(Collectors.joining(" → ")),
                    closingEdge(loop, resolution));
        }
        return order;
    }

    /** Where the last edge of a cycle is written: the dependency (or the package) that closes it. */
    private static Location closingEdge(List<String> loop, Planner.Resolution resolution) {
        PackageManifest from = resolution.selections().get(loop.get(loop.size() - 2)).top().manifest();
        String to = loop.get(loop.size() - 1);
        return from.dependencies().stream().filter(d -> d.id().equalsIgnoreCase(to)).findFirst()
                .map(d -> d.location().withPackage(from.id(), from.version()))
                .orElse(from.location().withPackage(from.id(), from.version()));
    }

    /** One cycle among the packages Kahn's algorithm could not order, its first id again at its end. */
    private static List<String> cycle(Set<String> left, Planner.Resolution resolution) {
        String start = left.stream().sorted().findFirst().orElseThrow();
        List<String> path = new ArrayList<>();
        Map<String, Integer> seenAt = new HashMap<>();
        String current = start;
        while (!seenAt.containsKey(current)) {
            seenAt.put(current, path.size());
            path.add(current);
            current = resolution.dependsOn().getOrDefault(current, Set.of()).stream().filter(left::contains).sorted()
                    .findFirst().orElseThrow();
        }
        List<String> loop = new ArrayList<>(path.subList(seenAt.get(current), path.size()));
        loop.add(current);
        return loop;
    }

    private static String expand(String text, Map<String, String> local, VariableSet variables) {
        return variables.mask(variables.expand(text, local, name -> "$(" + name + ")"));
    }

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(PlanBuilder.class);

    private static String summary(StepDescriptor step, Map<String, String> local, VariableSet variables) {
        return step.attributes().asMap().entrySet().stream().filter(e -> !e.getKey().equalsIgnoreCase("type"))
                .map(e -> e.getKey() + "=" + expand(e.getValue(), local, variables))
                .collect(Collectors.joining(" "));
    }
}
