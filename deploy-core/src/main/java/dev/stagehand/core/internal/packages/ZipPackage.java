package dev.stagehand.core.internal.packages;

import dev.stagehand.api.Location;
import dev.stagehand.api.ManifestException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * A package packed as a zip. Every entry name is checked when the zip is opened, so a zip with
 * one entry that would escape its folder is refused whole, before anything is read or written.
 * The package root is the zip root, or its single top folder when the manifest is inside one.
 */
public final class ZipPackage implements AutoCloseable {

    private final Path zipPath;
    private final String displayName;
    private final ZipFile zip;
    private final String prefix;
    private final Map<String, ZipEntry> entries = new LinkedHashMap<>();

    private ZipPackage(Path zipPath, String displayName, ZipFile zip, String prefix) {
        this.zipPath = zipPath;
        this.displayName = displayName;
        this.zip = zip;
        this.prefix = prefix;
    }

    /** Opens and checks a zip package. */
    public static ZipPackage open(Path zipPath, String displayName) throws IOException {
        ZipFile zip;
        try {
            zip = new ZipFile(zipPath.toFile());
        } catch (java.util.zip.ZipException e) {
            throw new ManifestException("not a readable zip file: " + e.getMessage(), Location.ofFile(displayName), e);
        }
        try {
            List<String> names = new ArrayList<>();
            for (Enumeration<? extends ZipEntry> e = zip.entries(); e.hasMoreElements(); ) {
                String name = e.nextElement().getName();
                Optional<String> reason = SafePaths.escapeReason(name);
                if (reason.isPresent()) {
                    throw new ManifestException("zip entry '" + name + "' is refused: " + reason.get()
                            + "; nothing of this package is read", Location.ofFile(displayName));
                }
                names.add(name);
            }
            String prefix = rootPrefix(names);
            ZipPackage result = new ZipPackage(zipPath, displayName, zip, prefix);
            for (Enumeration<? extends ZipEntry> e = zip.entries(); e.hasMoreElements(); ) {
                ZipEntry entry = e.nextElement();
                if (!entry.isDirectory() && entry.getName().startsWith(prefix)) {
                    result.entries.put(entry.getName().substring(prefix.length()).replace('\\', '/'), entry);
                }
            }
            return result;
        } catch (RuntimeException e) {
            zip.close();
            throw e;
        }
    }

    /** "" when manifest.xml is at the zip root, "Folder/" when the zip holds one folder with it. */
    private static String rootPrefix(List<String> names) {
        for (String name : names) {
            if (name.equalsIgnoreCase("manifest.xml")) {
                return "";
            }
        }
        String top = null;
        for (String name : names) {
            int slash = name.replace('\\', '/').indexOf('/');
            String first = slash < 0 ? null : name.substring(0, slash + 1);
            if (first == null || (top != null && !top.equals(first))) {
                return "";
            }
            top = first;
        }
        return top == null ? "" : top;
    }

    /** Entry names relative to the package root whose name equals {@code name} ignoring case. */
    public List<String> findIgnoringCase(String name) {
        return entries.keySet().stream().filter(n -> n.toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT)))
                .toList();
    }

    public boolean contains(String relative) {
        return entries.containsKey(relative.replace('\\', '/'));
    }

    public InputStream open(String relative) throws IOException {
        ZipEntry entry = entries.get(relative.replace('\\', '/'));
        if (entry == null) {
            throw new java.io.FileNotFoundException(displayName + "!/" + relative);
        }
        return zip.getInputStream(entry);
    }

    /** The display name of a file inside the zip: {@code pkg.zip!/manifest.xml}. */
    public String displayName(String relative) {
        return displayName + "!/" + relative;
    }

    /** Unpacks the package root into {@code target} (created when missing). */
    public void extractTo(Path target) throws IOException {
        Files.createDirectories(target);
        for (Map.Entry<String, ZipEntry> entry : entries.entrySet()) {
            Path file = SafePaths.resolveInside(target, entry.getKey());
            Files.createDirectories(file.getParent());
            try (InputStream in = zip.getInputStream(entry.getValue())) {
                Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
            }
            // The entry's time, so a file unpacked again by the next run has the same stamp.
            Files.setLastModifiedTime(file, entry.getValue().getLastModifiedTime());
        }
    }

    public Path path() {
        return zipPath;
    }

    @Override
    public void close() throws IOException {
        zip.close();
    }
}
