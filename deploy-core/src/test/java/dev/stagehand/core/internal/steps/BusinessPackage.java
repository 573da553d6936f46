package dev.stagehand.core.internal.steps;

import dev.stagehand.core.Fixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The package the DeployFiles tests deploy: four files in three folders. */
final class BusinessPackage {

    static final Path FOLDER = Fixtures.resource("steps/deploy-files/business-package");
    static final List<String> FILES = List.of("bin/app.dll", "bin/app.pdb", "bin/lib/util.dll", "web/index.html");

    private BusinessPackage() {
    }

    /** The package's files copied into {@code copy}: other files, other stamps, the same content. */
    static Path copyInto(Path copy) throws IOException {
        for (String file : FILES) {
            Files.createDirectories(copy.resolve(file).getParent());
            Files.copy(FOLDER.resolve(file), copy.resolve(file));
        }
        return copy;
    }
}
