package dev.stagehand.cli;

import dev.stagehand.api.DeploymentException;
import dev.stagehand.api.Location;
import dev.stagehand.api.Problem;
import dev.stagehand.api.model.Dependency;
import dev.stagehand.api.model.PackageManifest;
import dev.stagehand.core.options.ZipLimits;
import dev.stagehand.core.plan.LoadedPackage;
import dev.stagehand.core.PackageReader;
import dev.stagehand.core.PluginCatalog;
import dev.stagehand.core.Stagehand;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code deploy validate}: parses every package found and reports each error and warning with its location. */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = "Parses packages (folders, zips, or source folders holding them) and reports every problem.")
final class ValidateCommand implements Callable<Integer> {

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "PATH", description = "A package folder, a package zip, or a folder of packages.")
    List<Path> paths;

    @ParentCommand
    DeployCommand deploy;

    @Option(names = "--json", description = "Print the report as JSON.")
    boolean json;

    @Option(names = "--strict", description = "A step type no loaded plugin serves is an error, not a warning.")
    boolean strict;

    @CommandLine.Mixin
    ZipOptions zip;

    @Option(names = "--parameters", paramLabel = "FILE",
            description = "parameters.json to check too; with its values (and --set's) each step whose attributes"
                    + " then resolve is checked as plan checks it (paths out of their folder, content out of the package).")
    Path parameters;

    @Option(names = "--set", paramLabel = "NAME=VALUE",
            description = "A variable's value for those checks, over parameters.json and DEPLOY_VAR_<NAME> (repeatable).")
    Map<String, String> values = new LinkedHashMap<>();

    /** One package's outcome. */
    record Entry(String path, PackageManifest manifest, List<Problem> problems) {
        boolean valid() {
            return problems.stream().noneMatch(Problem::isError);
        }
    }

    @Override
    public Integer call() throws IOException {
        for (Path path : paths) {
            if (!Files.exists(path)) {
                throw new CommandLine.ParameterException(spec.commandLine(), "no such file or folder: " + path);
            }
        }
        ZipLimits limits = zip.limits(spec.commandLine());
        List<Entry> entries = new ArrayList<>();
        Map<String, String> digests = new java.util.HashMap<>();
        for (Path path : paths) {
            List<Path> packages = PackageReader.discover(path);
            if (packages.isEmpty()) {
                entries.add(new Entry(PackageReader.displayName(path), null, List.of(Problem.error(
                        "no packages found (a package is a folder with manifest.xml, or a .zip)",
                        Location.ofFile(PackageReader.displayName(path))))));
            }
            for (Path packagePath : packages) {
                entries.add(read(packagePath, limits, digests));
            }
        }
        entries = withDuplicates(entries, digests);
        entries = new ArrayList<>(withCycles(entries));
        Stagehand.Configuration configuration = deploy.configure();
        values.forEach(configuration::set);
        if (parameters != null) {
            if (!Files.isRegularFile(parameters)) {
                throw new CommandLine.ParameterException(spec.commandLine(), "no such parameters file: " + parameters);
            }
            try {
                configuration.parameters(dev.stagehand.core.Parameters.read(parameters));
            } catch (DeploymentException e) {
                entries.add(new Entry(PackageReader.displayName(parameters), null, e.problems()));
            }
        }
        try (Stagehand stagehand = deploy.load(configuration)) {
            entries = withUnservedStepTypes(entries, stagehand.plugins());
            entries = withStepChecks(entries, stagehand);
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            printJson(out, entries);
        } else {
            printText(out, entries);
        }
        out.flush();
        return entries.stream().allMatch(Entry::valid) ? 0 : DeployCommand.FAILED;
    }

    /**
     * The entries with a problem for each step whose type no loaded plugin serves (plan and install
     * refuse those): a warning, an error with {@code --strict}.
     */
    private List<Entry> withUnservedStepTypes(List<Entry> entries, PluginCatalog plugins) {
        List<Entry> checked = new ArrayList<>();
        for (Entry entry : entries) {
            PackageManifest m = entry.manifest();
            List<Problem> problems = new ArrayList<>(entry.problems());
            if (m != null) {
                plugins.unservedSteps(m).forEach(p -> problems.add(strict ? p
                        : Problem.warning(p.message(), p.location())));
            }
            checked.add(new Entry(entry.path(), m, problems));
        }
        return checked;
    }

    /**
     * The entries with what planning would refuse in their steps, with the values given
     * ({@link Stagehand#check}): a valid package only, since the others' steps may be read wrong.
     */
    private static List<Entry> withStepChecks(List<Entry> entries, Stagehand stagehand) throws IOException {
        List<Entry> checked = new ArrayList<>();
        for (Entry entry : entries) {
            if (entry.manifest() == null || !entry.valid()) {
                checked.add(entry);
                continue;
            }
            List<Problem> problems = new ArrayList<>(entry.problems());
            try {
                problems.addAll(stagehand.check(entry.manifest()));
            } catch (DeploymentException e) {
                problems.addAll(e.problems());
            }
            checked.add(new Entry(entry.path(), entry.manifest(), problems));
        }
        return checked;
    }

    /**
     * The entries with an error for each dependency cycle among the packages read (whatever their
     * versions), at the dependency that closes it: a plan of any of them would fail.
     */
    static List<Entry> withCycles(List<Entry> entries) {
        Map<String, List<Entry>> byId = new LinkedHashMap<>();
        for (Entry entry : entries) {
            if (entry.manifest() != null) {
                byId.computeIfAbsent(key(entry.manifest().id()), k -> new ArrayList<>()).add(entry);
            }
        }
        Map<Entry, List<Problem>> found = new LinkedHashMap<>();
        Set<String> done = new HashSet<>();
        for (String id : byId.keySet()) {
            findCycles(id, byId, new ArrayList<>(), done, found);
        }
        return withProblems(entries, found);
    }

    private static void findCycles(String id, Map<String, List<Entry>> byId, List<String> path, Set<String> done,
                                   Map<Entry, List<Problem>> found) {
        if (done.contains(id)) {
            return;
        }
        path.add(id);
        for (Entry entry : byId.get(id)) {
            for (Dependency dependency : entry.manifest().dependencies()) {
                String next = key(dependency.id());
                if (!byId.containsKey(next) || next.equals(id)) {
                    continue;
                }
                int at = path.indexOf(next);
                if (at >= 0) {
                    List<String> loop = new ArrayList<>(path.subList(at, path.size()));
                    loop.add(next);
                    String shown = loop.stream().map(k -> byId.get(k).get(0).manifest().id())
                            .collect(Collectors.joining(" → "));
                    PackageManifest m = entry.manifest();
                    found.computeIfAbsent(entry, k -> new ArrayList<>()).add(Problem.error("dependency cycle: "
                            + shown, dependency.location().withPackage(m.id(), m.version())));
                } else {
                    findCycles(next, byId, path, done, found);
                }
            }
        }
        path.remove(path.size() - 1);
        done.add(id);
    }

    private static String key(String id) {
        return id.toLowerCase(Locale.ROOT);
    }

    /**
     * The entries with a problem for each package version found twice, as plan reports it: a
     * warning for the same manifest, an error for different manifests or for versions that differ
     * only in build metadata (SemVer orders them as one).
     */
    static List<Entry> withDuplicates(List<Entry> entries, Map<String, String> digests) {
        Map<String, Entry> first = new LinkedHashMap<>();
        Map<Entry, List<Problem>> found = new LinkedHashMap<>();
        for (Entry entry : entries) {
            PackageManifest m = entry.manifest();
            if (m == null) {
                continue;
            }
            String version = m.version().contains("+") ? m.version().substring(0, m.version().indexOf('+'))
                    : m.version();
            Entry earlier = first.putIfAbsent(key(m.id()) + "@" + version, entry);
            if (earlier == null) {
                continue;
            }
            Location at = Location.ofFile(entry.path());
            String other = earlier.path();
            Problem problem;
            if (!earlier.manifest().version().equals(m.version())) {
                problem = Problem.error(m.id() + " has two versions that differ only in build metadata: "
                        + earlier.manifest().version() + " at " + other + " and " + m.version() + " at "
                        + entry.path() + "; they cannot be told apart, remove one", at);
            } else if (!java.util.Objects.equals(digests.get(other), digests.get(entry.path()))) {
                problem = Problem.error(m.coordinates() + " is at " + other + " and at " + entry.path()
                        + " with different manifests; which one is meant would be a guess: remove one", at);
            } else {
                problem = Problem.warning(m.coordinates() + " is at " + other + " and at " + entry.path()
                        + " with the same manifest; " + other + " is used", at);
            }
            found.computeIfAbsent(entry, k -> new ArrayList<>()).add(problem);
        }
        return withProblems(entries, found);
    }

    private static List<Entry> withProblems(List<Entry> entries, Map<Entry, List<Problem>> found) {
        if (found.isEmpty()) {
            return entries;
        }
        return entries.stream().map(e -> {
            List<Problem> extra = found.get(e);
            if (extra == null) {
                return e;
            }
            List<Problem> problems = new ArrayList<>(e.problems());
            problems.addAll(extra);
            return new Entry(e.path(), e.manifest(), problems);
        }).toList();
    }

    private static Entry read(Path packagePath, ZipLimits limits, Map<String, String> digests) throws IOException {
        String display = PackageReader.displayName(packagePath);
        try {
            LoadedPackage loaded = PackageReader.read(packagePath, limits);
            digests.put(display, loaded.digest());
            return new Entry(display, loaded.manifest(), loaded.warnings());
        } catch (DeploymentException e) {
            return new Entry(display, null, e.problems());
        }
    }

    private static void printText(PrintWriter out, List<Entry> entries) {
        int warnings = 0;
        for (Entry entry : entries) {
            PackageManifest m = entry.manifest();
            if (m != null) {
                out.printf("%-5s %s %s (%s, %s, %s)  %s%n", entry.valid() ? "OK" : "FAIL", m.id(), m.version(),
                        m.type() == null ? "no type" : m.type(), plural(m.steps().size(), "step"),
                        plural(m.dependencies().size(), "dependency", "dependencies"), entry.path());
            } else {
                out.printf("%-5s %s%n", "FAIL", entry.path());
            }
            for (Problem problem : entry.problems()) {
                out.println("      " + problem);
                if (!problem.isError()) {
                    warnings++;
                }
            }
        }
        long valid = entries.stream().filter(Entry::valid).count();
        out.printf("%s: %d valid, %d invalid, %s%n", plural(entries.size(), "package"), valid, entries.size() - valid,
                plural(warnings, "warning"));
    }

    static String plural(long count, String one) {
        return plural(count, one, one + "s");
    }

    static String plural(long count, String one, String many) {
        return count + " " + (count == 1 ? one : many);
    }

    private static void printJson(PrintWriter out, List<Entry> entries) {
        List<Map<String, Object>> packages = new ArrayList<>();
        int warnings = 0;
        for (Entry entry : entries) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("path", entry.path());
            item.put("valid", entry.valid());
            PackageManifest m = entry.manifest();
            if (m != null) {
                item.put("id", m.id());
                item.put("version", m.version());
                item.put("type", m.type());
                item.put("steps", m.steps().size());
                item.put("dependencies", m.dependencies().size());
            }
            item.put("problems", entry.problems());
            warnings += (int) entry.problems().stream().filter(p -> !p.isError()).count();
            packages.add(item);
        }
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("packages", packages);
        long valid = entries.stream().filter(Entry::valid).count();
        report.put("valid", valid);
        report.put("invalid", entries.size() - valid);
        report.put("warnings", warnings);
        out.println(JsonOutput.document(report));
    }
}
