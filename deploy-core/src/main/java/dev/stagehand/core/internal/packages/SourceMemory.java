package dev.stagehand.core.internal.packages;

import dev.stagehand.api.io.AtomicFiles;
import dev.stagehand.core.internal.engine.StateFolders;
import dev.stagehand.core.options.ZipLimits;
import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import java.util.zip.CheckedOutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The persistent index of one package source folder, kept in the cache folder between runs so
 * that indexing an unchanged source reads no manifest again. It remembers each package with the
 * stamps of its folder and manifest (of its zip, for a zip), its id, version and manifest bytes,
 * and each plain folder searched with its stamp and entries. A folder's stamp changes whenever an
 * entry is added to it, removed or renamed (a new package, a second manifest, a package gone); a
 * file's whenever its content is written: whatever does not carry the remembered stamps is read
 * again. The file is only a cache: a missing, foreign, truncated or damaged one (a CRC covers it)
 * is ignored and rebuilt, and a stamp too recent to tell a later write in the same clock tick
 * apart is not trusted.
 */
final class SourceMemory {

    private static final Logger LOG = LoggerFactory.getLogger(SourceMemory.class);
    private static final int MAGIC = 0x53485049; // "SHPI"
    private static final int FORMAT = 1;
    private static final String FOLDER = "package-index";
    private static final boolean UNIX = FileSystems.getDefault().supportedFileAttributeViews().contains("unix");
    private static final int S_IFMT = 0170000;
    private static final int S_IFDIR = 0040000;
    private static final int S_IFREG = 0100000;
    /** A stamp this close to the index's writing may hide a later write of the same clock tick. */
    private static final long RACY_NANOS = TimeUnit.SECONDS.toNanos(2);

    /**
     * What one metadata call tells of a file or folder; equal stamps mean unchanged content
     * (a file) or unchanged entries (a folder).
     */
    record Stamp(boolean folder, long size, long mtime, long ctime, long device, long inode) {

        /** The stamp of a file or folder; null when it is absent or something else. */
        static Stamp of(Path path) throws IOException {
            try {
                if (UNIX) {
                    Map<String, Object> unix = Files.readAttributes(path, "unix:mode,size,lastModifiedTime,ctime,ino,dev");
                    int type = (Integer) unix.get("mode") & S_IFMT;
                    if (type != S_IFDIR && type != S_IFREG) {
                        return null;
                    }
                    return new Stamp(type == S_IFDIR, (Long) unix.get("size"),
                            nanos((FileTime) unix.get("lastModifiedTime")), nanos((FileTime) unix.get("ctime")),
                            (Long) unix.get("dev"), (Long) unix.get("ino"));
                }
                BasicFileAttributes basic = Files.readAttributes(path, BasicFileAttributes.class);
                if (!basic.isDirectory() && !basic.isRegularFile()) {
                    return null;
                }
                return new Stamp(basic.isDirectory(), basic.size(), nanos(basic.lastModifiedTime()),
                        nanos(basic.creationTime()), 0, Objects.hashCode(basic.fileKey()));
            } catch (NoSuchFileException e) {
                return null;
            }
        }

        /**
         * On a file system that keeps whole seconds only, a stamp of the second the index was
         * written could be that of a write made just after: such a stamp is read again.
         */
        boolean racyAt(long written) {
            boolean coarse = mtime % 1_000_000_000L == 0 && ctime % 1_000_000_000L == 0;
            return coarse && written - Math.max(mtime, ctime) < RACY_NANOS;
        }

        private static long nanos(FileTime time) {
            return time.to(TimeUnit.NANOSECONDS);
        }

        void write(DataOutputStream out) throws IOException {
            out.writeBoolean(folder);
            out.writeLong(size);
            out.writeLong(mtime);
            out.writeLong(ctime);
            out.writeLong(device);
            out.writeLong(inode);
        }
    }

    /** A remembered path of the source: a plain folder searched, or a package. */
    sealed interface Node permits Folder, Remembered {
        Stamp stamp();
    }

    /** A folder that is no package, with its entries (not hidden) in search order. */
    record Folder(Stamp stamp, List<String> entries) implements Node {
    }

    /**
     * A package whose manifest was read: its folder's or zip's stamp, its manifest's name and
     * stamp (null for a zip, which the zip's stamp covers), its header and its bytes.
     */
    record Remembered(Stamp stamp, boolean zipped, String manifest, Stamp manifestStamp, String id, String version,
                      byte[] bytes) implements Node {
    }

    /** A package found by {@link #discover}: remembered (its manifest need not be read), or not. */
    record Found(Path path, String key, Stamp stamp, Remembered remembered) {
    }

    private final Path file;
    private final Path root;
    private final String identity;
    private final long written;
    private final Map<String, Node> before;
    private final Map<String, Node> now = new HashMap<>();
    private boolean changed;

    private SourceMemory(Path file, Path root, String identity, long written, Map<String, Node> before) {
        this.file = file;
        this.root = root;
        this.identity = identity;
        this.written = written;
        this.before = before;
        this.changed = before.isEmpty();
    }

    /** A memory that remembers nothing and saves nothing (no cache folder). */
    static SourceMemory none(Path root) {
        return new SourceMemory(null, root, "", 0, Map.of());
    }

    /** The memory of {@code root} in {@code cacheFolder}, empty when there is none or it cannot be trusted. */
    static SourceMemory load(Path cacheFolder, Path root, ZipLimits limits) {
        String identity = root.toAbsolutePath().normalize() + "\n" + limits;
        Path file = cacheFolder.resolve(FOLDER).resolve(name(identity));
        Map<String, Node> nodes = new HashMap<>();
        long written = 0;
        if (Files.isRegularFile(file)) {
            try {
                written = read(Files.readAllBytes(file), identity, nodes);
            } catch (IOException | RuntimeException e) {
                // Only time is lost: everything is read again and the file rewritten.
                LOG.info("ignoring the package index {}: {}", file, e.toString());
                nodes.clear();
            }
        }
        return new SourceMemory(file, root, identity, written, nodes);
    }

    private static String name(String identity) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(identity.getBytes(StandardCharsets.UTF_8));
            StringBuilder hex = new StringBuilder();
            for (int i = 0; i < 12; i++) {
                hex.append(String.format("%02x", hash[i]));
            }
            return hex + ".idx";
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java", e);
        }
    }

    /**
     * The packages at the root, in the order of {@link PackageFiles#discover}: the root itself when
     * it is a package, else every package in it and its sub-folders (not searched inside a package).
     */
    List<Found> discover() throws IOException {
        List<Found> found = new ArrayList<>();
        walk(root, "", found);
        if (!changed && now.size() != before.size()) {
            changed = true;
        }
        return found;
    }

    private void walk(Path path, String key, List<Found> found) throws IOException {
        Stamp stamp = Stamp.of(path);
        if (stamp == null) {
            return;
        }
        Node old = before.get(key);
        if (old != null && old.stamp().equals(stamp) && !stamp.racyAt(written)) {
            if (old instanceof Folder folder) {
                now.put(key, folder);
                for (String entry : folder.entries()) {
                    walk(path.resolve(entry), key.isEmpty() ? entry : key + "/" + entry, found);
                }
                return;
            }
            Remembered remembered = (Remembered) old;
            Stamp manifest = remembered.zipped() ? null : Stamp.of(path.resolve(remembered.manifest()));
            if (remembered.zipped() || (remembered.manifestStamp().equals(manifest) && !manifest.racyAt(written))) {
                now.put(key, remembered);
                found.add(new Found(path, key, stamp, remembered));
                return;
            }
        }
        changed = true;
        if (PackageFiles.isPackage(path)) {
            found.add(new Found(path, key, stamp, null));
            return;
        }
        if (!stamp.folder()) {
            return;
        }
        List<Path> children;
        try (Stream<Path> list = Files.list(path)) {
            children = list.filter(p -> !p.getFileName().toString().startsWith(".")).sorted().toList();
        }
        List<String> entries = children.stream().map(p -> p.getFileName().toString()).toList();
        now.put(key, new Folder(stamp, entries));
        for (String entry : entries) {
            walk(path.resolve(entry), key.isEmpty() ? entry : key + "/" + entry, found);
        }
    }

    /** Remembers a package just read, with the stamps taken before reading it. */
    void remember(Found found, PackageFiles.RawPackage raw, String id, String version) {
        if (found.stamp() == null || (!raw.zipped() && raw.stamp() == null)) {
            return;
        }
        now.put(found.key(), new Remembered(found.stamp(), raw.zipped(), raw.manifest(), raw.zipped() ? null
                : raw.stamp(), id, version, raw.bytes()));
        changed = true;
    }

    /** Writes what this indexing found when it differs from what was remembered. */
    void save() {
        if (file == null || !changed) {
            return;
        }
        try {
            StateFolders.create(file.getParent().getParent());
            StateFolders.create(file.getParent());
            // Streamed: the index of a large source holds every manifest, megabytes not worth copying twice.
            AtomicFiles.write(file, false, temporary -> {
                try (OutputStream stream = Files.newOutputStream(temporary)) {
                    CRC32 crc = new CRC32();
                    DataOutputStream out = new DataOutputStream(new BufferedOutputStream(
                            new CheckedOutputStream(stream, crc), 1 << 16));
                    serialize(out);
                    out.flush();
                    new DataOutputStream(stream).writeLong(crc.getValue());
                }
            });
        } catch (IOException | RuntimeException e) {
            LOG.info("cannot write the package index {}: {}", file, e.toString());
        }
    }

    private void serialize(DataOutputStream out) throws IOException {
        out.writeInt(MAGIC);
        out.writeInt(FORMAT);
        writeString(out, identity);
        out.writeLong(System.currentTimeMillis() * 1_000_000L);
        out.writeInt(now.size());
        for (Map.Entry<String, Node> e : now.entrySet()) {
            writeString(out, e.getKey());
            e.getValue().stamp().write(out);
            if (e.getValue() instanceof Folder folder) {
                out.writeByte('F');
                out.writeInt(folder.entries().size());
                for (String entry : folder.entries()) {
                    writeString(out, entry);
                }
            } else {
                Remembered r = (Remembered) e.getValue();
                out.writeByte(r.zipped() ? 'Z' : 'P');
                writeString(out, r.manifest());
                if (!r.zipped()) {
                    r.manifestStamp().write(out);
                }
                writeString(out, r.id());
                writeString(out, r.version());
                out.writeInt(r.bytes().length);
                out.write(r.bytes());
            }
        }
    }

    /** Fills {@code nodes} from the file's content; returns when it was written; throws when it cannot be trusted. */
    private static long read(byte[] content, String identity, Map<String, Node> nodes) throws IOException {
        if (content.length < 16) {
            throw new IOException("too short");
        }
        CRC32 crc = new CRC32();
        crc.update(content, 0, content.length - 8);
        // A ByteBuffer, not a DataInputStream: the index of a large source is megabytes of small fields.
        ByteBuffer in = ByteBuffer.wrap(content, 0, content.length - 8);
        if (in.getInt() != MAGIC || in.getInt() != FORMAT) {
            throw new IOException("not a package index of this version");
        }
        if (ByteBuffer.wrap(content, content.length - 8, 8).getLong() != crc.getValue()) {
            throw new IOException("damaged (CRC mismatch)");
        }
        try {
            if (!readString(in).equals(identity)) {
                throw new IOException("the index of another folder");
            }
            long written = in.getLong();
            int count = in.getInt();
            for (int i = 0; i < count; i++) {
                String key = readString(in);
                Stamp stamp = readStamp(in);
                int kind = in.get();
                if (kind == 'F') {
                    int n = in.getInt();
                    List<String> entries = new ArrayList<>(Math.min(n, 1 << 16));
                    for (int k = 0; k < n; k++) {
                        entries.add(entryName(readString(in)));
                    }
                    nodes.put(key, new Folder(stamp, List.copyOf(entries)));
                } else if (kind == 'P' || kind == 'Z') {
                    boolean zipped = kind == 'Z';
                    String manifest = readString(in);
                    if (!manifest.equalsIgnoreCase(PackageFiles.MANIFEST) && !zipped) {
                        throw new IOException("a manifest named " + manifest);
                    }
                    Stamp manifestStamp = zipped ? null : readStamp(in);
                    String id = readString(in);
                    String version = readString(in);
                    int length = in.getInt();
                    if (length < 0 || length > PackageFiles.MAX_MANIFEST_BYTES) {
                        throw new IOException("a manifest of " + length + " bytes");
                    }
                    byte[] bytes = new byte[length];
                    in.get(bytes);
                    nodes.put(key, new Remembered(stamp, zipped, manifest, manifestStamp, id, version, bytes));
                } else {
                    throw new IOException("unknown entry kind " + kind);
                }
            }
            return written;
        } catch (java.nio.BufferUnderflowException e) {
            throw new IOException("truncated", e);
        }
    }

    /** An entry of a folder, as listed: one name, never a way out of the folder. */
    private static String entryName(String name) throws IOException {
        if (name.isEmpty() || name.startsWith(".") || name.contains("/") || name.contains("\\")
                || name.indexOf('\0') >= 0) {
            throw new IOException("an entry named '" + name + "'");
        }
        return name;
    }

    private static Stamp readStamp(ByteBuffer in) {
        return new Stamp(in.get() != 0, in.getLong(), in.getLong(), in.getLong(), in.getLong(), in.getLong());
    }

    private static void writeString(DataOutputStream out, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    private static String readString(ByteBuffer in) throws IOException {
        int length = in.getInt();
        if (length < 0 || length > in.remaining()) {
            throw new IOException("a string of " + length + " bytes");
        }
        String text = new String(in.array(), in.arrayOffset() + in.position(), length, StandardCharsets.UTF_8);
        in.position(in.position() + length);
        return text;
    }

    @Override
    public String toString() {
        return "SourceMemory[" + root + ", " + before.size() + " remembered" + (file == null ? "" : ", " + file) + "]";
    }
}
