package dev.stagehand.core;

import java.nio.file.Path;

/** Paths of the test fixtures (real package folders under src/test/resources). */
public final class Fixtures {

    private Fixtures() {
    }

    public static Path manifest(String name) {
        return Path.of("src/test/resources/manifests", name);
    }

    public static Path resource(String relative) {
        return Path.of("src/test/resources", relative);
    }

    /** The repository's samples folder, shared with the README's first command. */
    public static Path samples() {
        return Path.of("../samples");
    }
}
