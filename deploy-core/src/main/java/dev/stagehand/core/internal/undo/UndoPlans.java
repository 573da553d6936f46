package dev.stagehand.core.internal.undo;

import dev.stagehand.api.DeploymentException;
import dev.stagehand.api.Location;
import dev.stagehand.api.Problem;
import dev.stagehand.api.ResolutionException;
import dev.stagehand.api.journal.ChangeRecord;
import dev.stagehand.api.journal.DeploymentJournal;
import dev.stagehand.api.journal.DeploymentOutcome;
import dev.stagehand.api.journal.DeploymentRecord;
import dev.stagehand.api.journal.InstalledPackage;
import dev.stagehand.api.journal.StepRecord;
import dev.stagehand.api.model.Attributes;
import dev.stagehand.api.model.MigrationStrategy;
import dev.stagehand.api.model.PackageManifest;
import dev.stagehand.api.model.StepDescriptor;
import dev.stagehand.api.spi.PackageAction;
import dev.stagehand.api.spi.Reversibility;
import dev.stagehand.core.internal.steps.GenericStepHandler;
import dev.stagehand.core.plan.DeploymentPlan;
import dev.stagehand.core.plan.InstallationMode;
import dev.stagehand.core.plan.LoadedPackage;
import dev.stagehand.core.plan.PlanDigest;
import dev.stagehand.core.plan.PlannedPackage;
import dev.stagehand.core.plan.PlannedStep;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.stream.Collectors;

/**
 * The plans of undoing runs, made from the journal alone (and the package sources, for the
 * uninstall scripts): which packages, in which order, and what each is put back to. They run
 * through the seven stages like any plan; each package's steps are its {@code onUninstall}
 * scripts (uninstall only, the package's last step first) and then its {@link UndoChangesStepHandler} step.
 */
public final class UndoPlans {

    /** A plan, and the version each of its packages is installed at once it ran (absent: removed). */
    public record Planned(DeploymentPlan plan, Map<String, InstalledPackage> restored) {
    }

    private final DeploymentJournal journal;
    private final BiFunction<String, String, Optional<LoadedPackage>> source;
    private final Path emptyOrigin;

    /**
     * @param source      the package version of the sources, empty when there are none or it is not there
     * @param emptyOrigin a folder standing for the content of a package not in the sources
     */
    public UndoPlans(DeploymentJournal journal, BiFunction<String, String, Optional<LoadedPackage>> source,
                     Path emptyOrigin) {
        this.journal = journal;
        this.source = source;
        this.emptyOrigin = emptyOrigin;
    }

    private static String key(String id) {
        return id.toLowerCase(Locale.ROOT);
    }

    /**
     * Removing {@code ids}: with {@code withDependencies} (a root) also what they need that no
     * other installed package needs; without, refused when another installed package needs one.
     *
     * @throws DeploymentException naming the packages that still need one, or one that is not installed
     */
    public Planned uninstall(List<String> ids, boolean withDependencies) {
        Map<String, InstalledPackage> installed = new LinkedHashMap<>();
        journal.installedPackages().forEach(p -> installed.put(key(p.packageId()), p));
        Set<String> asked = new LinkedHashSet<>();
        for (String id : ids) {
            if (!installed.containsKey(key(id))) {
                throw new DeploymentException(id + " is not installed according to the journal; nothing was changed",
                        Location.ofPackage(id, null));
            }
            asked.add(key(id));
        }
        Set<String> removing = new LinkedHashSet<>(asked);
        if (withDependencies) {
            List<String> queue = new ArrayList<>(asked);
            while (!queue.isEmpty()) {
                InstalledPackage p = installed.get(queue.remove(0));
                for (String dependency : p.dependencies()) {
                    if (installed.containsKey(key(dependency)) && removing.add(key(dependency))) {
                        queue.add(key(dependency));
                    }
                }
            }
            // A dependency another installed package still needs stays, and so does what it needs.
            boolean changed = true;
            while (changed) {
                changed = false;
                for (String id : List.copyOf(removing)) {
                    if (!asked.contains(id) && !neededBy(id, installed, removing).isEmpty()) {
                        removing.remove(id);
                        changed = true;
                    }
                }
            }
        }
        List<Problem> refusals = new ArrayList<>();
        for (String id : asked) {
            List<String> needing = neededBy(id, installed, removing);
            if (!needing.isEmpty()) {
                InstalledPackage p = installed.get(id);
                refusals.add(Problem.error(p.packageId() + " is still needed by " + String.join(", ", needing)
                        + "; uninstall those first (nothing was changed)", Location.ofPackage(p.packageId(),
                        p.version())));
            }
        }
        if (!refusals.isEmpty()) {
            throw new ResolutionException(refusals);
        }
        List<InstalledPackage> order = dependentsFirst(removing, installed);
        List<PlannedPackage> packages = new ArrayList<>();
        for (InstalledPackage p : order) {
            packages.add(planned(p, p.version(), uninstallSteps(p), "uninstall"));
        }
        InstalledPackage first = installed.get(asked.iterator().next());
        return new Planned(plan(first, packages), Map.of());
    }

    /** The installed packages outside {@code removing} that need {@code id}, as {@code id@version}. */
    private static List<String> neededBy(String id, Map<String, InstalledPackage> installed, Set<String> removing) {
        return installed.values().stream().filter(q -> !removing.contains(key(q.packageId())) && q.needs(id))
                .map(q -> q.packageId() + "@" + q.version()).toList();
    }

    /** Every package before those it needs. */
    private static List<InstalledPackage> dependentsFirst(Set<String> removing, Map<String, InstalledPackage> installed) {
        List<InstalledPackage> order = new ArrayList<>();
        Set<String> left = new LinkedHashSet<>(removing);
        while (!left.isEmpty()) {
            String next = left.stream().filter(id -> left.stream().noneMatch(other -> !other.equals(id)
                    && installed.get(other).needs(id))).findFirst().orElse(left.iterator().next());
            order.add(installed.get(next));
            left.remove(next);
        }
        return order;
    }

    /**
     * Returning to before {@code deploymentId} (null: before the last deployment that installed
     * something): every deployment from it on is undone.
     *
     * @throws DeploymentException when the deployment is not in the journal, or a package changed in it
     *                             was upgraded again since so that its version before is no longer known
     */
    public Planned rollback(String deploymentId, boolean force) {
        List<DeploymentRecord> newestFirst = journal.deployments();
        Set<String> installing = journal.installedPackages().stream().map(InstalledPackage::deploymentId)
                .collect(Collectors.toSet());
        String to = deploymentId;
        if (to == null) {
            to = newestFirst.stream().filter(d -> installing.contains(d.id())).map(DeploymentRecord::id).findFirst()
                    .orElseThrow(() -> new DeploymentException("no deployment in the journal installed what is"
                            + " installed now: nothing to roll back", Location.UNKNOWN));
        }
        Set<String> undone = new LinkedHashSet<>();
        boolean found = false;
        for (DeploymentRecord d : newestFirst) {
            if (d.outcome() == DeploymentOutcome.RUNNING) {
                continue;
            }
            undone.add(d.id());
            if (d.id().equals(to)) {
                found = true;
                break;
            }
        }
        if (!found) {
            throw new DeploymentException("no deployment " + to + " in the journal (deploy status lists them)",
                    Location.UNKNOWN);
        }
        List<PlannedPackage> packages = new ArrayList<>();
        Map<String, InstalledPackage> restored = new HashMap<>();
        List<Problem> refusals = new ArrayList<>();
        Map<String, InstalledPackage> installed = new LinkedHashMap<>();
        journal.installedPackages().forEach(p -> installed.put(key(p.packageId()), p));
        Set<String> affected = new LinkedHashSet<>();
        installed.values().stream().filter(p -> undone.contains(p.deploymentId()))
                .forEach(p -> affected.add(key(p.packageId())));
        for (InstalledPackage p : dependentsFirst(affected, installed)) {
            Optional<InstalledPackage> before = journal.replacedVersion(p.packageId());
            if (before.isPresent() && undone.contains(before.get().deploymentId())) {
                refusals.add(Problem.error(p.packageId() + " was changed by several of the deployments to undo;"
                        + " the journal keeps its version before only one: roll back one deployment at a time",
                        Location.ofPackage(p.packageId(), p.version())));
                continue;
            }
            if (before.isEmpty() && journal.recordedChanges(p.packageId()).stream()
                    .anyMatch(r -> !r.version().equals(p.version()))) {
                // A version was installed before, but this journal does not say which deployment put it there.
                refusals.add(Problem.error(p.packageId() + "@" + p.version() + " replaced an earlier version that"
                        + " this journal does not keep; it cannot be rolled back (uninstall it instead)",
                        Location.ofPackage(p.packageId(), p.version())));
                continue;
            }
            before.ifPresent(b -> restored.put(key(p.packageId()), b));
            Attributes attributes = Attributes.of(Map.of("mode", "rollback", "deployments", String.join(" ", undone),
                    "force", String.valueOf(force)));
            packages.add(planned(p, before.map(InstalledPackage::version).orElse(null),
                    List.of(new StepDescriptor(1, UndoChangesStepHandler.TYPE, attributes, List.of(),
                            Location.ofPackage(p.packageId(), p.version()))), "rollback of " + to));
        }
        if (!refusals.isEmpty()) {
            throw new ResolutionException(refusals);
        }
        if (packages.isEmpty()) {
            throw new DeploymentException("deployment " + to + " installed nothing that is still installed: nothing"
                    + " to roll back", Location.UNKNOWN);
        }
        InstalledPackage first = installed.get(key(packages.get(0).id()));
        return new Planned(plan(first, packages), restored);
    }

    /** The uninstall scripts the package registered (its last step first), then the undo of its changes. */
    private List<StepDescriptor> uninstallSteps(InstalledPackage p) {
        List<StepRecord> records = journal.recordedChanges(p.packageId());
        boolean scripts = records.stream().filter(r -> r.version().equals(p.version()))
                .flatMap(r -> r.changes().stream()).anyMatch(c -> ChangeRecord.UNINSTALL_SCRIPT.equals(c.kind()));
        Optional<LoadedPackage> loaded = source.apply(p.packageId(), p.version());
        List<StepDescriptor> steps = new ArrayList<>();
        if (scripts && loaded.isEmpty()) {
            throw new DeploymentException(p.packageId() + "@" + p.version() + " registered uninstall scripts, which"
                    + " need the package: give --source with a folder that holds it (nothing was changed)",
                    Location.ofPackage(p.packageId(), p.version()));
        }
        if (loaded.isPresent()) {
            List<StepDescriptor> declared = new ArrayList<>(loaded.get().manifest().steps());
            java.util.Collections.reverse(declared);
            for (StepDescriptor step : declared) {
                Optional<String> script = step.attribute(GenericStepHandler.ON_UNINSTALL).filter(s -> !s.isBlank());
                if (step.type().equalsIgnoreCase("Generic") && script.isPresent()) {
                    Map<String, String> attributes = new LinkedHashMap<>();
                    step.attributes().asMap().forEach((name, value) -> {
                        if (!name.toLowerCase(Locale.ROOT).startsWith("on")) {
                            attributes.put(name, value);
                        }
                    });
                    attributes.put("onExecute", script.get());
                    steps.add(new StepDescriptor(steps.size() + 1, step.type(), Attributes.of(attributes),
                            step.children(), step.location()));
                }
            }
        }
        steps.add(new StepDescriptor(steps.size() + 1, UndoChangesStepHandler.TYPE,
                Attributes.of(Map.of("mode", "uninstall")), List.of(), Location.ofPackage(p.packageId(), p.version())));
        return steps;
    }

    /**
     * One package of an undoing plan: its manifest from the sources when they hold it (for its
     * scripts and target directory), else one with only its id and version; never its package type,
     * whose handler prepares folders for an install.
     */
    private PlannedPackage planned(InstalledPackage p, String restoredVersion, List<StepDescriptor> steps,
                                   String why) {
        Optional<LoadedPackage> loaded = source.apply(p.packageId(), p.version());
        PackageManifest from = loaded.map(LoadedPackage::manifest).orElse(null);
        PackageManifest manifest = new PackageManifest(null, p.packageId(), p.version(), from == null ? null
                : from.name(), null, null, from == null ? null : from.targetDirectory(), MigrationStrategy.LATEST_ONLY,
                true, null, List.of(), steps, null, List.of(), from == null ? Location.ofPackage(p.packageId(),
                p.version()) : from.location());
        List<PlannedStep> planned = steps.stream().map(s -> new PlannedStep(s.index(), s.type(),
                s.type().equals(UndoChangesStepHandler.TYPE) ? "put back the files it recorded"
                        : "onUninstall " + s.attribute("onExecute").orElse(""), Reversibility.IRREVERSIBLE)).toList();
        Path origin = loaded.map(LoadedPackage::origin).orElse(emptyOrigin);
        return new PlannedPackage(p.packageId(), p.version(), null, MigrationStrategy.LATEST_ONLY,
                new PackageAction(PackageAction.Kind.UPGRADE, p.version(), restoredVersion == null ? p.version()
                        : restoredVersion), List.of(why), origin, planned, manifest,
                p.dependencies().stream().map(UndoPlans::key).collect(Collectors.toSet()), "");
    }

    private static DeploymentPlan plan(InstalledPackage first, List<PlannedPackage> packages) {
        return new DeploymentPlan(first.packageId(), first.version(), first.version(), InstallationMode.UPGRADE,
                packages, List.of(), List.of(), List.of(), List.of(), new PlanDigest("", "", ""));
    }
}
