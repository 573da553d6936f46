package dev.stagehand.core.internal.steps;

import dev.stagehand.api.target.DeploymentTarget;
import dev.stagehand.api.target.FileInfo;
import dev.stagehand.core.internal.packages.SafePaths;
import dev.stagehand.core.target.FileStamp;
import dev.stagehand.core.target.FileStamps;
import dev.stagehand.core.target.LocalTarget;
import dev.stagehand.core.target.Sha256;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies package files into a destination folder of a target, keeping their relative folders,
 * and skips those already there with the same size and SHA-256. Every change goes through the
 * {@link DeploymentTarget}.
 *
 * <p>Costs, by design: onto an empty destination each source file is read once (hashed while it
 * is sent) and the target is never hashed. When a file is there already, its hash comes from the
 * optional fingerprint cache if its {@link FileStamp} (size, mtime, ctime, inode) is the one
 * recorded when it was last hashed or written, and a file of another size is replaced without
 * hashing; only what the cache cannot vouch for is read again. Stamps need a target that
 * implements {@link FileStamps}; on others, existing files are compared through
 * {@link DeploymentTarget#stat}.
 */
public final class FileDeployer {

    private static final Logger LOG = LoggerFactory.getLogger(FileDeployer.class);
    private static final String SOURCE = "source";

    private final DeploymentTarget target;
    private final Path cacheFile;
    private final int threads;

    /** A deployer without fingerprint cache, one file at a time. */
    public FileDeployer(DeploymentTarget target) {
        this(target, null, 1);
    }

    /**
     * @param cacheFile where fingerprints are kept between deployments (on the deployer's
     *                  machine); null for none
     * @param threads   files handled at once; more than one only for a target whose methods
     *                  may be called from several threads (as {@link LocalTarget}'s may)
     */
    public FileDeployer(DeploymentTarget target, Path cacheFile, int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException(threads + " threads");
        }
        this.target = target;
        this.cacheFile = cacheFile;
        this.threads = threads;
    }

    /**
     * One file handled.
     *
     * @param relativePath where it is in the package (and below the destination), with {@code /}
     * @param targetPath   the path written on the target
     * @param sha256       hex SHA-256 of the content now on the target
     * @param copied       false when it was there already with the same content
     */
    public record DeployedFile(String relativePath, String targetPath, String sha256, boolean copied) {
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
    public Result deploy(java.util.function.Function<String, Path> source, List<String> files, String destination)
            throws IOException {
        for (String file : files) {
            Optional<String> escape = SafePaths.escapeReason(file);
            if (escape.isPresent()) {
                throw new IllegalArgumentException("'" + file + "' would be written outside " + destination + ": "
                        + escape.get());
            }
        }
        FingerprintCache cache = cacheFile == null ? FingerprintCache.none() : FingerprintCache.load(cacheFile);
        FileStamps stamps = target instanceof FileStamps s ? s : null;
        // Which files exist: nothing when the destination is new (the common first deployment,
        // then no file costs a call), else one listing, or one stamp per file where stamps exist.
        Set<String> existing = !target.exists(destination) ? Set.of()
                : stamps == null ? new HashSet<>(target.list(destination)) : null;
        Job job = new Job(source, destination, cache, stamps, existing);
        try {
            return new Result(threads == 1 || files.size() < 2 ? runInline(job, files) : runParallel(job, files));
        } finally {
            cache.save();
        }
    }

    private static List<DeployedFile> runInline(Job job, List<String> files) throws IOException {
        List<DeployedFile> done = new ArrayList<>(files.size());
        for (String file : files) {
            done.add(job.deploy(file));
        }
        return done;
    }

    private List<DeployedFile> runParallel(Job job, List<String> files) throws IOException {
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(threads, files.size()), runnable -> {
            Thread thread = new Thread(runnable, "deploy files");
            thread.setDaemon(true);
            return thread;
        });
        try {
            List<Future<DeployedFile>> pending = new ArrayList<>(files.size());
            for (String file : files) {
                pending.add(pool.submit(() -> job.deploy(file)));
            }
            List<DeployedFile> done = new ArrayList<>(files.size());
            for (Future<DeployedFile> future : pending) {
                done.add(future.get());
            }
            return done;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while deploying files", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            if (e.getCause() instanceof UncheckedIOException io) {
                throw io.getCause();
            }
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IOException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    /** One call of {@link #deploy}: what every file of it shares. */
    private final class Job {

        private final java.util.function.Function<String, Path> source;
        private final String destination;
        private final FingerprintCache cache;
        private final FileStamps stamps;
        private final Set<String> existing;

        Job(java.util.function.Function<String, Path> source, String destination, FingerprintCache cache,
            FileStamps stamps, Set<String> existing) {
            this.source = source;
            this.destination = destination;
            this.cache = cache;
            this.stamps = stamps;
            this.existing = existing;
        }

        DeployedFile deploy(String relative) throws IOException {
            Path source = this.source.apply(relative);
            String targetPath = target.resolve(destination, relative.split("/"));
            FileStamp sourceStamp = LocalTarget.stampOf(source)
                    .orElseThrow(() -> new IOException("the package file " + relative + " is missing or not a file"));
            String sourceKey = source.toString();
            Optional<String> targetSha = targetSha(relative, targetPath, sourceStamp.size());
            if (targetSha.isPresent()) {
                String sourceSha = cache.sha256(SOURCE, sourceKey, sourceStamp).orElse(null);
                if (sourceSha == null) {
                    try (InputStream in = Files.newInputStream(source)) {
                        sourceSha = Sha256.of(in);
                    }
                    cache.remember(SOURCE, sourceKey, sourceStamp, sourceSha);
                }
                if (sourceSha.equals(targetSha.get())) {
                    LOG.debug("{} is up to date", targetPath);
                    return new DeployedFile(relative, targetPath, sourceSha, false);
                }
            }
            MessageDigest digest = Sha256.newDigest();
            try (InputStream in = new DigestInputStream(Files.newInputStream(source), digest)) {
                target.write(targetPath, in);
            }
            String sha = Sha256.hex(digest);
            cache.remember(SOURCE, sourceKey, sourceStamp, sha);
            if (stamps != null) {
                stamps.stamp(targetPath).ifPresent(stamp -> cache.remember(targetKind(), targetPath, stamp, sha));
            }
            return new DeployedFile(relative, targetPath, sha, true);
        }

        /**
         * The hash of the file on the target when it may equal the source: empty when it is
         * absent or of another size, so those cases never read the target.
         */
        private Optional<String> targetSha(String relative, String targetPath, long sourceSize) throws IOException {
            if (existing != null && !existing.contains(relative)) {
                return Optional.empty();
            }
            if (stamps == null) {
                Optional<FileInfo> info = target.stat(targetPath);
                return info.filter(i -> i.size() == sourceSize).map(FileInfo::sha256);
            }
            Optional<FileStamp> stamp = stamps.stamp(targetPath);
            if (stamp.isEmpty() || stamp.get().size() != sourceSize) {
                return Optional.empty();
            }
            Optional<String> cached = cache.sha256(targetKind(), targetPath, stamp.get());
            if (cached.isPresent()) {
                return cached;
            }
            Optional<FileInfo> info = target.stat(targetPath);
            info.ifPresent(i -> cache.remember(targetKind(), targetPath, stamp.get(), i.sha256()));
            return info.filter(i -> i.size() == sourceSize).map(FileInfo::sha256);
        }

        private String targetKind() {
            return "target " + target.name();
        }
    }
}
