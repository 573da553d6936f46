package dev.stagehand.core.internal.steps;

import dev.stagehand.api.journal.FileUndo;
import dev.stagehand.api.spi.PackageContent;
import dev.stagehand.api.spi.RecordedContent;
import dev.stagehand.api.spi.UndoStore;
import dev.stagehand.api.target.ConcurrentAccess;
import dev.stagehand.api.target.ContentComparison;
import dev.stagehand.api.target.ContentHashing;
import dev.stagehand.api.target.DeploymentTarget;
import dev.stagehand.api.target.FileInfo;
import dev.stagehand.api.target.FileStamp;
import dev.stagehand.api.target.FileStamps;
import dev.stagehand.api.target.Flushing;
import dev.stagehand.api.target.FolderStaging;
import dev.stagehand.api.target.FolderStamps;
import dev.stagehand.core.internal.content.LocalStamps;
import dev.stagehand.core.internal.packages.SafePaths;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies package files into a destination folder of a target, keeping their relative folders,
 * and skips those already there with the same content. Every change goes through the
 * {@link DeploymentTarget}.
 *
 * <p>Costs, by design: onto an empty destination each source file is copied once and the copy
 * is never read; with the fingerprint cache, each copied file's source is hashed on a thread of
 * its own beside the copying ({@link CopyHasher}), so that an upgrade to a package holding the
 * same file knows the copy by one hash of its own source. On a target that can
 * {@link FolderStaging stage} folders, the files go into a sibling staging folder renamed into
 * place at the end, which spares a temporary file and a rename per file while nobody ever sees
 * a half-written file under its final name. A file of another size is replaced without hashing.
 * With the optional fingerprint cache and a target that tells {@link FileStamp}s (size, mtime,
 * ctime, inode), a file that was copied by an earlier run is known unchanged while its stamp and
 * its source's stamp are the recorded ones; only a same-size file whose stamps changed is
 * hashed: its source, and the target's file only when its hash is not remembered, or on a
 * target that can {@link ContentComparison compare} a file with a local one, both read side by
 * side and only the source hashed. On targets without stamps, existing files are compared by
 * size, then by hash ({@link ContentHashing}, which a remote target computes where the file lies).
 *
 * <p>A file whose package records its size and CRC-32 ({@link PackageContent#recorded}, a zip
 * entry) is known unchanged without being unpacked or read at all when the target's file still
 * has the stamp the cache recorded for it and the cache's CRC-32 and size of it are the recorded
 * ones. The cache knows a copy's CRC-32 from the zip entry it was unpacked from (whose CRC-32 was
 * checked as it was read) or from hashing its source ({@link CopyHasher}). Such a check misses a
 * changed file of the same size whose CRC-32 happens to be the same, a chance of 1 in
 * 2<sup>32</sup> per changed file; rsync's quick check (size and modification time) misses every
 * change that keeps both. Every other file takes the path above.
 *
 * <p>A target that lists a folder's stamps at once ({@link FolderStamps}) is asked once per
 * deployment instead of once per file.
 *
 * <p>Source files are hashed through {@link SourceHashes}: once for every target of a group that
 * shares one ({@link #withSourceHashes}), and never more files at once than the machine has cores.
 */
public final class FileDeployer {

    private static final Logger LOG = LoggerFactory.getLogger(FileDeployer.class);
    /** Checking threads beside one copying thread: hashing is CPU work, so the cores, but few. */
    private static final int MAX_CHECKERS = 4;
    static final String SOURCE = "source";

    private final DeploymentTarget target;
    private final Path cacheFile;
    private final int threads;
    private BiConsumer<Long, Long> progress = (done, total) -> { };
    private UndoStore undo;
    private SourceHashes sourceHashes;

    /** A deployer without fingerprint cache, one file at a time. */
    public FileDeployer(DeploymentTarget target) {
        this(target, null, 1);
    }

    /** A deployer using as many threads as the target says pay off ({@link ConcurrentAccess}), one without. */
    public static FileDeployer forTarget(DeploymentTarget target, Path cacheFile) {
        return new FileDeployer(target, cacheFile, target.capability(ConcurrentAccess.class)
                .map(c -> Math.max(1, c.parallelism())).orElse(1));
    }

    /**
     * @param cacheFile where fingerprints are kept between deployments (on the deployer's
     *                  machine); null for none
     * @param threads   files handled at once; more than one only for a target whose methods
     *                  may be called from several threads ({@link ConcurrentAccess})
     */
    public FileDeployer(DeploymentTarget target, Path cacheFile, int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException(threads + " threads");
        }
        this.target = target;
        this.cacheFile = cacheFile;
        this.threads = threads;
    }

    /** Tells {@code listener} (files done, files in all) after each file. */
    public FileDeployer withProgress(BiConsumer<Long, Long> listener) {
        this.progress = listener;
        return this;
    }

    /**
     * Keeps each file's content in {@code store} before overwriting it, so that the deployment
     * can be undone ({@link DeployedFile#before()}).
     */
    public FileDeployer withUndo(UndoStore store) {
        this.undo = store;
        return this;
    }

    /**
     * Takes the hashes of source files from {@code hashes}, which the deployments of a group share
     * (each source file read once for all targets); by default a deployment hashes its own.
     */
    FileDeployer withSourceHashes(SourceHashes hashes) {
        this.sourceHashes = hashes;
        return this;
    }

    /**
     * One file handled.
     *
     * @param relativePath where it is in the package (and below the destination), with {@code /}
     * @param targetPath   the path written on the target
     * @param size         bytes
     * @param sha256       hex SHA-256 of the content now on the target; null when it was never
     *                     needed (a copy nothing had to be compared with, or a file known unchanged by
     *                     its zip entry's recorded CRC-32 whose hash the cache does not have)
     * @param copied       false when it was there already with the same content
     * @param before       the file's state before: {@link FileUndo#ABSENT}, {@link FileUndo#SAME} (not
     *                     copied), {@code sha256:<hex>} of the content kept in the undo store, or
     *                     {@link FileUndo#PRESENT} when it was overwritten without an undo store
     * @param written      the file's stamp on the target after the deployment, as this run saw it; null
     *                     when the target tells none (a rename of the staging folder keeps it)
     */
    public record DeployedFile(String relativePath, String targetPath, long size, String sha256, boolean copied,
                               String before, FileStamp written) {

        public DeployedFile(String relativePath, String targetPath, long size, String sha256, boolean copied,
                            String before) {
            this(relativePath, targetPath, size, sha256, copied, before, null);
        }

        public Optional<FileStamp> knownStamp() {
            return Optional.ofNullable(written);
        }

        public Optional<String> knownSha256() {
            return Optional.ofNullable(sha256);
        }
    }

    /** The files handled, in the order they were given. */
    public record Result(List<DeployedFile> files) {

        public Result {
            files = List.copyOf(files);
        }

        public long copied() {
            return files.stream().filter(DeployedFile::copied).count();
        }

        public long unchanged() {
            return files.size() - copied();
        }
    }

    /**
     * Copies {@code files} (relative to {@code sourceRoot}, {@code /}-separated) below
     * {@code destination} on the target.
     *
     * @throws IllegalArgumentException naming the file when a path would land outside {@code destination}
     */
    public Result deploy(Path sourceRoot, List<String> files, String destination) throws IOException {
        return deploy(relative -> SafePaths.resolveInside(sourceRoot, relative), files, destination);
    }

    /**
     * As {@link #deploy(Path, List, String)}, with each file's local path given by {@code source}
     * (a package's content, where a changed private copy stands in for the packaged file).
     */
    public Result deploy(Function<String, Path> source, List<String> files, String destination)
            throws IOException {
        return deploy(source, relative -> Optional.empty(), files, destination);
    }

    /**
     * As {@link #deploy(Path, List, String)}, from a package's content: each file's local path is
     * {@link PackageContent#resolve}, asked for only when the file's {@link PackageContent#recorded
     * recorded} size and CRC-32 do not tell it unchanged on the target (then a zip entry is not
     * unpacked at all).
     */
    public Result deploy(PackageContent content, List<String> files, String destination) throws IOException {
        return deploy(content::resolve, content::recorded, files, destination);
    }

    private Result deploy(Function<String, Path> source, Function<String, Optional<RecordedContent>> recorded,
                          List<String> files, String destination) throws IOException {
        for (String file : files) {
            Optional<String> escape = SafePaths.escapeReason(file);
            if (escape.isPresent()) {
                throw new IllegalArgumentException("'" + file + "' would be written outside " + destination + ": "
                        + escape.get());
            }
        }
        FingerprintCache cache = cacheFile == null ? FingerprintCache.none() : FingerprintCache.load(cacheFile);
        FileStamps stamps = target.capability(FileStamps.class).orElse(null);
        FolderStaging folderStaging = target.capability(FolderStaging.class).orElse(null);
        // A destination made empty in Prepare (by the file tiers' type handler) is as fresh as a missing one.
        boolean fresh = folderStaging != null ? folderStaging.isVacant(destination) : !target.exists(destination);
        String staging = null;
        if (fresh && folderStaging != null && !files.isEmpty()) {
            staging = folderStaging.stagingFolderFor(destination);
            // What a crashed run staged is incomplete and nobody's: start over.
            target.delete(staging);
        }
        // Which files exist: nothing when the destination is new (the common first deployment,
        // then no file costs a call), else one listing, or one stamp per file where stamps exist.
        Set<String> existing = fresh ? Set.of() : stamps == null ? new HashSet<>(target.list(destination)) : null;
        // Where a stamp is a round trip, the stamps of the whole destination in one listing.
        Optional<FolderStamps> folderStamps = fresh || stamps == null ? Optional.empty()
                : target.capability(FolderStamps.class);
        Map<String, FileStamp> listed = folderStamps.isPresent() ? folderStamps.get().stampsBelow(destination) : null;
        // Copies are hashed beside the copying, from the source: a later upgrade then compares by one hash of its own source.
        SourceHashes hashes = sourceHashes != null ? sourceHashes : new SourceHashes();
        CopyHasher hasher = stamps != null && cacheFile != null ? new CopyHasher(cache, targetKind(), hashes) : null;
        Job job = new Job(source, recorded, destination, staging, folderStaging, cache, stamps, existing, listed,
                files.size(), hasher, hashes);
        boolean done = false;
        try {
            List<DeployedFile> result = files.size() < 2 ? runInline(job, files)
                    : threads > 1 ? runParallel(job, files)
                    : staging == null && checkers() > 1 ? runCheckedAhead(job, files) : runInline(job, files);
            if (staging != null) {
                folderStaging.publish(staging, destination);
            }
            done = true;
            return new Result(result);
        } finally {
            if (staging != null && !done) {
                deleteQuietly(staging);
            }
            // The cache vouches for copies by their stamps: it may only outlive a crash if they do.
            Optional<Flushing> flushing = target.capability(Flushing.class);
            boolean flushed = flushing.isEmpty() || flushQuietly(flushing.get(), done);
            // After the flush: the hashes had its time to catch up with the copies.
            if (hasher != null) {
                hasher.finish();
            }
            if (flushed) {
                if (done) {
                    cache.forgetUnused();
                }
                cache.save();
            }
        }
    }

    private void deleteQuietly(String staging) {
        try {
            target.delete(staging);
        } catch (IOException | RuntimeException e) {
            LOG.warn("could not remove the staging folder {}: {}", staging, e.toString());
        }
    }

    /** Flushes; after a failure, a flush that fails too only means the cache is not saved. */
    private static boolean flushQuietly(Flushing target, boolean mustSucceed) throws IOException {
        try {
            target.flush();
            return true;
        } catch (IOException | RuntimeException e) {
            if (mustSucceed) {
                throw e;
            }
            LOG.debug("flush after a failed deployment failed too: {}", e.toString());
            return false;
        }
    }

    private static List<DeployedFile> runInline(Job job, List<String> files) throws IOException {
        List<DeployedFile> done = new ArrayList<>(files.size());
        for (String file : files) {
            done.add(job.deploy(file));
        }
        return done;
    }

    /** Each file checked and copied on a pool thread: a target whose copies pay off in parallel. */
    private List<DeployedFile> runParallel(Job job, List<String> files) throws IOException {
        return onPool(Math.min(threads, files.size()), files, job::deploy, done -> done);
    }

    /**
     * How many threads may check files (stamps, cache, hashes: reads only) for a target that copies
     * on one thread: the cores, on a target whose methods may be called from several threads.
     */
    private int checkers() {
        return target.capability(ConcurrentAccess.class).isEmpty() ? 1
                : Math.min(MAX_CHECKERS, Runtime.getRuntime().availableProcessors());
    }

    /**
     * One copying thread (this one, in the files' order), the checks of the files ahead of it on
     * {@link #checkers()} threads: an upgrade whose sources have new stamps hashes every one of them,
     * which is CPU work the cores share, while copying more at once only slows the disk down.
     */
    private List<DeployedFile> runCheckedAhead(Job job, List<String> files) throws IOException {
        return onPool(checkers(), files, job::check, job::finish);
    }

    /** A file's work on a pool thread. */
    private interface PoolWork<T> {
        T apply(String file) throws IOException;
    }

    /** What the calling thread does with each file's pool result, in the files' order. */
    private interface InOrder<T> {
        DeployedFile apply(T pooled) throws IOException;
    }

    /** {@code work} of every file on a pool of {@code size} threads, then {@code then} of each on this thread, in order. */
    private static <T> List<DeployedFile> onPool(int size, List<String> files, PoolWork<T> work, InOrder<T> then)
            throws IOException {
        ExecutorService pool = pool(size);
        try {
            List<Future<T>> pending = new ArrayList<>(files.size());
            for (String file : files) {
                pending.add(pool.submit(() -> work.apply(file)));
            }
            List<DeployedFile> done = new ArrayList<>(files.size());
            for (Future<T> future : pending) {
                done.add(then.apply(future.get()));
            }
            return done;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while deploying files", e);
        } catch (ExecutionException e) {
            throw unwrap(e);
        } finally {
            stop(pool);
        }
    }

    private static ExecutorService pool(int size) {
        return Executors.newFixedThreadPool(size, runnable -> {
            Thread thread = new Thread(runnable, "deploy files");
            thread.setDaemon(true);
            return thread;
        });
    }

    private static IOException unwrap(ExecutionException e) {
        if (e.getCause() instanceof IOException io) {
            return io;
        }
        if (e.getCause() instanceof UncheckedIOException io) {
            return io.getCause();
        }
        if (e.getCause() instanceof RuntimeException runtime) {
            throw runtime;
        }
        if (e.getCause() instanceof Error error) {
            throw error;
        }
        return new IOException(e.getCause());
    }

    private static void stop(ExecutorService pool) throws IOException {
        pool.shutdownNow();
        // After a failure the other copies (or checks) must have stopped before the caller cleans up.
        try {
            if (!pool.awaitTermination(5, TimeUnit.MINUTES)) {
                throw new IOException("file copies did not stop after a failure");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * A file checked: either {@code done} (there already with the same content, or copied into the
     * staging folder), or what copying it needs.
     */
    private record Checked(DeployedFile done, String relative, Path source, FileStamp sourceStamp, String targetPath,
                           String sha, boolean there, long crc) {
    }

    /** One call of {@link #deploy}: what every file of it shares. */
    private final class Job {

        private final Function<String, Path> source;
        private final Function<String, Optional<RecordedContent>> recorded;
        private final String destination;
        private final String staging;
        private final FolderStaging folderStaging;
        private final FingerprintCache cache;
        private final FileStamps stamps;
        private final Set<String> existing;
        /** The destination's stamps by relative path, listed at the start; null when not listed. */
        private final Map<String, FileStamp> listed;
        private final long total;
        private final CopyHasher hasher;
        private final SourceHashes hashes;
        private final ContentComparison comparison = target.capability(ContentComparison.class).orElse(null);
        private final AtomicLong done = new AtomicLong();

        Job(Function<String, Path> source, Function<String, Optional<RecordedContent>> recorded, String destination,
            String staging, FolderStaging folderStaging, FingerprintCache cache, FileStamps stamps,
            Set<String> existing, Map<String, FileStamp> listed, long total, CopyHasher hasher, SourceHashes hashes) {
            this.source = source;
            this.recorded = recorded;
            this.destination = destination;
            this.staging = staging;
            this.folderStaging = folderStaging;
            this.cache = cache;
            this.stamps = stamps;
            this.existing = existing;
            this.listed = listed;
            this.total = total;
            this.hasher = hasher;
            this.hashes = hashes;
        }

        DeployedFile deploy(String relative) throws IOException {
            return finish(check(relative));
        }

        /** Copies the file when the check says so; reports progress. */
        DeployedFile finish(Checked checked) throws IOException {
            DeployedFile file = checked.done() != null ? checked.done() : copy(checked);
            progress.accept(done.incrementAndGet(), total);
            return file;
        }

        private static Checked done(DeployedFile file) {
            return new Checked(file, null, null, null, null, null, false, FingerprintCache.NO_CRC);
        }

        /**
         * Whether the file must be copied; changes nothing on the target, except in a staging
         * folder (a fresh destination), where the copy is the check.
         */
        Checked check(String relative) throws IOException {
            String[] parts = relative.split("/");
            String targetPath = target.resolve(destination, parts);
            // Only where stamps are compared: onto a fresh destination everything is copied anyway.
            Optional<RecordedContent> recorded = staging == null && stamps != null && existing == null
                    ? this.recorded.apply(relative) : Optional.empty();
            Optional<FileStamp> knownTargetStamp = null;
            if (recorded.isPresent()) {
                knownTargetStamp = targetStamp(relative, targetPath);
                Optional<FingerprintCache.Entry> entry = cache.entry(targetKind(), targetPath);
                if (knownTargetStamp.isPresent() && entry.isPresent()
                        && isUnchangedCopy(entry.get(), knownTargetStamp.get(), recorded.get())) {
                    LOG.debug("{} is up to date: unchanged since copied, with the recorded size and CRC-32", targetPath);
                    return done(new DeployedFile(relative, targetPath, recorded.get().size(), entry.get().sha256(),
                            false, FileUndo.SAME, knownTargetStamp.get()));
                }
            }
            // The recorded CRC-32 holds for the source once it is unpacked: its CRC-32 was checked as it was read.
            long crc = recorded.map(RecordedContent::crc32).orElse(FingerprintCache.NO_CRC);
            Path source = this.source.apply(relative);
            FileStamp sourceStamp = LocalStamps.of(source)
                    .orElseThrow(() -> new IOException("the package file " + relative + " is missing or not a file"));
            String sourceKey = source.toString();
            if (staging != null) {
                folderStaging.copyStaged(source, target.resolve(staging, parts));
                // A rename of the folder leaves the stamps of the files in it as they are.
                Optional<FileStamp> copied = stamps == null ? Optional.empty()
                        : stamps.stamp(target.resolve(staging, parts));
                copied.ifPresent(stamp -> {
                    cache.rememberCopy(targetKind(), targetPath, stamp, sourceKey, sourceStamp, null,
                            this.recorded.apply(relative).map(RecordedContent::crc32).orElse(FingerprintCache.NO_CRC));
                    hashLater(source, sourceStamp, targetPath, stamp);
                });
                return done(new DeployedFile(relative, targetPath, sourceStamp.size(), null, true, FileUndo.ABSENT,
                        copied.orElse(null)));
            }
            String sha = null;
            boolean there = false;
            if (stamps != null && existing == null) {
                Optional<FileStamp> targetStamp = knownTargetStamp != null ? knownTargetStamp
                        : targetStamp(relative, targetPath);
                if (targetStamp.isPresent() && targetStamp.get().size() == sourceStamp.size()) {
                    Optional<FingerprintCache.Entry> entry = cache.entry(targetKind(), targetPath);
                    if (entry.isPresent() && entry.get().isCopyOf(targetStamp.get(), sourceKey, sourceStamp)) {
                        LOG.debug("{} is up to date", targetPath);
                        return done(new DeployedFile(relative, targetPath, sourceStamp.size(), entry.get().sha256(), false,
                                FileUndo.SAME, targetStamp.get()));
                    }
                    String targetSha = entry.filter(e -> e.stamp().equals(targetStamp.get()))
                            .map(FingerprintCache.Entry::sha256).orElse(null);
                    if (targetSha == null && comparison != null) {
                        // Nothing known of the target's file: one read of each side and one hash (the source's).
                        sha = comparison.sha256IfSame(source, targetPath).orElse(null);
                        targetSha = sha;
                        if (sha != null) {
                            cache.remember(SOURCE, sourceKey, sourceStamp, sha, crc);
                        }
                    } else {
                        sha = sourceSha(sourceKey, source, sourceStamp);
                        if (targetSha == null) {
                            targetSha = ContentHashing.sha256(target, targetPath).orElse(null);
                        }
                    }
                    if (sha != null && sha.equals(targetSha)) {
                        cache.rememberCopy(targetKind(), targetPath, targetStamp.get(), sourceKey, sourceStamp, sha,
                                crc != FingerprintCache.NO_CRC ? crc : sourceCrc(sourceKey, sourceStamp));
                        LOG.debug("{} is up to date", targetPath);
                        return done(new DeployedFile(relative, targetPath, sourceStamp.size(), sha, false, FileUndo.SAME,
                                targetStamp.get()));
                    }
                }
                there = targetStamp.isPresent();
            } else if (existing == null || existing.contains(relative)) {
                Optional<FileInfo> info = target.stat(targetPath);
                if (info.isPresent() && info.get().size() == sourceStamp.size()) {
                    sha = sourceSha(sourceKey, source, sourceStamp);
                    if (sha.equals(ContentHashing.sha256(target, targetPath).orElse(null))) {
                        LOG.debug("{} is up to date", targetPath);
                        return done(new DeployedFile(relative, targetPath, sourceStamp.size(), sha, false, FileUndo.SAME,
                                null));
                    }
                }
                there = info.isPresent();
            }
            return new Checked(null, relative, source, sourceStamp, targetPath, sha, there, crc);
        }

        /** Copies a file the check found missing or different (keeping what it replaces for the undo). */
        private DeployedFile copy(Checked checked) throws IOException {
            Path source = checked.source();
            FileStamp sourceStamp = checked.sourceStamp();
            String targetPath = checked.targetPath();
            String sha = checked.sha();
            long crc = checked.crc();
            String sourceKey = source.toString();
            String before = !checked.there() ? FileUndo.ABSENT : undo == null ? FileUndo.PRESENT
                    : FileUndo.kept(undo.keep(target, targetPath));
            target.upload(source, targetPath);
            FileStamp written = null;
            if (stamps != null) {
                written = stamps.stamp(targetPath).orElse(null);
                if (written != null) {
                    cache.rememberCopy(targetKind(), targetPath, written, sourceKey, sourceStamp, sha,
                            crc != FingerprintCache.NO_CRC || sha == null ? crc : sourceCrc(sourceKey, sourceStamp));
                    if (sha == null) {
                        hashLater(source, sourceStamp, targetPath, written);
                    }
                }
            }
            return new DeployedFile(checked.relative(), targetPath, sourceStamp.size(), sha, true, before, written);
        }

        /** The target file's stamp, from the destination's listing when there is one. */
        private Optional<FileStamp> targetStamp(String relative, String targetPath) throws IOException {
            FileStamp known = listed == null ? null : listed.get(relative);
            return known != null ? Optional.of(known) : stamps.stamp(targetPath);
        }

        private void hashLater(Path source, FileStamp sourceStamp, String targetPath, FileStamp copied) {
            if (hasher != null) {
                hasher.add(new CopyHasher.Copy(source, sourceStamp, targetPath, copied));
            }
        }

        /**
         * Whether the target's file is one this deployer copied (or compared) and unchanged since,
         * going by its stamp, whose CRC-32 and size the cache knows and the package records alike.
         */
        private static boolean isUnchangedCopy(FingerprintCache.Entry entry, FileStamp targetStamp,
                                               RecordedContent recorded) {
            return entry.crc32() != FingerprintCache.NO_CRC && entry.stamp().equals(targetStamp)
                    && entry.crc32() == recorded.crc32() && targetStamp.size() == recorded.size();
        }

        /** The source's CRC-32 as the cache knows it for its current stamp; {@link FingerprintCache#NO_CRC} when not. */
        private long sourceCrc(String sourceKey, FileStamp sourceStamp) {
            return cache.entry(SOURCE, sourceKey).filter(e -> e.stamp().equals(sourceStamp))
                    .map(FingerprintCache.Entry::crc32).orElse(FingerprintCache.NO_CRC);
        }

        /** The source's hash, from the cache when its stamp is the one it had when hashed. */
        private String sourceSha(String sourceKey, Path source, FileStamp sourceStamp) throws IOException {
            Optional<String> cached = cache.sha256(SOURCE, sourceKey, sourceStamp);
            if (cached.isPresent()) {
                return cached.get();
            }
            CopyHasher.Hashes read = hashes.of(source, sourceStamp);
            if (hashes.holds(source, sourceStamp)) {
                cache.remember(SOURCE, sourceKey, sourceStamp, read.sha256(), read.crc32());
            }
            return read.sha256();
        }

    }

    private String targetKind() {
        return "target " + target.name();
    }
}
