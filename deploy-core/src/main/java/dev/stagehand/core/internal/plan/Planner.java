package dev.stagehand.core.internal.plan;

import dev.stagehand.core.internal.Versions;
import dev.stagehand.api.DeploymentException;
import dev.stagehand.api.Location;
import dev.stagehand.api.Problem;
import dev.stagehand.api.ResolutionException;
import dev.stagehand.api.journal.DeploymentJournal;
import dev.stagehand.api.journal.InstalledPackage;
import dev.stagehand.api.model.Dependency;
import dev.stagehand.api.model.MigrationStrategy;
import dev.stagehand.api.model.PackageManifest;
import dev.stagehand.api.model.StepDescriptor;
import dev.stagehand.api.spi.PackageRequest;
import dev.stagehand.api.spi.StepHandler;
import dev.stagehand.core.internal.packages.PackageFiles;
import dev.stagehand.core.internal.packages.PackageIndex;
import dev.stagehand.core.internal.plugins.PluginRegistry;
import dev.stagehand.core.plan.LoadedPackage;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.semver4j.RangesList;
import org.semver4j.Semver;

/**
 * Works out which package versions a root needs. The packages to deploy depend on the versions
 * chosen (each version has its own dependencies), and the versions depend on the constraints of
 * the packages that need them; so resolution runs in passes, each following the dependencies of
 * the previous pass's choices, until the choices stop changing (two passes in the common case).
 */
public final class Planner {

    /** Passes before giving up on choices that keep changing; real trees settle in two or three. */
    private static final int MAX_PASSES = 50;

    private final PackageIndex source;
    private final DeploymentJournal journal;
    private final PluginRegistry plugins;

    /** @param plugins the step handlers, which say what their steps pull into the plan */
    public Planner(PackageIndex source, DeploymentJournal journal, PluginRegistry plugins) {
        this.source = source;
        this.journal = journal;
        this.plugins = plugins;
    }

    /** The outcome of resolution: the chosen versions of every id, the edges, and the warnings. */
    public record Resolution(LoadedPackage root, Map<String, Selection> selections,
                             Map<String, Set<String>> dependsOn, Map<String, List<String>> includedBy,
                             List<Problem> warnings) {
    }

    /**
     * @param rootId   the root package id
     * @param rootSpec a version or range for the root, null for its highest version
     * @throws ResolutionException listing every problem found
     */
    public Resolution resolve(String rootId, String rootSpec) {
        if (!source.contains(rootId)) {
            List<Problem> problems = new ArrayList<>();
            problems.add(Problem.error("the root package " + rootId + " is not in the package sources"
                    + sourcesText(), Location.ofPackage(rootId, null)));
            problems.addAll(indexProblems(Set.of(key(rootId))));
            throw new ResolutionException(problems);
        }
        Map<String, Semver> previousTops = Map.of();
        Pass pass = null;
        for (int i = 0; i < MAX_PASSES; i++) {
            pass = new Pass(previousTops);
            pass.run(rootId, rootSpec);
            Map<String, Semver> tops = pass.tops();
            if (tops.equals(previousTops)) {
                break;
            }
            if (i == MAX_PASSES - 1) {
                pass.problems.add(Problem.error("version choices do not settle (they keep changing between "
                        + changed(previousTops, tops) + "); pin the versions with dependency ranges", Location.UNKNOWN));
            }
            previousTops = tops;
        }
        pass.refuseUnknownStepTypes();
        pass.problems.addAll(indexProblems(pass.needed));
        if (pass.problems.stream().anyMatch(Problem::isError)) {
            throw new ResolutionException(pass.problems);
        }
        Selection root = pass.selections.get(key(rootId));
        return new Resolution(root.top(), pass.selections, pass.dependsOn, pass.includedBy, pass.problems);
    }

    private static String changed(Map<String, Semver> before, Map<String, Semver> after) {
        Set<String> ids = new LinkedHashSet<>(before.keySet());
        ids.addAll(after.keySet());
        return ids.stream().filter(id -> !java.util.Objects.equals(before.get(id), after.get(id))).sorted().limit(5)
                .collect(Collectors.joining(", "));
    }

    /**
     * What indexing found: a problem about an id the plan needs as it is (an unreadable or
     * ambiguous package must not be skipped in silence), any other as a warning.
     */
    private List<Problem> indexProblems(Set<String> needed) {
        List<Problem> problems = new ArrayList<>();
        for (PackageIndex.IndexProblem found : source.problems()) {
            Problem p = found.problem();
            boolean concernsPlan = needed.stream().anyMatch(found::concerns);
            problems.add(concernsPlan || !p.isError() ? p : Problem.warning(p.message(), p.location()));
        }
        return problems;
    }

    private String sourcesText() {
        return source.folders().isEmpty() ? "" : " (searched " + source.folders().stream()
                .map(PackageFiles::displayName).collect(Collectors.joining(", ")) + ")";
    }

    static String key(String id) {
        return id.toLowerCase(Locale.ROOT);
    }

    /** One resolution pass. */
    private final class Pass {
        final Map<String, Semver> previousTops;
        final Map<String, List<Constraint>> constraints = new LinkedHashMap<>();
        final Map<String, Selection> selections = new LinkedHashMap<>();
        final Map<String, Set<String>> dependsOn = new LinkedHashMap<>();
        final Map<String, List<String>> includedBy = new LinkedHashMap<>();
        final List<Problem> problems = new ArrayList<>();
        /** Every id (lower case) the plan asks for, found in the sources or not. */
        final Set<String> needed = new LinkedHashSet<>();

        Pass(Map<String, Semver> previousTops) {
            this.previousTops = previousTops;
        }

        Map<String, Semver> tops() {
            Map<String, Semver> tops = new HashMap<>();
            selections.forEach((id, s) -> tops.put(id, s.topVersion()));
            return tops;
        }

        void run(String rootId, String rootSpec) {
            Deque<String> queue = new ArrayDeque<>();
            Set<String> reached = new LinkedHashSet<>();
            String root = key(rootId);
            needed.add(root);
            constrain(root, rootSpec, "the root request", Location.ofPackage(rootId, null));
            includedBy.computeIfAbsent(root, k -> new ArrayList<>()).add("root");
            reached.add(root);
            queue.add(root);
            while (!queue.isEmpty()) {
                String id = queue.poll();
                LoadedPackage followed = versionToFollow(id);
                if (followed == null) {
                    continue;
                }
                PackageManifest m = followed.manifest();
                for (Dependency dependency : m.dependencies()) {
                    follow(id, m, dependency, reached, queue);
                }
                for (StepDescriptor step : m.steps()) {
                    for (PackageRequest request : deployedBy(m, step)) {
                        follow(id, m, step, request, reached, queue);
                    }
                }
            }
            for (String id : reached) {
                Selection selection = select(id);
                if (selection != null) {
                    selections.put(id, selection);
                }
            }
            dependsOn.keySet().retainAll(selections.keySet());
        }

        private void follow(String id, PackageManifest m, Dependency dependency, Set<String> reached,
                            Deque<String> queue) {
            if (dependency.id().isEmpty()) {
                return;
            }
            String target = key(dependency.id());
            needed.add(target);
            if (!source.contains(dependency.id())) {
                missing(m, dependency);
                return;
            }
            constrain(target, dependency.anyVersion() ? null : dependency.versionSpec(),
                    m.coordinates() + " (dependency)", dependency.location());
            dependsOn.computeIfAbsent(id, k -> new LinkedHashSet<>()).add(target);
            includedBy.computeIfAbsent(target, k -> new ArrayList<>()).add("dependency of " + m.coordinates()
                    + (dependency.anyVersion() ? "" : " (" + dependency.versionSpec() + ")"));
            if (reached.add(target)) {
                queue.add(target);
            }
        }

        /** The packages a step pulls in, as its handler says (DeployPackage); a malformed request is a problem. */
        private List<PackageRequest> deployedBy(PackageManifest m, StepDescriptor step) {
            Optional<StepHandler> handler = plugins.stepHandler(step.type());
            if (handler.isEmpty()) {
                return List.of();
            }
            try {
                return handler.get().deploys(step);
            } catch (DeploymentException e) {
                problems.add(Problem.error(e.reason(), step.location().withPackage(m.id(), m.version())));
                return List.of();
            }
        }

        private void follow(String id, PackageManifest m, StepDescriptor step, PackageRequest request,
                            Set<String> reached, Deque<String> queue) {
            Location where = step.location().withPackage(m.id(), m.version());
            String target = key(request.packageId());
            needed.add(target);
            String targetVersion = request.versionSpec() == null || request.versionSpec().isBlank() ? null
                    : request.versionSpec().trim();
            if (!source.contains(request.packageId())) {
                problems.add(Problem.error("package " + request.packageId() + " deployed by " + m.coordinates()
                        + " is not in the package sources" + sourcesText(), where));
                return;
            }
            constrain(target, targetVersion, m.coordinates() + " (" + step.type() + " step " + step.index() + ")",
                    where);
            // A package is done when what its steps deploy is, so it is ordered after them.
            dependsOn.computeIfAbsent(id, k -> new LinkedHashSet<>()).add(target);
            includedBy.computeIfAbsent(target, k -> new ArrayList<>()).add("deployed by " + m.coordinates()
                    + (targetVersion == null ? "" : " (" + targetVersion + ")"));
            if (reached.add(target)) {
                queue.add(target);
            }
        }

        /** A package the plan would install with a step no loaded plugin serves cannot install. */
        void refuseUnknownStepTypes() {
            for (Selection selection : selections.values()) {
                for (LoadedPackage version : selection.path()) {
                    problems.addAll(plugins.unservedSteps(version.manifest()));
                }
            }
        }

        /** The version whose dependencies this pass follows: last pass's choice, else the best guess so far. */
        private LoadedPackage versionToFollow(String id) {
            NavigableMap<Semver, PackageIndex.Entry> versions = source.versions(id);
            Semver previous = previousTops.get(id);
            if (previous != null && versions.containsKey(previous)) {
                return load(versions.get(previous), false);
            }
            List<Constraint> known = constraints.getOrDefault(id, List.of());
            for (Semver v : versions.descendingKeySet()) {
                if (isStableOrAllowed(v, known) && known.stream().allMatch(c -> c.allows(v))) {
                    return load(versions.get(v), false);
                }
            }
            return null;
        }

        /**
         * Parses a package the plan needs. Its manifest errors become errors of the plan; its
         * warnings are reported once, when {@code report} (the final choice) is set.
         */
        private LoadedPackage load(PackageIndex.Entry entry, boolean report) {
            try {
                LoadedPackage loaded = entry.load();
                if (report) {
                    problems.addAll(loaded.warnings());
                }
                return loaded;
            } catch (DeploymentException e) {
                if (report) {
                    e.problems().forEach(p -> problems.add(p.isError()
                            ? Problem.error(entry.coordinates() + " cannot be used: " + p.message(), p.location()) : p));
                }
                return null;
            }
        }

        private void missing(PackageManifest needer, Dependency dependency) {
            String spec = dependency.anyVersion() ? "" : " " + dependency.versionSpec();
            Location where = dependency.location().withPackage(needer.id(), needer.version());
            if (dependency.mandatory()) {
                problems.add(Problem.error("package " + dependency.id() + spec + " needed by " + needer.coordinates()
                        + " is not in the package sources" + sourcesText(), where));
            } else {
                problems.add(Problem.warning("optional package " + dependency.id() + spec + " of "
                        + needer.coordinates() + " is not in the package sources; it is left out", where));
            }
        }

        private void constrain(String id, String spec, String imposedBy, Location location) {
            RangesList range = null;
            if (spec != null && !spec.isBlank() && !spec.trim().equals("*")) {
                range = Versions.range(spec);
                if (range == null) {
                    problems.add(Problem.error("version constraint '" + spec + "' is neither a version nor a range"
                            + " (write 1.2.0, 1.2.*, or >=1.2.0 <2.0.0)", location));
                    return;
                }
            }
            constraints.computeIfAbsent(id, k -> new ArrayList<>()).add(new Constraint(spec, range, imposedBy, location));
        }

        private Selection select(String id) {
            NavigableMap<Semver, PackageIndex.Entry> versions = source.versions(id);
            List<Constraint> all = constraints.getOrDefault(id, List.of());
            Semver top = null;
            for (Semver v : versions.descendingKeySet()) {
                if (isStableOrAllowed(v, all) && all.stream().allMatch(c -> c.allows(v))) {
                    top = v;
                    break;
                }
            }
            String displayId = versions.isEmpty() ? id : versions.lastEntry().getValue().id();
            if (top == null) {
                problems.add(Problem.error("no version of " + displayId + " satisfies every constraint: "
                        + all.stream().map(c -> c + " at " + c.location()).collect(Collectors.joining("; "))
                        + "; available: " + versions.keySet().stream().map(Semver::toString)
                        .collect(Collectors.joining(", ")), all.isEmpty() ? Location.UNKNOWN : all.get(0).location()));
                return null;
            }
            LoadedPackage topPackage = load(versions.get(top), true);
            if (topPackage == null) {
                return null;
            }
            MigrationStrategy strategy = topPackage.manifest().migrationStrategy();
            Semver installed = installedVersion(displayId);
            if (installed != null && installed.isGreaterThan(top)) {
                problems.add(Problem.error(displayId + " " + installed + " is installed, newer than " + top
                        + ", the highest version allowed (" + all.stream().map(Constraint::toString)
                        .collect(Collectors.joining("; ")) + "); downgrades are not supported",
                        topPackage.manifest().location()));
                return null;
            }
            List<LoadedPackage> path = new ArrayList<>();
            if (installed == null || !installed.equals(top)) {
                if (strategy == MigrationStrategy.MIGRATION_PATH) {
                    // Constraints cap the top of a migration path; the versions below it are the
                    // migrations that lead there, so only the installed version bounds them.
                    for (Map.Entry<Semver, PackageIndex.Entry> e : versions.headMap(top, true).entrySet()) {
                        Semver v = e.getKey();
                        boolean above = installed == null || v.isGreaterThan(installed);
                        boolean stable = v.getPreRelease().isEmpty() || v.equals(top);
                        if (above && stable) {
                            LoadedPackage step = v.equals(top) ? topPackage : load(e.getValue(), true);
                            if (step == null) {
                                return null;
                            }
                            path.add(step);
                        }
                    }
                } else {
                    path.add(topPackage);
                }
            }
            return new Selection(displayId, strategy, topPackage, installed, path);
        }

        private Semver installedVersion(String id) {
            Optional<InstalledPackage> installed = journal.installed(id);
            if (installed.isEmpty()) {
                return null;
            }
            Semver version = Versions.parse(installed.get().version());
            if (version == null) {
                problems.add(Problem.error("the journal says " + id + " " + installed.get().version()
                        + " is installed, which is not a Semantic Version", Location.ofPackage(id, null)));
            }
            return version;
        }

        /** Pre-releases are chosen only when a constraint names one, as npm ranges do. */
        private boolean isStableOrAllowed(Semver v, List<Constraint> all) {
            return v.getPreRelease().isEmpty() || all.stream().anyMatch(c -> c.range() != null && c.allows(v));
        }
    }
}
