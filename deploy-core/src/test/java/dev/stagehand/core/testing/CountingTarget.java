package dev.stagehand.core.testing;

import dev.stagehand.api.target.CommandRequest;
import dev.stagehand.api.target.CommandResult;
import dev.stagehand.api.target.DeploymentTarget;
import dev.stagehand.api.target.FileInfo;
import dev.stagehand.api.target.FileStamp;
import dev.stagehand.api.target.FileStamps;
import dev.stagehand.core.target.LocalTarget;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local target that counts the calls that read or write file contents, to check what a
 * handler costs. Like a remote target it tells no file stamps and hashes nothing itself (a
 * hash reads the file through it); {@link #withStamps} tells stamps.
 */
public class CountingTarget implements DeploymentTarget {

    protected final LocalTarget local;
    /** Files read through the target (to hash them, mostly). */
    public final AtomicInteger contentReads = new AtomicInteger();
    public final AtomicInteger writes = new AtomicInteger();
    public final AtomicInteger lists = new AtomicInteger();

    public CountingTarget(Path base) {
        this.local = new LocalTarget(base);
    }

    /** The same, also telling file stamps as a {@link LocalTarget} does. */
    public static CountingTarget withStamps(Path base) {
        return new Stamped(base);
    }

    private static final class Stamped extends CountingTarget implements FileStamps {

        Stamped(Path base) {
            super(base);
        }

        @Override
        public Optional<FileStamp> stamp(String path) throws IOException {
            return local.stamp(path);
        }
    }

    @Override
    public String name() {
        return local.name();
    }

    @Override
    public boolean exists(String path) {
        return local.exists(path);
    }

    @Override
    public Optional<FileInfo> stat(String path) throws IOException {
        return local.stat(path);
    }

    @Override
    public boolean isAbsolute(String path) {
        return local.isAbsolute(path);
    }

    @Override
    public String createTempDirectory(String prefix) throws IOException {
        return local.createTempDirectory(prefix);
    }

    @Override
    public void write(String path, InputStream content) throws IOException {
        writes.incrementAndGet();
        local.write(path, content);
    }

    @Override
    public void upload(Path localFile, String path) throws IOException {
        writes.incrementAndGet();
        local.upload(localFile, path);
    }

    @Override
    public InputStream read(String path) throws IOException {
        contentReads.incrementAndGet();
        return local.read(path);
    }

    @Override
    public void copyTree(String from, String to) throws IOException {
        writes.incrementAndGet();
        local.copyTree(from, to);
    }

    @Override
    public void move(String from, String to) throws IOException {
        writes.incrementAndGet();
        local.move(from, to);
    }

    @Override
    public void delete(String path) throws IOException {
        writes.incrementAndGet();
        local.delete(path);
    }

    @Override
    public void createDirectories(String path) throws IOException {
        local.createDirectories(path);
    }

    @Override
    public List<String> list(String folder) throws IOException {
        lists.incrementAndGet();
        return local.list(folder);
    }

    @Override
    public CommandResult run(CommandRequest request) throws IOException, InterruptedException {
        return local.run(request);
    }

    @Override
    public String resolve(String base, String... parts) {
        return local.resolve(base, parts);
    }
}
