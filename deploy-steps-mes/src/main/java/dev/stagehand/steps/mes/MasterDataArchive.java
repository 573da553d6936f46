package dev.stagehand.steps.mes;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * The zip a MasterData step hands the product: the master data file at the root, the files of
 * the additional folders at their paths in the package. The same inputs give the same bytes:
 * entries (folders included) sorted by name, every time the DOS epoch written as local time (no
 * time zone enters), no extra fields, the JDK's deflater at its default level.
 */
final class MasterDataArchive {

    /** 1980-01-01 00:00, the earliest time a zip entry holds without an extra field. */
    static final LocalDateTime FIXED_TIME = LocalDateTime.of(1980, 1, 1, 0, 0);

    private final Map<String, Path> files = new TreeMap<>();

    /**
     * Adds a file at {@code name} ({@code /}-separated).
     *
     * @throws IllegalArgumentException when another file already has that name
     */
    MasterDataArchive add(String name, Path file) {
        if (files.putIfAbsent(name, file) != null) {
            throw new IllegalArgumentException("two files would be " + name + " in the zip");
        }
        return this;
    }

    /** The names of the entries, folders included, in the order they are written. */
    TreeSet<String> entryNames() {
        TreeSet<String> names = new TreeSet<>(files.keySet());
        for (String name : files.keySet()) {
            for (int slash = name.indexOf('/'); slash > 0; slash = name.indexOf('/', slash + 1)) {
                names.add(name.substring(0, slash + 1));
            }
        }
        return names;
    }

    byte[] bytes() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        write(out);
        return out.toByteArray();
    }

    void write(OutputStream out) throws IOException {
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            for (String name : entryNames()) {
                ZipEntry entry = new ZipEntry(name);
                entry.setTimeLocal(FIXED_TIME);
                zip.putNextEntry(entry);
                if (!name.endsWith("/")) {
                    Files.copy(files.get(name), zip);
                }
                zip.closeEntry();
            }
        }
    }
}
