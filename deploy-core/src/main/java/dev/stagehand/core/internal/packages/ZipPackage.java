package dev.stagehand.core.internal.packages;

import dev.stagehand.api.Location;
import dev.stagehand.api.ManifestException;
import dev.stagehand.core.options.ZipLimits;
import java.io.FilterInputStream;
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
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * A package packed as a zip. Every entry name is checked when the zip is opened, so a zip with
 * one entry that would escape its folder is refused whole, before anything is read or written.
 * The package root is the zip root, or its single top folder when the manifest is inside one.
 * What an entry gives is counted as it is inflated and stopped at the {@link ZipLimits}, whatever
 * its header says; entries are read one by one, when asked for, so a deployment unpacks only
 * what its steps use.
 */
public final class ZipPackage implements AutoCloseable {

    private final Path zipPath;
    private final String displayName;
    private final ZipFile zip;
    private final String prefix;
    private final Map<String, ZipEntry> entries = new LinkedHashMap<>();
    private final ZipLimits limits;
    /** Uncompressed bytes read from the zip so far, all entries together. */
    private final AtomicLong inflated = new AtomicLong();

    private ZipPackage(Path zipPath, String displayName, ZipFile zip, String prefix, ZipLimits limits) {
        this.zipPath = zipPath;
        this.displayName = displayName;
        this.zip = zip;
        this.prefix = prefix;
        this.limits = limits;
    }

    /** Opens and checks a zip package, with the default limits. */
    public static ZipPackage open(Path zipPath, String displayName) throws IOException {
        return open(zipPath, displayName, ZipLimits.DEFAULTS);
    }

    /** Opens and checks a zip package. */
    public static ZipPackage open(Path zipPath, String displayName, ZipLimits limits) throws IOException {
        ZipFile zip;
        try {
            zip = new ZipFile(zipPath.toFile());
        } catch (java.util.zip.ZipException e) {
            throw new ManifestException("not a readable zip file: " + e.getMessage(), Location.ofFile(displayName), e);
        }
        try {
            if (zip.size() > limits.maxEntries()) {
                throw new ManifestException("the zip lists " + zip.size() + " entries, more than the limit of "
                        + limits.maxEntries() + " (--zip-max-entries); nothing of this package is read",
                        Location.ofFile(displayName));
            }
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
            ZipPackage result = new ZipPackage(zipPath, displayName, zip, prefix, limits);
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

    /** The package files, relative to the package root, in zip order. */
    public List<String> names() {
        return List.copyOf(entries.keySet());
    }

    /**
     * An entry's content, counted against the limits as it is read.
     *
     * @throws ManifestException from {@code read} when the entry or the zip gives more than the limits allow
     */
    public InputStream open(String relative) throws IOException {
        String name = relative.replace('\\', '/');
        ZipEntry entry = entries.get(name);
        if (entry == null) {
            throw new java.io.FileNotFoundException(displayName + "!/" + relative);
        }
        return new Bounded(zip.getInputStream(entry), entry, name);
    }

    /**
     * A whole entry that may hold at most {@code max} bytes ({@code what} names it in the error):
     * refused unread when its header says more, and stopped once past it when the header lies.
     */
    public byte[] readAll(String relative, long max, String what) throws IOException {
        ZipEntry entry = entries.get(relative.replace('\\', '/'));
        if (entry != null && entry.getSize() > max) {
            throw tooLarge(relative, entry.getSize(), max, what);
        }
        try (InputStream in = open(relative)) {
            byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, max + 1));
            if (bytes.length > max) {
                throw tooLarge(relative, -1, max, what);
            }
            return bytes;
        }
    }

    private ManifestException tooLarge(String relative, long size, long max, String what) {
        return new ManifestException(what + " is " + (size < 0 ? "larger than " + max + " bytes" : size + " bytes")
                + "; it may hold at most " + max + " bytes: refused unread", Location.ofFile(displayName(relative)));
    }

    /**
     * Inflates every entry once, writing nothing, so that a zip beyond its limits (whatever its
     * headers say) is refused before a deployment changes anything; what is unpacked afterwards
     * counts afresh.
     *
     * @throws ManifestException naming the first entry past a limit
     */
    public void verify() throws IOException {
        byte[] buffer = new byte[1 << 16];
        try {
            for (String name : entries.keySet()) {
                try (InputStream in = open(name)) {
                    while (in.read(buffer) >= 0) {
                        // only counted
                    }
                }
            }
        } finally {
            inflated.set(0);
        }
    }

    /**
     * Refuses, from the zip's central directory alone, entries whose declared sizes pass the
     * limits: planning sees an honest zip bomb without inflating a byte. A zip that lies about its
     * sizes passes here and is stopped when read ({@link #verify}).
     *
     * @throws ManifestException naming the first entry past a limit
     */
    public void checkDeclared() {
        long all = 0;
        for (Map.Entry<String, ZipEntry> named : entries.entrySet()) {
            ZipEntry entry = named.getValue();
            long size = entry.getSize();
            if (size < 0) {
                continue;
            }
            all += size;
            String why = null;
            if (size > limits.maxEntryBytes()) {
                why = "declares " + size + " bytes, beyond the limit of " + limits.maxEntryBytes()
                        + " bytes per entry (--zip-max-bytes)";
            } else if (all > limits.maxBytes()) {
                why = "declares bytes that take the zip beyond the limit of " + limits.maxBytes()
                        + " uncompressed bytes in all (--zip-max-bytes)";
            } else if (size > ZipLimits.RATIO_GRACE && size > (double) limits.maxRatio()
                    * Math.max(1, entry.getCompressedSize())) {
                why = "declares " + size + " bytes, more than " + limits.maxRatio() + " times its compressed size"
                        + " of " + entry.getCompressedSize() + " bytes, as a zip bomb does (--zip-max-ratio)";
            }
            if (why != null) {
                throw new ManifestException("zip entry '" + named.getKey() + "' " + why + "; the package is refused",
                        Location.ofFile(displayName(named.getKey())));
            }
        }
    }

    /** Unpacks one entry into {@code file} (its folders created), with the entry's time. */
    public void extract(String relative, Path file) throws IOException {
        ZipEntry entry = entries.get(relative.replace('\\', '/'));
        Files.createDirectories(file.getParent());
        try (InputStream in = open(relative)) {
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | RuntimeException e) {
            // Half a file is no package file.
            Files.deleteIfExists(file);
            throw e;
        }
        // The entry's time, so a file unpacked again by the next run has the same stamp.
        Files.setLastModifiedTime(file, entry.getLastModifiedTime());
    }

    /** The display name of a file inside the zip: {@code pkg.zip!/manifest.xml}. */
    public String displayName(String relative) {
        return displayName + "!/" + relative;
    }

    /** Unpacks the package root into {@code target} (created when missing). */
    public void extractTo(Path target) throws IOException {
        Files.createDirectories(target);
        for (String name : entries.keySet()) {
            extract(name, SafePaths.resolveInside(target, name));
        }
    }

    /** An entry's stream that counts what it gives and stops at the first limit passed. */
    private final class Bounded extends FilterInputStream {
        private final ZipEntry entry;
        private final String name;
        private long given;

        Bounded(InputStream in, ZipEntry entry, String name) {
            super(in);
            this.entry = entry;
            this.name = name;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            // Skipped bytes are inflated all the same: read them, so that they count.
            return readNBytes((int) Math.min(n, 1 << 16)).length;
        }

        private void count(int n) {
            given += n;
            long all = inflated.addAndGet(n);
            if (entry.getSize() >= 0 && given > entry.getSize()) {
                throw refused("gives more bytes than its header says (" + entry.getSize() + "): the zip is forged"
                        + " or corrupt");
            }
            if (given > limits.maxEntryBytes()) {
                throw refused("expands beyond the limit of " + limits.maxEntryBytes() + " bytes per entry"
                        + " (--zip-max-bytes)");
            }
            if (all > limits.maxBytes()) {
                throw refused("takes the zip beyond the limit of " + limits.maxBytes() + " uncompressed bytes in all"
                        + " (--zip-max-bytes)");
            }
            if (given > ZipLimits.RATIO_GRACE && given > (double) limits.maxRatio() * Math.max(1,
                    entry.getCompressedSize())) {
                throw refused("expands more than " + limits.maxRatio() + " times its compressed size of "
                        + entry.getCompressedSize() + " bytes, as a zip bomb does (--zip-max-ratio)");
            }
        }

        private ManifestException refused(String why) {
            return new ManifestException("zip entry '" + name + "' " + why + "; the package is refused",
                    Location.ofFile(displayName(name)));
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
