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
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * A package packed as a zip. Every entry name is checked when the zip is opened, so a zip with
 * one entry that would escape its folder is refused whole, before anything is read or written.
 * The package root is the zip root, or its single top folder when the manifest is inside one.
 * What an entry gives is counted as it is inflated and stopped at the {@link ZipLimits}, whatever
 * its header says, and its CRC-32 is checked against the header once it is read whole; entries
 * are read one by one, when asked for, so a deployment unpacks only what its steps use. A stored
 * (uncompressed) entry must declare the same size as it stores, so it can never give more than
 * its header says and {@link #checkDeclared} bounds it without reading it.
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
    /** Entries opened for reading so far, {@link #verify} not counted. */
    private final AtomicInteger opened = new AtomicInteger();

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
                ZipEntry entry = e.nextElement();
                String name = entry.getName();
                Optional<String> reason = SafePaths.escapeReason(name);
                if (reason.isPresent()) {
                    throw new ManifestException("zip entry '" + name + "' is refused: " + reason.get()
                            + "; nothing of this package is read", Location.ofFile(displayName));
                }
                if (entry.getMethod() == ZipEntry.STORED && entry.getSize() != entry.getCompressedSize()) {
                    throw new ManifestException("zip entry '" + name + "' is stored uncompressed but declares "
                            + entry.getSize() + " bytes against " + entry.getCompressedSize() + " bytes stored: the"
                            + " zip is corrupt or forged; nothing of this package is read",
                            Location.ofFile(displayName + "!/" + name));
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
        opened.incrementAndGet();
        return new Bounded(zip.getInputStream(entry), entry, name);
    }

    /**
     * The entry's uncompressed size and CRC-32 as the central directory records them, read from
     * nothing else; empty for a name that is no entry or an entry without both.
     */
    public Optional<dev.stagehand.api.spi.RecordedContent> recorded(String relative) {
        ZipEntry entry = entries.get(relative.replace('\\', '/'));
        if (entry == null || entry.getSize() < 0 || entry.getCrc() < 0) {
            return Optional.empty();
        }
        return Optional.of(new dev.stagehand.api.spi.RecordedContent(entry.getSize(), entry.getCrc()));
    }

    /** How many entries were opened for reading ({@link #open}), those {@link #verify} reads not counted. */
    public int entriesOpened() {
        return opened.get();
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
     * Inflates every compressed entry once, writing nothing, so that a zip beyond its limits
     * (whatever its headers say) or whose compressed data does not give the recorded CRC-32 is
     * refused before a deployment changes anything; what is unpacked afterwards counts afresh.
     * Stored entries are not read: one gives exactly the bytes it declares (refused at open
     * otherwise), which {@link #checkDeclared} bounds, and its CRC-32 is checked when it is
     * unpacked, before a step uses it.
     *
     * @throws ManifestException naming the first entry past a limit or not matching its CRC-32
     */
    public void verify() throws IOException {
        byte[] buffer = new byte[1 << 16];
        int before = opened.get();
        try {
            for (Map.Entry<String, ZipEntry> named : entries.entrySet()) {
                if (named.getValue().getMethod() == ZipEntry.STORED) {
                    continue;
                }
                try (InputStream in = open(named.getKey())) {
                    while (in.read(buffer) >= 0) {
                        // only counted and checked
                    }
                }
            }
        } finally {
            inflated.set(0);
            opened.set(before);
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

    /**
     * An entry's stream that counts what it gives and stops at the first limit passed, and refuses
     * the entry at its end when what it gave does not have the CRC-32 its header records.
     */
    private final class Bounded extends FilterInputStream {
        private final ZipEntry entry;
        private final String name;
        private final CRC32 crc = new CRC32();
        private long given;
        private boolean checked;

        Bounded(InputStream in, ZipEntry entry, String name) {
            super(in);
            this.entry = entry;
            this.name = name;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                crc.update(b);
                count(1);
            } else {
                checkCrc();
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                crc.update(buffer, offset, n);
                count(n);
            } else if (n < 0) {
                checkCrc();
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

        /**
         * At the end of the entry, so that a CRC-32 trusted later (to know an unchanged file without
         * reading it) was true of the data unpacked; every reader here reads to the end.
         */
        private void checkCrc() {
            if (checked || entry.getCrc() < 0) {
                return;
            }
            checked = true;
            if (crc.getValue() != entry.getCrc()) {
                throw new ManifestException("zip entry '" + name + "' does not match its recorded CRC-32: the zip is"
                        + " corrupt or forged; the package is refused", Location.ofFile(displayName(name)));
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
