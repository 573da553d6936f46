package dev.stagehand.core.internal.plan;

import dev.stagehand.api.Location;
import dev.stagehand.api.ResolutionException;
import dev.stagehand.api.model.PackageManifest;
import dev.stagehand.api.model.StepDescriptor;
import dev.stagehand.api.spi.InstallMode;
import dev.stagehand.core.LoadedPackage;
import dev.stagehand.core.internal.variables.VariableSet;
import dev.stagehand.core.plan.DeploymentPlan;
import dev.stagehand.core.plan.InstallationMode;
import dev.stagehand.core.plan.PlannedPackage;
import dev.stagehand.core.plan.PlannedStep;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
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

    /** Step attributes that say where a step's changes land, for the preparation notice. */
    private static final List<String> WHERE_ATTRIBUTES = List.of("targetDatabase", "targetDirectory", "targetFile",
            "filePath");

    public static DeploymentPlan build(Planner.Resolution resolution, VariableSet variables) {
        List<String> order = order(resolution);
        boolean anyInstalled = resolution.selections().values().stream().anyMatch(s -> s.installed() != null);
        List<PlannedPackage> packages = new ArrayList<>();
        Set<String> notice = new LinkedHashSet<>();
        for (String id : order) {
            Selection s = resolution.selections().get(id);
            List<String> reasons = resolution.includedBy().getOrDefault(id, List.of()).stream().distinct().toList();
            if (s.path().isEmpty()) {
                PackageManifest m = s.top().manifest();
                packages.add(new PlannedPackage(m.id(), m.version(), m.type(), s.strategy(),
                        new InstallMode(InstallMode.Kind.UP_TO_DATE, m.version(), m.version()), reasons,
                        s.top().origin(), List.of(), m));
                continue;
            }
            String from = s.installed() == null ? null : s.installed().toString();
            for (LoadedPackage version : s.path()) {
                PackageManifest m = version.manifest();
                Map<String, String> local = variables.packageBuiltIns(m);
                InstallMode mode = new InstallMode(from == null ? InstallMode.Kind.NEW : InstallMode.Kind.UPGRADE, from,
                        m.version());
                List<PlannedStep> steps = new ArrayList<>();
                for (StepDescriptor step : m.steps()) {
                    steps.add(new PlannedStep(step.index(), step.type(), summary(step, local, variables)));
                }
                packages.add(new PlannedPackage(m.id(), m.version(), m.type(), s.strategy(), mode, reasons,
                        version.origin(), steps, m));
                describeChanges(m, local, variables, notice);
                from = m.version();
            }
        }
        Selection root = resolution.selections().get(Planner.key(resolution.root().manifest().id()));
        return new DeploymentPlan(root.top().manifest().id(), root.top().manifest().version(),
                anyInstalled ? InstallationMode.UPGRADE : InstallationMode.CLEAN, packages, List.copyOf(notice),
                resolution.warnings());
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
            throw new ResolutionException("dependency cycle: " + cycle(left, resolution), Location.UNKNOWN);
        }
        return order;
    }

    /** One cycle among the packages Kahn's algorithm could not order, as {@code A@1 → B@2 → A@1}. */
    private static String cycle(Set<String> left, Planner.Resolution resolution) {
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
        return loop.stream().map(id -> resolution.selections().get(id).top().manifest().coordinates())
                .collect(Collectors.joining(" → "));
    }

    private static String expand(String text, Map<String, String> local, VariableSet variables) {
        return variables.mask(variables.expand(text, local, name -> "$(" + name + ")"));
    }

    private static String summary(StepDescriptor step, Map<String, String> local, VariableSet variables) {
        return step.attributes().asMap().entrySet().stream().filter(e -> !e.getKey().equalsIgnoreCase("type"))
                .map(e -> e.getKey() + "=" + expand(e.getValue(), local, variables))
                .collect(Collectors.joining(" "));
    }

    private static void describeChanges(PackageManifest m, Map<String, String> local, VariableSet variables,
                                        Set<String> notice) {
        if (m.targetDirectory() != null) {
            notice.add("folder " + expand(m.targetDirectory(), local, variables) + " (" + m.id() + ")");
        }
        for (StepDescriptor step : m.steps()) {
            if (step.isType("DeployPackage")) {
                continue;
            }
            String where = " (" + m.coordinates() + " step " + step.index() + " " + step.type() + ")";
            step.attribute("file").ifPresent(file -> {
                String base = m.targetDirectory() == null ? "" : m.targetDirectory() + "/";
                String relative = step.attribute("relativePath").map(r -> r + "/").orElse("");
                notice.add("file " + expand(base + relative + file, local, variables) + where);
            });
            for (String attribute : WHERE_ATTRIBUTES) {
                step.attribute(attribute).ifPresent(value -> notice.add((attribute.equals("targetDatabase")
                        ? "database " : attribute.equals("targetDirectory") ? "folder " : "file ")
                        + expand(value, local, variables) + where));
            }
        }
    }
}
