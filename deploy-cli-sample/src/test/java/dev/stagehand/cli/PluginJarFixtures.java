package dev.stagehand.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/** Packs a fixture folder of src/test/resources into a jar, as a plugin jar is shipped. */
final class PluginJarFixtures {

    private PluginJarFixtures() {
    }

    /** {@code folder}'s files as the jar {@code jar} (created with its parent folders). */
    static Path pack(Path folder, Path jar) throws IOException {
        Files.createDirectories(jar.getParent());
        List<Path> files;
        try (Stream<Path> walk = Files.walk(folder)) {
            files = walk.filter(Files::isRegularFile).sorted().toList();
        }
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file)) {
            for (Path f : files) {
                out.putNextEntry(new JarEntry(folder.relativize(f).toString().replace('\\', '/')));
                Files.copy(f, out);
                out.closeEntry();
            }
        }
        return jar;
    }
}
