package dev.stagehand.cli;

import dev.stagehand.api.DeploymentException;
import dev.stagehand.api.Location;
import dev.stagehand.core.PackageReader;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The plugin jars of one run of the command, found in the installation's {@code plugins} folder,
 * each folder of {@code DEPLOY_PLUGINS} and each {@code --plugins} folder, behind one class loader
 * whose parent is the command's own (so a plugin sees deploy-api as the command has it).
 */
final class PluginJars implements AutoCloseable {

    /** The folder of the installation that holds plugin jars. */
    static final String FOLDER = "plugins";
    /** The environment variable naming more plugin folders, as a path list. */
    static final String VARIABLE = "DEPLOY_PLUGINS";

    private static final Logger LOG = LoggerFactory.getLogger(PluginJars.class);
    private static final String SERVICES = "META-INF/services/";

    /** A plugin jar and the provider classes its service files name (to say which jar a failing one is in). */
    private record Jar(Path file, Set<String> providers) {
    }

    private final List<Path> folders;
    private List<Jar> jars;
    private URLClassLoader loader;

    private PluginJars(List<Path> folders) {
        this.folders = List.copyOf(folders);
    }

    /** The installation's plugins folder, then those of {@code DEPLOY_PLUGINS}, then {@code given}. */
    static PluginJars of(CommandEnvironment environment, List<Path> given) {
        List<Path> folders = new ArrayList<>();
        if (environment.home() != null) {
            folders.add(environment.home().resolve(FOLDER));
        }
        String path = environment.variables().get(VARIABLE);
        if (path != null) {
            for (String part : path.split(Pattern.quote(File.pathSeparator))) {
                if (part.isBlank()) {
                    continue;
                }
                Path folder = Path.of(part.trim());
                if (Files.isDirectory(folder)) {
                    folders.add(folder);
                } else {
                    LOG.warn("{} names {}, which is not a folder; no plugins are loaded from it", VARIABLE, folder);
                }
            }
        }
        folders.addAll(given);
        return new PluginJars(folders);
    }

    /**
     * The loader to find plugins with: the command's own when there is no plugin jar.
     *
     * @throws DeploymentException naming a jar that cannot be read
     */
    synchronized ClassLoader classLoader() {
        if (jars == null) {
            jars = folders.stream().flatMap(PluginJars::jarsIn).map(PluginJars::read).toList();
            ClassLoader parent = PluginJars.class.getClassLoader();
            if (!jars.isEmpty()) {
                loader = new URLClassLoader("deploy-plugins", jars.stream().map(j -> url(j.file())).toArray(URL[]::new),
                        parent);
            }
            jars.forEach(j -> LOG.debug("plugin jar {}", j.file()));
        }
        return loader == null ? PluginJars.class.getClassLoader() : loader;
    }

    /**
     * A failure to load plugins, said about the jar it comes from when one of its service files
     * names the class that failed, else listing the plugin jars loaded.
     */
    synchronized DeploymentException explain(Throwable failure) {
        String message = failure instanceof DeploymentException d ? d.reason()
                : "a plugin cannot be loaded: " + failure;
        for (Jar jar : jars == null ? List.<Jar>of() : jars) {
            if (jar.providers().stream().anyMatch(p -> Pattern.compile("\\b" + Pattern.quote(p) + "\\b")
                    .matcher(message).find())) {
                return new DeploymentException(message, Location.ofFile(display(jar.file())), failure);
            }
        }
        String loaded = jars == null || jars.isEmpty() ? "none"
                : String.join(", ", jars.stream().map(j -> display(j.file())).toList());
        return new DeploymentException(message + " (plugin jars: " + loaded + ")", Location.UNKNOWN, failure);
    }

    private static Stream<Path> jarsIn(Path folder) {
        if (!Files.isDirectory(folder)) {
            return Stream.empty();
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(f -> f.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".jar")
                    && Files.isRegularFile(f)).sorted().toList().stream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Jar read(Path file) {
        Set<String> providers = new LinkedHashSet<>();
        try (JarFile jar = new JarFile(file.toFile())) {
            for (Enumeration<JarEntry> entries = jar.entries(); entries.hasMoreElements(); ) {
                JarEntry entry = entries.nextElement();
                if (entry.getName().startsWith(SERVICES) && !entry.isDirectory()) {
                    String text = new String(jar.getInputStream(entry).readAllBytes(), StandardCharsets.UTF_8);
                    text.lines().map(l -> l.replaceAll("#.*", "").trim()).filter(l -> !l.isEmpty())
                            .forEach(providers::add);
                }
            }
        } catch (IOException e) {
            throw new DeploymentException("not a plugin jar that can be read: " + e.getMessage(),
                    Location.ofFile(display(file)), e);
        }
        return new Jar(file, providers);
    }

    private static URL url(Path file) {
        try {
            return file.toUri().toURL();
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static String display(Path file) {
        return PackageReader.displayName(file);
    }

    /** Closes the jars; a failure to is no reason to fail a command that has run. */
    @Override
    public synchronized void close() {
        if (loader != null) {
            try {
                loader.close();
            } catch (IOException e) {
                LOG.debug("closing the plugin jars failed", e);
            }
            loader = null;
        }
    }
}
