package dev.stagehand.core.internal.content;

import dev.stagehand.api.spi.PackageContent;
import dev.stagehand.core.internal.packages.SafePaths;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** The files of a package unpacked into a local folder. */
public final class DefaultPackageContent implements PackageContent {

    private final Path root;

    public DefaultPackageContent(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    @Override
    public Path root() {
        return root;
    }

    /**
     * One walk of the package whatever the number of patterns.
     *
     * @throws IllegalArgumentException naming the pattern when it would reach outside the package
     */
    @Override
    public List<String> find(String pattern) throws IOException {
        ContentPattern content = ContentPattern.parse(pattern);
        List<String> found = new ArrayList<>();
        boolean slashSeparated = root.getFileSystem().getSeparator().equals("/");
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                // Links are skipped: one could point outside the package and smuggle a file in.
                if (attributes.isRegularFile()) {
                    Path relative = root.relativize(file);
                    if (content.matches(relative)) {
                        String name = relative.toString();
                        found.add(slashSeparated ? name : name.replace('\\', '/'));
                    }
                }
                return FileVisitResult.CONTINUE;
            }
        });
        Collections.sort(found);
        return found;
    }

    @Override
    public Path resolve(String relativePath) {
        return SafePaths.resolveInside(root, relativePath);
    }

    @Override
    public String toString() {
        return root.toString();
    }
}
