package dev.stagehand.core.internal.manifest;

import dev.stagehand.core.internal.Versions;
import dev.stagehand.api.Location;
import dev.stagehand.api.ManifestException;
import dev.stagehand.api.Problem;
import dev.stagehand.api.model.Dependency;
import dev.stagehand.api.model.Flags;
import dev.stagehand.api.model.MigrationStrategy;
import dev.stagehand.api.model.PackageManifest;
import dev.stagehand.api.model.StepDescriptor;
import dev.stagehand.api.model.UiDescriptor;
import dev.stagehand.api.model.XmlElement;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Maps a {@code deploymentPackage} tree to a {@link PackageManifest}. Names match ignoring
 * case; unknown elements are kept as extensions with a warning, since newer packages carry
 * elements this version does not know. Every error is collected before failing, so the user
 * fixes a manifest in one pass.
 */
public final class ManifestParser {

    /** Reads an {@code xmlInjection} file of the package, by its path inside the package. */
    @FunctionalInterface
    public interface InjectionLoader {
        XmlElement load(String relativePath, Location declaredAt) throws IOException;
    }

    /** The manifest and the warnings met while reading it. */
    public record Result(PackageManifest manifest, List<Problem> warnings) {
    }

    private static final Set<String> SINGLE_ELEMENTS = Set.of("packageid", "version", "name", "packagetype",
            "description", "targetdirectory", "migrationstrategy", "isinstallable", "keywords");
    private static final Set<String> ROOT_ATTRIBUTES = Set.of("version", "xmlns:xsi", "xmlns:xsd",
            "xsi:nonamespaceschemalocation", "xsi:schemalocation");
    private static final Set<String> DEPENDENCY_ATTRIBUTES = Set.of("id", "version", "mandatory", "isignorable");

    private static final String XML_INJECTION = "xmlInjection";
    private static final java.util.regex.Pattern PACKAGE_ID = java.util.regex.Pattern.compile(
            "[A-Za-z0-9_][A-Za-z0-9._-]*");

    private final List<Problem> problems = new ArrayList<>();

    private ManifestParser() {
    }

    /**
     * @param root     the parsed manifest.xml
     * @param injected loads {@code xmlInjection} files
     * @throws ManifestException carrying every error when any is found
     */
    public static Result parse(XmlElement root, InjectionLoader injected) throws IOException {
        return new ManifestParser().run(root, injected);
    }

    /** The manifest's children by kind: single-valued elements, lists, the UI, unknown ones kept. */
    private record Sections(Map<String, XmlElement> single, List<XmlElement> dependencyLists,
                            List<XmlElement> stepLists, List<XmlElement> ui, List<XmlElement> extensions) {
    }

    private Result run(XmlElement root, InjectionLoader injected) throws IOException {
        if (!root.is("deploymentPackage")) {
            error("the root element is <" + root.name() + ">, expected <deploymentPackage>", root.location());
            throw new ManifestException(problems);
        }
        for (String attribute : root.attributes().names()) {
            if (!ROOT_ATTRIBUTES.contains(attribute.toLowerCase(Locale.ROOT)) && !attribute.startsWith("xmlns")) {
                warning("unknown attribute " + attribute + " on <" + root.name() + "> kept", root.location());
            }
        }
        List<XmlElement> children = new ArrayList<>(root.children());
        children.addAll(injected(root, injected));
        Sections sections = sections(children);
        Map<String, XmlElement> single = sections.single();
        String id = identity(single, root);
        String version = required(single, "version", root);
        if (version != null && Versions.parse(version) == null) {
            error("version '" + version + "' is not a Semantic Version (MAJOR.MINOR.PATCH, e.g. 1.2.0)",
                    single.get("version").location());
        }
        MigrationStrategy strategy = strategy(single.get("migrationstrategy"));
        XmlElement installableElement = single.get("isinstallable");
        boolean installable = installableElement == null
                || bool(installableElement.text(), true, "isInstallable", installableElement.location());
        List<Dependency> dependencies = dependencies(sections.dependencyLists());
        for (Dependency dependency : dependencies) {
            if (id != null && dependency.id().equalsIgnoreCase(id)) {
                error(id + " depends on itself", dependency.location());
            }
        }
        List<StepDescriptor> steps = steps(sections.stepLists());
        UiDescriptor descriptor = new UiParser(problems).parse(sections.ui());
        if (problems.stream().anyMatch(Problem::isError)) {
            throw new ManifestException(problems);
        }
        Location location = root.location().withPackage(id, version);
        PackageManifest manifest = new PackageManifest(root.attribute("version").orElse(null), id, version,
                text(single, "name"), text(single, "packagetype"), text(single, "description"),
                text(single, "targetdirectory"), strategy, installable, text(single, "keywords"), dependencies,
                steps, descriptor, sections.extensions(), Location.ofFile(location.file()).withPackage(id, version));
        return new Result(manifest, List.copyOf(problems));
    }

    /**
     * The elements {@code xmlInjection} files bring: a fragment such as {@code <ui>} joins as it is,
     * a whole {@code <deploymentPackage>} brings its children.
     */
    private List<XmlElement> injected(XmlElement root, InjectionLoader injected) throws IOException {
        List<XmlElement> found = new ArrayList<>();
        for (XmlElement child : root.children(XML_INJECTION)) {
            for (XmlElement file : child.children()) {
                if (!file.is("file")) {
                    warning("unknown element <" + file.name() + "> in <xmlInjection> ignored", file.location());
                } else if (file.text().isEmpty()) {
                    error("<file> at line " + file.location().line() + " names no file", file.location());
                } else {
                    XmlElement loaded = injected.load(file.text(), file.location());
                    if (loaded.is("deploymentPackage")) {
                        found.addAll(loaded.children());
                    } else {
                        found.add(loaded);
                    }
                }
            }
        }
        return found;
    }

    private Sections sections(List<XmlElement> children) {
        Sections sections = new Sections(new HashMap<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>(),
                new ArrayList<>());
        for (XmlElement child : children) {
            String key = child.name().toLowerCase(Locale.ROOT);
            if (SINGLE_ELEMENTS.contains(key)) {
                XmlElement earlier = sections.single().putIfAbsent(key, child);
                if (earlier != null) {
                    error("<" + child.name() + "> is declared twice (lines " + earlier.location().line() + " and "
                            + child.location().line() + ")", child.location());
                }
            } else if (key.equals("dependencies")) {
                sections.dependencyLists().add(child);
            } else if (key.equals("steps")) {
                sections.stepLists().add(child);
            } else if (key.equals("ui")) {
                sections.ui().add(child);
            } else if (!key.equals(XML_INJECTION.toLowerCase(Locale.ROOT))) {
                warning("unknown element <" + child.name() + "> kept", child.location());
                sections.extensions().add(child);
            }
        }
        return sections;
    }

    /** The package id: present, and safe to name folders with. */
    private String identity(Map<String, XmlElement> single, XmlElement root) {
        String id = required(single, "packageId", root);
        if (id != null && !PACKAGE_ID.matcher(id).matches()) {
            // Ids name folders (work folders, caches): nothing that could climb or hide in a path.
            error("packageId '" + id + "' may hold only letters, digits, '.', '_' and '-'",
                    single.get("packageid").location());
        }
        return id;
    }

    private MigrationStrategy strategy(XmlElement element) {
        if (element == null || element.text().isEmpty()) {
            return MigrationStrategy.LATEST_ONLY;
        }
        return MigrationStrategy.fromName(element.text()).orElseGet(() -> {
            error("migrationStrategy '" + element.text() + "' is not LatestOnly or MigrationPath", element.location());
            return MigrationStrategy.LATEST_ONLY;
        });
    }

    private List<Dependency> dependencies(List<XmlElement> lists) {
        List<Dependency> dependencies = new ArrayList<>();
        for (XmlElement list : lists) {
            for (XmlElement element : list.children()) {
                if (!element.is("dependency")) {
                    warning("unknown element <" + element.name() + "> in <dependencies> ignored", element.location());
                    continue;
                }
                dependencies.add(dependency(element));
            }
        }
        return dependencies;
    }

    private List<StepDescriptor> steps(List<XmlElement> lists) {
        List<StepDescriptor> steps = new ArrayList<>();
        for (XmlElement list : lists) {
            for (XmlElement element : list.children()) {
                if (!element.is("step")) {
                    warning("unknown element <" + element.name() + "> in <steps> ignored", element.location());
                    continue;
                }
                int index = steps.size() + 1;
                String type = element.attribute("type").map(String::trim).orElse("");
                if (type.isEmpty()) {
                    error("step " + index + " at line " + element.location().line() + " has no type",
                            element.location());
                }
                steps.add(new StepDescriptor(index, type, element.attributes(), element.children(),
                        element.location().withStep(index, type.isEmpty() ? null : type)));
            }
        }
        return steps;
    }

    private Dependency dependency(XmlElement element) {
        for (String attribute : element.attributes().names()) {
            if (!DEPENDENCY_ATTRIBUTES.contains(attribute.toLowerCase(Locale.ROOT))) {
                warning("unknown attribute " + attribute + " on <dependency> kept", element.location());
            }
        }
        String id = element.attribute("id").map(String::trim).orElse("");
        if (id.isEmpty()) {
            error("dependency at line " + element.location().line() + " has no id", element.location());
        }
        String version = element.attribute("version").map(String::trim).orElse(null);
        if (version != null && !version.isEmpty() && !version.equals("*") && !isVersionOrRange(version)) {
            error("dependency " + id + ": version '" + version + "' is neither a version nor a range (write 1.2.0,"
                    + " 1.2.*, or >=1.2.0 <2.0.0)", element.location());
        }
        boolean mandatory = bool(element.attribute("mandatory").orElse(null), true, "mandatory", element.location());
        boolean ignorable = bool(element.attribute("isIgnorable").orElse(null), false, "isIgnorable",
                element.location());
        return new Dependency(id, version, mandatory, ignorable, element.location());
    }

    private static boolean isVersionOrRange(String spec) {
        return dev.stagehand.core.internal.Versions.range(spec) != null;
    }

    private String required(Map<String, XmlElement> single, String name, XmlElement root) {
        XmlElement element = single.get(name.toLowerCase(Locale.ROOT));
        if (element == null) {
            error("the manifest has no <" + name + ">", root.location());
            return null;
        }
        if (element.text().isEmpty()) {
            error("<" + name + "> is empty", element.location());
            return null;
        }
        return element.text();
    }

    private static String text(Map<String, XmlElement> single, String key) {
        XmlElement element = single.get(key);
        return element == null || element.text().isEmpty() ? null : element.text();
    }

    boolean bool(String value, boolean fallback, String what, Location location) {
        return parseBoolean(value, fallback, what, location, problems);
    }

    static boolean parseBoolean(String value, boolean fallback, String what, Location location, List<Problem> sink) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        return Flags.parse(value).orElseGet(() -> {
            sink.add(Problem.error(what + " is '" + value + "', expected true or false", location));
            return fallback;
        });
    }

    private void error(String message, Location location) {
        problems.add(Problem.error(message, location));
    }

    private void warning(String message, Location location) {
        problems.add(Problem.warning(message, location));
    }
}
