package dev.stagehand.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The jar of samples/plugin (the README's WriteMarker step type), as the reactor built it before this module. */
final class SamplePlugin {

    /** The fixture source whose package Marker has one WriteMarker step writing $(Marker.Folder)/installed.txt. */
    static final Path SOURCE = Path.of("src/test/resources/plugin/source");

    private SamplePlugin() {
    }

    static Path jar() throws IOException {
        Path target = Path.of("../samples/plugin/target");
        List<Path> jars;
        try (Stream<Path> files = Files.isDirectory(target) ? Files.list(target) : Stream.empty()) {
            jars = files.filter(f -> f.getFileName().toString().matches("stagehand-sample-plugin-.*(?<!-sources|-javadoc)\\.jar"))
                    .toList();
        }
        assertEquals(1, jars.size(), "the sample plugin's jar in " + target.toAbsolutePath().normalize()
                + " (the reactor builds samples/plugin before this module: mvn verify from the root)");
        return jars.get(0).toAbsolutePath().normalize();
    }

    /** The jar copied into {@code folder} as {@code name}. */
    static Path copyInto(Path folder, String name) throws IOException {
        Files.createDirectories(folder);
        return Files.copy(jar(), folder.resolve(name));
    }
}
