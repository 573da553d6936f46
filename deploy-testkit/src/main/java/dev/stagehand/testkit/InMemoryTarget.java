package dev.stagehand.testkit;

import dev.stagehand.api.target.CommandRequest;
import dev.stagehand.api.target.CommandResult;
import dev.stagehand.api.target.DeploymentTarget;
import dev.stagehand.api.target.FileInfo;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A target whose files live in memory, with {@code /}-separated absolute paths; a relative path
 * is relative to {@code /}. It has none of the optional capabilities, so a handler tested on it
 * proves its plain fallbacks; it runs no commands. Safe to use from several threads.
 */
public final class InMemoryTarget implements DeploymentTarget {

    private final String name;
    private final Map<String, byte[]> files = new TreeMap<>();
    private final Map<String, Instant> modified = new LinkedHashMap<>();
    private final Set<String> folders = new TreeSet<>(Set.of("/"));
    private int temporaryFolders;

    /** An empty target named {@code memory}. */
    public InMemoryTarget() {
        this("memory");
    }

    /** @param name the target's name in messages and the journal */
    public InMemoryTarget(String name) {
        this.name = name;
    }

    @Override
    public String name() {
        return name;
    }

    /**
     * The normal form of a path: absolute, {@code /}-separated, without {@code .} and {@code ..} segments.
     *
     * @param path a path, absolute or relative to {@code /}
     * @return the normal form
     */
    public static String normalize(String path) {
        String text = path.replace('\\', '/');
        List<String> parts = new ArrayList<>();
        for (String part : text.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                if (!parts.isEmpty()) {
                    parts.remove(parts.size() - 1);
                }
                continue;
            }
            parts.add(part);
        }
        return "/" + String.join("/", parts);
    }

    @Override
    public boolean isAbsolute(String path) {
        return path.startsWith("/");
    }

    @Override
    public synchronized String createTempDirectory(String prefix) {
        String folder;
        do {
            folder = normalize("/tmp/" + prefix + (++temporaryFolders));
        } while (files.containsKey(folder) || folders.contains(folder));
        addFolders(folder);
        return folder;
    }

    @Override
    public synchronized boolean exists(String path) {
        String p = normalize(path);
        return files.containsKey(p) || folders.contains(p);
    }

    @Override
    public synchronized Optional<FileInfo> stat(String path) {
        String p = normalize(path);
        byte[] content = files.get(p);
        return content == null ? Optional.empty() : Optional.of(new FileInfo(content.length, modified.get(p)));
    }

    @Override
    public void write(String path, InputStream content) throws IOException {
        byte[] bytes = content.readAllBytes();
        put(normalize(path), bytes);
    }

    @Override
    public void upload(Path localFile, String path) throws IOException {
        put(normalize(path), Files.readAllBytes(localFile));
    }

    private synchronized void put(String path, byte[] bytes) {
        addFolders(parent(path));
        files.put(path, bytes.clone());
        modified.put(path, Instant.now());
    }

    @Override
    public synchronized InputStream read(String path) throws IOException {
        byte[] content = files.get(normalize(path));
        if (content == null) {
            throw new NoSuchFileException(path);
        }
        return new ByteArrayInputStream(content);
    }

    @Override
    public synchronized void copyTree(String from, String to) throws IOException {
        String source = normalize(from);
        String destination = normalize(to);
        if (files.containsKey(source)) {
            put(destination, files.get(source));
            return;
        }
        if (!folders.contains(source)) {
            throw new NoSuchFileException(from);
        }
        String prefix = source.equals("/") ? "/" : source + "/";
        // Taken before writing, so that a copy into the source's own tree does not copy itself again.
        Map<String, byte[]> tree = below(source);
        List<String> subfolders = folders.stream().filter(f -> f.startsWith(prefix)).toList();
        addFolders(destination);
        for (String folder : subfolders) {
            addFolders(join(destination, folder.substring(prefix.length())));
        }
        for (Map.Entry<String, byte[]> file : tree.entrySet()) {
            put(join(destination, file.getKey().substring(prefix.length())), file.getValue());
        }
    }

    private static String join(String folder, String relative) {
        return folder.equals("/") ? "/" + relative : folder + "/" + relative;
    }

    @Override
    public synchronized void move(String from, String to) throws IOException {
        String source = normalize(from);
        String destination = normalize(to);
        if (source.equals(destination)) {
            return;
        }
        if (!exists(source)) {
            throw new NoSuchFileException(from);
        }
        if (destination.startsWith(source.equals("/") ? "/" : source + "/")) {
            throw new IOException("cannot move " + from + " into itself (" + to + ")");
        }
        if (source.startsWith(destination.equals("/") ? "/" : destination + "/")) {
            // Replacing the destination would delete what is to be moved.
            throw new IOException("cannot move " + from + " onto " + to + ", which holds it");
        }
        // As a rename does: what was at the destination is gone, not merged with what arrives.
        delete(destination);
        copyTree(source, destination);
        delete(source);
    }

    @Override
    public synchronized void delete(String path) {
        String p = normalize(path);
        files.remove(p);
        modified.remove(p);
        String prefix = p.equals("/") ? "/" : p + "/";
        files.keySet().removeIf(k -> k.startsWith(prefix));
        modified.keySet().removeIf(k -> k.startsWith(prefix));
        folders.removeIf(f -> f.equals(p) || f.startsWith(prefix));
        folders.add("/");
    }

    @Override
    public synchronized void createDirectories(String path) {
        addFolders(normalize(path));
    }

    @Override
    public synchronized List<String> list(String folder) {
        String root = normalize(folder);
        List<String> found = new ArrayList<>();
        below(root).keySet().forEach(p -> found.add(p.substring(root.equals("/") ? 1 : root.length() + 1)));
        return found;
    }

    /** Runs nothing: the in-memory target has no processes. */
    @Override
    public CommandResult run(CommandRequest request) throws IOException {
        String program = request.command().isEmpty() ? "no program" : request.command().get(0);
        throw new IOException("the in-memory target runs no commands (" + program
                + "); test a process on a folder target");
    }

    /** Joins as {@code Path.of(base, parts)} does on the local target: one {@code /} between parts, none at the end. */
    @Override
    public String resolve(String base, String... parts) {
        StringBuilder out = new StringBuilder(base.replace('\\', '/'));
        for (String part : parts) {
            String piece = part.replace('\\', '/');
            if (piece.isEmpty()) {
                continue;
            }
            if (out.length() > 0) {
                out.append('/');
            }
            out.append(piece);
        }
        String joined = out.toString().replaceAll("/{2,}", "/");
        return joined.length() > 1 && joined.endsWith("/") ? joined.substring(0, joined.length() - 1) : joined;
    }

    /** {@return the files, by normal path} */
    public synchronized Map<String, byte[]> files() {
        Map<String, byte[]> copy = new TreeMap<>();
        files.forEach((k, v) -> copy.put(k, v.clone()));
        return copy;
    }

    /**
     * A file's content as UTF-8 text; empty when it is absent.
     *
     * @param path a path on this target
     * @return the text
     */
    public synchronized Optional<String> text(String path) {
        return Optional.ofNullable(files.get(normalize(path))).map(b -> new String(b, StandardCharsets.UTF_8));
    }

    private Map<String, byte[]> below(String root) {
        String prefix = root.equals("/") ? "/" : root + "/";
        Map<String, byte[]> found = new TreeMap<>();
        files.forEach((k, v) -> {
            if (k.startsWith(prefix)) {
                found.put(k, v);
            }
        });
        return found;
    }

    private void addFolders(String folder) {
        String current = folder;
        while (current != null && folders.add(current)) {
            current = parent(current);
        }
    }

    private static String parent(String path) {
        int slash = path.lastIndexOf('/');
        return slash <= 0 ? (path.equals("/") ? null : "/") : path.substring(0, slash);
    }

    @Override
    public String toString() {
        return "memory:" + name;
    }
}
