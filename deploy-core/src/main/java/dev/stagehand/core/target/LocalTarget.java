package dev.stagehand.core.target;

import dev.stagehand.api.io.AtomicFiles;
import dev.stagehand.api.io.Sha256;
import dev.stagehand.api.target.Appending;
import dev.stagehand.api.target.CommandRequest;
import dev.stagehand.api.target.CommandResult;
import dev.stagehand.api.target.ConcurrentAccess;
import dev.stagehand.api.target.ContentComparison;
import dev.stagehand.api.target.FileTimes;
import dev.stagehand.api.target.ContentHashing;
import dev.stagehand.api.target.DeploymentTarget;
import dev.stagehand.api.target.ExclusiveCreation;
import dev.stagehand.api.target.FileInfo;
import dev.stagehand.api.target.FileStamp;
import dev.stagehand.api.target.FileStamps;
import dev.stagehand.api.target.Flushing;
import dev.stagehand.api.target.FolderStaging;
import dev.stagehand.core.internal.content.LocalStamps;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.Charset;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileSystems;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.function.Consumer;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The deployer's own machine as a target. Paths are local paths; relative ones are taken from
 * the base folder given at construction. It has every capability: stamps, flushing, folder
 * staging, hashing, comparing, exclusive creation, appending, and calls from several threads.
 */
public final class LocalTarget implements DeploymentTarget, FileStamps, Flushing, FolderStaging, ContentHashing,
        ContentComparison, ConcurrentAccess, FileTimes, ExclusiveCreation, Appending {

    private static final Logger LOG = LoggerFactory.getLogger(LocalTarget.class);
    /** How long to wait for a killed process tree to release its output pipe. */
    private static final Duration KILL_GRACE = Duration.ofSeconds(5);

    /**
     * Files handled at once on the local machine: one. A first deployment of 1 GiB is bound by
     * the disk's write-back, and two copying threads measured about 20% slower than one (6 runs
     * alternating, 5.7-6.4 s against 7.4-8.1 s); several threads pay off for remote targets.
     */
    private static final int PARALLELISM = 1;

    /** When written files are forced to stable storage. */
    public enum Durability {
        /** Each file before it gets its final name (fsync, then rename): about 1.7 ms a file. */
        EACH_WRITE,
        /**
         * At {@link #flush()}: writes are remembered and forced together, once per step when the
         * engine drives the target. A power cut before the flush may leave files empty, which
         * the journal then does not claim.
         */
        ON_FLUSH,
        /** Never: a file is still never seen half written, but a power cut may leave it empty. */
        NONE
    }

    private final String name;
    private final Path base;
    private final Durability durability;
    /** Files and folders written since the last flush (ON_FLUSH only). */
    private final Set<Path> unflushed = ConcurrentHashMap.newKeySet();

    /**
     * A target whose writes reach the disk before they become visible (fsync, then rename).
     *
     * @param base the folder relative paths are resolved against
     */
    public LocalTarget(Path base) {
        this(base, Durability.EACH_WRITE);
    }

    /**
     * @param base       the folder relative paths are resolved against
     * @param syncWrites false skips the fsync before each rename: a file is still never seen
     *                   half written, but a power cut may leave it empty. One fsync costs about
     *                   as much as writing 50 small files, so a caller that records its own
     *                   progress (and re-runs after a crash) may prefer speed.
     */
    public LocalTarget(Path base, boolean syncWrites) {
        this(base, syncWrites ? Durability.EACH_WRITE : Durability.NONE);
    }

    /**
     * A target named {@code local} that forces writes as {@code durability} says.
     *
     * @param base the folder relative paths are resolved against
     * @param durability when written files reach stable storage
     */
    public LocalTarget(Path base, Durability durability) {
        this("local", base, durability);
    }

    /**
     * @param name the target's name in messages and the journal; several local targets (one
     *             folder standing for each machine) need names of their own
     * @param base the folder relative paths are resolved against
     * @param durability when written files reach stable storage
     */
    public LocalTarget(String name, Path base, Durability durability) {
        this.name = Objects.requireNonNull(name);
        this.base = base.toAbsolutePath().normalize();
        this.durability = Objects.requireNonNull(durability);
    }

    /** {@return when written files reach stable storage} */
    public Durability durability() {
        return durability;
    }

    @Override
    public String name() {
        return name;
    }

    /**
     * The local path a target path stands for.
     *
     * @param path a target path, absolute or relative to the base folder
     * @return the local path
     */
    public Path localPath(String path) {
        return base.resolve(path).normalize();
    }

    @Override
    public boolean exists(String path) {
        return Files.exists(localPath(path), LinkOption.NOFOLLOW_LINKS);
    }

    @Override
    public boolean isAbsolute(String path) {
        return Path.of(path).isAbsolute();
    }

    /** A folder of the system's temporary folder, readable by its owner only. */
    @Override
    public String createTempDirectory(String prefix) throws IOException {
        return Files.createTempDirectory(prefix).toString();
    }

    @Override
    public void setModified(String path, Instant modified) throws IOException {
        Files.setLastModifiedTime(localPath(path), java.nio.file.attribute.FileTime.from(modified));
    }

    @Override
    public Optional<FileInfo> stat(String path) throws IOException {
        try {
            BasicFileAttributes attributes = Files.readAttributes(localPath(path), BasicFileAttributes.class);
            return attributes.isRegularFile() ? Optional.of(new FileInfo(attributes.size(),
                    attributes.lastModifiedTime().toInstant())) : Optional.empty();
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    @Override
    public Optional<String> sha256(String path) throws IOException {
        Path file = localPath(path);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Sha256.of(file));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    @Override
    public Optional<String> sha256IfSame(Path localFile, String path) throws IOException {
        return sameContentSha(localFile, localPath(path));
    }

    /**
     * The SHA-256 of {@code source} when {@code other} holds the same bytes, else empty: both read
     * once side by side, only the source hashed (comparing bytes costs a fraction of hashing them),
     * and the reading stops at the first difference.
     */
    static Optional<String> sameContentSha(Path source, Path other) throws IOException {
        java.security.MessageDigest digest = Sha256.newDigest();
        byte[] a = new byte[Sha256.BUFFER_SIZE];
        byte[] b = new byte[Sha256.BUFFER_SIZE];
        try (java.io.InputStream left = java.nio.file.Files.newInputStream(source);
             java.io.InputStream right = java.nio.file.Files.newInputStream(other)) {
            while (true) {
                int n = left.readNBytes(a, 0, a.length);
                int m = right.readNBytes(b, 0, b.length);
                if (n != m || java.util.Arrays.mismatch(a, 0, n, b, 0, m) >= 0) {
                    return Optional.empty();
                }
                if (n == 0) {
                    return Optional.of(Sha256.hex(digest));
                }
                digest.update(a, 0, n);
            }
        } catch (java.nio.file.NoSuchFileException e) {
            return Optional.empty();
        }
    }

    @Override
    public int parallelism() {
        return PARALLELISM;
    }

    @Override
    public Optional<FileStamp> stamp(String path) throws IOException {
        return LocalStamps.of(localPath(path));
    }

    @Override
    public void write(String path, InputStream content) throws IOException {
        writeAtomically(localPath(path), temp -> {
            try (OutputStream out = Files.newOutputStream(temp, StandardOpenOption.TRUNCATE_EXISTING)) {
                // InputStream.transferTo moves 8 KiB at a time: eight times the system calls.
                byte[] buffer = new byte[Sha256.BUFFER_SIZE];
                int n;
                while ((n = content.read(buffer)) >= 0) {
                    out.write(buffer, 0, n);
                }
            }
        });
    }

    @Override
    public void upload(Path localFile, String path) throws IOException {
        writeAtomically(localPath(path), temp -> Files.copy(localFile, temp, StandardCopyOption.REPLACE_EXISTING));
    }

    private void writeAtomically(Path file, AtomicFiles.Content writer) throws IOException {
        AtomicFiles.write(file, durability == Durability.EACH_WRITE, writer);
        written(file);
    }

    private void written(Path path) {
        if (durability == Durability.ON_FLUSH) {
            unflushed.add(path);
        }
    }

    @Override
    public String stagingFolderFor(String destination) {
        Path folder = localPath(destination);
        return folder.resolveSibling("." + folder.getFileName() + ".staging").toString();
    }

    @Override
    public void copyStaged(Path localFile, String path) throws IOException {
        Path file = localPath(path);
        // No REPLACE_EXISTING: a path already there means the caller's staging folder is not its own.
        try {
            Files.copy(localFile, file);
        } catch (NoSuchFileException e) {
            // Its folder is not there yet (the first file of each folder): made then, not looked for
            // before every file. Another thread may have made it meanwhile: making it is idempotent, so
            // the copy is tried again whenever the source exists.
            if (!Files.exists(localFile)) {
                throw e;
            }
            Files.createDirectories(file.getParent());
            Files.copy(localFile, file);
        }
        if (durability == Durability.EACH_WRITE) {
            AtomicFiles.force(file);
        }
    }

    @Override
    public boolean isVacant(String destination) throws IOException {
        Path folder = localPath(destination);
        if (!Files.exists(folder, LinkOption.NOFOLLOW_LINKS)) {
            return true;
        }
        if (!Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        try (java.util.stream.Stream<Path> entries = Files.list(folder)) {
            return entries.findAny().isEmpty();
        }
    }

    @Override
    public void publish(String staging, String destination) throws IOException {
        Path from = localPath(staging);
        Path to = localPath(destination);
        if (durability == Durability.EACH_WRITE) {
            // The files are forced already; their names in the staged folders are not yet.
            forceTree(from, false);
        }
        Files.createDirectories(to.getParent());
        if (Files.isDirectory(to, LinkOption.NOFOLLOW_LINKS)) {
            // An empty folder (made in Prepare) gives way; one with files in it refuses to, and stays.
            Files.delete(to);
        }
        // Without REPLACE_EXISTING: a destination made meanwhile by someone else is not overwritten.
        Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        if (durability == Durability.EACH_WRITE) {
            AtomicFiles.force(to.getParent());
        }
        written(to);
    }

    /**
     * Forces everything written since the last flush. On Linux one {@code syncfs} per file system
     * ({@code sync -f}): far cheaper than one fsync per file, and it covers the folders and renames
     * too. Elsewhere, or when that fails, every file and folder written is forced one by one.
     */
    @Override
    public void flush() throws IOException {
        flush(true);
    }

    /** As {@link #flush()}; without {@code syncfs} when told, to test the other way too. */
    void flush(boolean fileSystems) throws IOException {
        if (durability != Durability.ON_FLUSH || unflushed.isEmpty()) {
            return;
        }
        List<Path> paths = new ArrayList<>(unflushed);
        if (!fileSystems || !syncFileSystems(paths)) {
            forceEach(paths);
        }
        unflushed.removeAll(paths);
    }

    boolean hasUnflushedWrites() {
        return !unflushed.isEmpty();
    }

    private boolean syncFileSystems(List<Path> paths) {
        if (!System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).contains("linux")) {
            return false;
        }
        // One existing folder per device: usually the whole list comes down to one `sync -f`.
        Map<Object, Path> byDevice = new LinkedHashMap<>();
        try {
            for (Path path : paths) {
                Path folder = path.getParent() == null ? path : path.getParent();
                if (Files.isDirectory(folder)) {
                    byDevice.putIfAbsent(Files.getAttribute(folder, "unix:dev"), folder);
                }
            }
            for (Path folder : byDevice.values()) {
                Process sync = new ProcessBuilder("sync", "-f", folder.toString()).redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                if (sync.waitFor() != 0) {
                    LOG.debug("sync -f {} failed with exit code {}", folder, sync.exitValue());
                    return false;
                }
            }
            return true;
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            LOG.debug("cannot sync file systems: {}", e.toString());
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void forceEach(List<Path> paths) throws IOException {
        Set<Path> folders = new LinkedHashSet<>();
        List<Path> files = new ArrayList<>();
        for (Path path : paths) {
            if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
                forceTree(path, true);
            } else if (Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
                files.add(path);
            }
            if (path.getParent() != null) {
                folders.add(path.getParent());
            }
        }
        // fsync waits for the disk, not the CPU: many at once overlap the waits.
        try {
            files.parallelStream().forEach(LocalTarget::forceUnchecked);
            folders.parallelStream().forEach(LocalTarget::forceUnchecked);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private static void forceUnchecked(Path path) {
        try {
            AtomicFiles.force(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Forces every folder of a tree, and its files when asked. */
    private static void forceTree(Path root, boolean files) throws IOException {
        List<Path> all = new ArrayList<>();
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                all.add(dir);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                if (files && attrs.isRegularFile()) {
                    all.add(file);
                }
                return FileVisitResult.CONTINUE;
            }
        });
        try {
            all.parallelStream().forEach(LocalTarget::forceUnchecked);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    @Override
    public boolean createNew(String path, byte[] content) throws IOException {
        Path file = localPath(path);
        Files.createDirectories(file.getParent());
        try {
            Files.write(file, content, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        } catch (java.nio.file.FileAlreadyExistsException e) {
            return false;
        }
        if (Files.getFileStore(file).supportsFileAttributeView("posix")) {
            Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        }
        written(file);
        return true;
    }

    @Override
    public void append(String path, byte[] bytes) throws IOException {
        Path file = localPath(path);
        Files.createDirectories(file.getParent());
        Set<StandardOpenOption> options = Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND);
        try (FileChannel channel = Files.getFileStore(file.getParent()).supportsFileAttributeView("posix")
                ? FileChannel.open(file, options, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                        java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")))
                : FileChannel.open(file, options)) {
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            if (durability == Durability.EACH_WRITE) {
                channel.force(false);
            }
        }
        written(file);
    }

    @Override
    public InputStream read(String path) throws IOException {
        return Files.newInputStream(localPath(path));
    }

    @Override
    public void copyTree(String from, String to) throws IOException {
        Path source = localPath(from);
        Path destination = localPath(to);
        if (!Files.isDirectory(source)) {
            upload(source, to);
            return;
        }
        Files.walkFileTree(source, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                Files.createDirectories(destination.resolve(source.relativize(dir)));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.copy(file, destination.resolve(source.relativize(file)), StandardCopyOption.REPLACE_EXISTING,
                        StandardCopyOption.COPY_ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
                return FileVisitResult.CONTINUE;
            }
        });
        written(destination);
    }

    @Override
    public void move(String from, String to) throws IOException {
        Path source = localPath(from);
        Path destination = localPath(to);
        if (source.equals(destination)) {
            return;
        }
        Files.createDirectories(destination.getParent());
        // A folder can only be renamed onto a missing or empty one.
        if (Files.isDirectory(destination, LinkOption.NOFOLLOW_LINKS)) {
            deleteTree(destination);
        }
        try {
            AtomicFiles.replace(source, destination);
        } catch (DirectoryNotEmptyException e) {
            // Renaming a non-empty folder across file systems is impossible: copy, then delete.
            copyTree(from, to);
            deleteTree(source);
        }
        written(source);
        written(destination);
    }

    @Override
    public void delete(String path) throws IOException {
        Path file = localPath(path);
        deleteTree(file);
        written(file);
    }

    private static void deleteTree(Path path) throws IOException {
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        // Does not follow links, so a link to a folder outside is removed, not emptied.
        Files.walkFileTree(path, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.deleteIfExists(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                if (e != null) {
                    throw e;
                }
                Files.deleteIfExists(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    @Override
    public void createDirectories(String path) throws IOException {
        Files.createDirectories(localPath(path));
        written(localPath(path));
    }

    @Override
    public List<String> list(String folder) throws IOException {
        Path root = localPath(folder);
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        List<String> files = new ArrayList<>();
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                if (attrs.isRegularFile()) {
                    files.add(relative(root, file));
                }
                return FileVisitResult.CONTINUE;
            }
        });
        Collections.sort(files);
        return files;
    }

    private static String relative(Path root, Path file) {
        String relative = root.relativize(file).toString();
        return file.getFileSystem().getSeparator().equals("/") ? relative : relative.replace('\\', '/');
    }

    @Override
    public String resolve(String basePath, String... parts) {
        return Path.of(basePath, parts).toString();
    }

    @Override
    public CommandResult run(CommandRequest request) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(request.command());
        builder.directory((request.workingDirectory() == null ? base : localPath(request.workingDirectory())).toFile());
        builder.environment().putAll(request.environment());
        Process process = builder.start();
        process.getOutputStream().close();
        Deque<String> errorTail = new ArrayDeque<>();
        Thread output = pump(process.getInputStream(), request, "output", request.output(), null);
        Thread error = pump(process.getErrorStream(), request, "error", request.error(), errorTail);
        try {
            boolean finished = request.timeout() == null
                    ? waitForever(process)
                    : process.waitFor(request.timeout().toNanos(), TimeUnit.NANOSECONDS);
            if (!finished) {
                LOG.debug("{} ran longer than {}; killing it and its children", request.command(), request.timeout());
                killTree(process);
                output.join(KILL_GRACE.toMillis());
                error.join(KILL_GRACE.toMillis());
                return new CommandResult(-1, true, tail(errorTail));
            }
            // The output may still be in the pipes when the process is gone.
            output.join();
            error.join();
            return new CommandResult(process.exitValue(), false, tail(errorTail));
        } catch (InterruptedException e) {
            killTree(process);
            throw e;
        }
    }

    private static List<String> tail(Deque<String> lines) {
        synchronized (lines) {
            return List.copyOf(lines);
        }
    }

    private static boolean waitForever(Process process) throws InterruptedException {
        process.waitFor();
        return true;
    }

    /** A thread handing each line of a stream to its consumer; the last lines kept in {@code tail} when given. */
    private static Thread pump(InputStream stream, CommandRequest request, String what, Consumer<String> consumer,
                               Deque<String> tail) {
        Charset charset = Charset.defaultCharset();
        Thread pump = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(stream, charset))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    if (tail != null) {
                        synchronized (tail) {
                            tail.addLast(line);
                            if (tail.size() > CommandResult.TAIL_LINES) {
                                tail.removeFirst();
                            }
                        }
                    }
                    consumer.accept(line);
                }
            } catch (IOException e) {
                // The pipe closes under the reader when a killed process goes; nothing is lost that was complete.
                LOG.debug("{} of {} ended: {}", what, request.command(), e.getMessage());
            }
        }, what + " of " + request.command().get(0));
        pump.setDaemon(true);
        pump.start();
        return pump;
    }

    private static void killTree(Process process) throws InterruptedException {
        // Children first and listed before the parent dies: once it is gone they are re-parented
        // and no longer its descendants, and they would keep the output pipe open.
        List<ProcessHandle> descendants = process.descendants().toList();
        descendants.forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        process.waitFor(KILL_GRACE.toMillis(), TimeUnit.MILLISECONDS);
        for (ProcessHandle child : descendants) {
            try {
                child.onExit().get(KILL_GRACE.toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException | TimeoutException e) {
                LOG.debug("process {} did not end after being killed", child.pid());
            }
        }
    }

    @Override
    public String toString() {
        return "local:" + base;
    }
}
