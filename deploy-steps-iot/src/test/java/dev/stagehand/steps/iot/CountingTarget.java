package dev.stagehand.steps.iot;

import dev.stagehand.api.target.CommandRequest;
import dev.stagehand.api.target.CommandResult;
import dev.stagehand.api.target.DeploymentTarget;
import dev.stagehand.api.target.FileInfo;
import dev.stagehand.testkit.InMemoryTarget;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** An in-memory target that counts the reads of each file, to prove what was not read. */
final class CountingTarget implements DeploymentTarget {

    final InMemoryTarget files = new InMemoryTarget();
    private final Map<String, Integer> reads = new ConcurrentHashMap<>();

    int reads(String path) {
        return reads.getOrDefault(InMemoryTarget.normalize(path), 0);
    }

    void resetReads() {
        reads.clear();
    }

    @Override public String name() { return files.name(); }
    @Override public boolean isAbsolute(String path) { return files.isAbsolute(path); }
    @Override public String createTempDirectory(String prefix) { return files.createTempDirectory(prefix); }
    @Override public boolean exists(String path) { return files.exists(path); }
    @Override public Optional<FileInfo> stat(String path) { return files.stat(path); }
    @Override public void write(String path, InputStream content) throws IOException { files.write(path, content); }
    @Override public void upload(Path localFile, String path) throws IOException { files.upload(localFile, path); }
    @Override public void copyTree(String from, String to) throws IOException { files.copyTree(from, to); }
    @Override public void move(String from, String to) throws IOException { files.move(from, to); }
    @Override public void delete(String path) { files.delete(path); }
    @Override public void createDirectories(String path) { files.createDirectories(path); }
    @Override public List<String> list(String folder) { return files.list(folder); }
    @Override public CommandResult run(CommandRequest request) throws IOException { return files.run(request); }
    @Override public String resolve(String base, String... parts) { return files.resolve(base, parts); }

    @Override
    public InputStream read(String path) throws IOException {
        reads.merge(InMemoryTarget.normalize(path), 1, Integer::sum);
        return files.read(path);
    }
}
