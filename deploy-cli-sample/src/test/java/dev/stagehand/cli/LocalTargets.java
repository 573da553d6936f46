package dev.stagehand.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The targets file of two local targets, box1 and box2 (group {@code boxes}), under a test's folder. */
final class LocalTargets {

    private LocalTargets() {
    }

    /** Writes {@code folder/targets.json} from src/test/resources/ssh/local-targets.json, its boxes in {@code folder}. */
    static Path write(Path folder) throws IOException {
        Path targets = folder.resolve("targets.json");
        Files.writeString(targets, Files.readString(Path.of("src/test/resources/ssh/local-targets.json"))
                .replace("${BOX1}", slashes(folder.resolve("box1"))).replace("${BOX2}", slashes(folder.resolve("box2"))));
        return targets;
    }

    /** A path as a JSON file or a {@code --set} value writes it on every system: forward slashes. */
    static String slashes(Path path) {
        return path.toString().replace('\\', '/');
    }
}
