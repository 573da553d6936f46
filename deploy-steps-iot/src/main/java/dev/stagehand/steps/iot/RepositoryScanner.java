package dev.stagehand.steps.iot;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.stagehand.api.io.Sha256;
import dev.stagehand.api.target.DeploymentTarget;
import dev.stagehand.api.target.FileInfo;
import dev.stagehand.api.target.FileStamp;
import dev.stagehand.api.target.FileStamps;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * Finds the npm-style packages of an IoT repository (a {@code .tgz} holding
 * {@code package/package.json}, or a folder with a {@code package.json}) and reads them.
 * Finding costs one listing and one stamp per file; reading a package (its size, SHA-256 and
 * {@code package.json}) reads all of it, so callers read only packages whose stamp changed.
 */
final class RepositoryScanner {

    static final ObjectMapper JSON = JsonMapper.builder().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION).build();
    /** A package.json larger than this is not a manifest but a mistake; refusing it keeps a hostile tarball off the heap. */
    private static final int MAX_PACKAGE_JSON = 4 * 1024 * 1024;
    private static final String TARBALL_MANIFEST = "package/package.json";

    enum Kind { TARBALL, FOLDER }

    /** A package found in the repository, with the stamp of what it is made of. */
    record Found(String path, Kind kind, String stamp, List<String> files) {
        String kindName() {
            return kind.name().toLowerCase(Locale.ROOT);
        }
    }

    /** What reading a package told: its bytes, fingerprint and parsed package.json. */
    record Read(long size, String sha256, JsonNode packageJson) {
        String text(String field) {
            JsonNode value = packageJson.get(field);
            return value == null || value.isNull() ? "" : value.asText();
        }
    }

    private final DeploymentTarget target;
    private final String root;

    RepositoryScanner(DeploymentTarget target, String root) {
        this.target = target;
        this.root = root;
    }

    String root() {
        return root;
    }

    String resolve(String relative) {
        return target.resolve(root, Repository.parts(relative));
    }

    /**
     * What the step's work depends on beyond its attributes: the stamps of the repository's
     * packages, and the files earlier DeployRepositoryFiles steps of the package deploy into it.
     */
    static void fingerprint(dev.stagehand.api.spi.StepContext context, dev.stagehand.api.spi.Fingerprint fingerprint)
            throws IOException {
        Optional<String> root = Repository.location(context.variables());
        if (root.isEmpty()) {
            return;
        }
        StringBuilder stamps = new StringBuilder();
        for (Found found : new RepositoryScanner(context.target(), root.get()).find()) {
            stamps.append(found.path()).append('=').append(found.stamp()).append('\n');
        }
        fingerprint.add("repository", Sha256.of(stamps.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        for (dev.stagehand.api.model.StepDescriptor step : context.manifest().steps()) {
            if (step.index() < context.step().index()
                    && step.type().equalsIgnoreCase(DeployRepositoryFilesStepHandler.TYPE)) {
                Optional<String> contentPath = step.attributes().get("contentPath").filter(v -> !v.isBlank());
                if (contentPath.isPresent()) {
                    for (String file : context.content().find(contentPath.get())) {
                        fingerprint.addPackageFile(file);
                    }
                }
            }
        }
    }

    /** Every package of the repository, sorted by path; none when the repository folder does not exist yet. */
    List<Found> find() throws IOException {
        if (!target.exists(root)) {
            return List.of();
        }
        List<String> files = new ArrayList<>();
        for (String listed : target.list(root)) {
            files.add(Repository.inside(listed, "repository file"));
        }
        Set<String> folders = new HashSet<>();
        for (String file : files) {
            if (file.endsWith("/package.json") && !inNodeModules(file)) {
                folders.add(file.substring(0, file.length() - "/package.json".length()));
            }
        }
        // A folder inside a folder package is part of it (its build output, say), not a package of its own.
        folders.removeIf(folder -> folders.stream().anyMatch(other -> folder.startsWith(other + "/")));
        List<Found> found = new ArrayList<>();
        for (String folder : folders.stream().sorted().toList()) {
            List<String> content = files.stream().filter(f -> f.startsWith(folder + "/")).toList();
            StringBuilder stamps = new StringBuilder();
            for (String file : content) {
                stamps.append(file).append('=').append(stamp(file)).append('\n');
            }
            found.add(new Found(folder, Kind.FOLDER, "files:" + Sha256.of(stamps.toString().getBytes(
                    java.nio.charset.StandardCharsets.UTF_8)), content));
        }
        for (String file : files) {
            if (file.toLowerCase(Locale.ROOT).endsWith(".tgz") && !inNodeModules(file)
                    && folders.stream().noneMatch(folder -> file.startsWith(folder + "/"))) {
                found.add(new Found(file, Kind.TARBALL, stamp(file), List.of(file)));
            }
        }
        found.sort(java.util.Comparator.comparing(Found::path));
        return found;
    }

    /**
     * Reads a package whole.
     *
     * @throws RepositoryException naming the package's path when it is not a readable npm package
     */
    Read read(Found found) throws IOException {
        return found.kind() == Kind.TARBALL ? readTarball(found.path()) : readFolder(found);
    }

    private Read readTarball(String path) throws IOException {
        MessageDigest digest = Sha256.newDigest();
        byte[] manifest = null;
        long size;
        try (InputStream raw = target.read(resolve(path));
             CountingInputStream count = new CountingInputStream(raw);
             DigestInputStream counted = new DigestInputStream(count, digest)) {
            try {
                // The tar stream ends at its end-of-archive blocks; what gzip holds after them is drained below.
                GzipCompressorInputStream gzip = new GzipCompressorInputStream(new NonClosing(counted));
                TarArchiveInputStream tar = new TarArchiveInputStream(gzip);
                TarArchiveEntry entry;
                while ((entry = tar.getNextEntry()) != null) {
                    String name = entry.getName().startsWith("./") ? entry.getName().substring(2) : entry.getName();
                    if (entry.isFile() && name.equals(TARBALL_MANIFEST)) {
                        manifest = bounded(tar, path + "!/" + TARBALL_MANIFEST);
                    }
                }
                // A truncated tarball can look like a complete archive to the tar reader; gzip knows better.
                gzip.transferTo(OutputStreamNull.INSTANCE);
            } catch (IOException | IllegalArgumentException e) {
                if (e instanceof RepositoryException r) {
                    throw r;
                }
                throw new RepositoryException("repository package " + path + " is not a readable .tgz: "
                        + e.getMessage(), e);
            }
            counted.transferTo(OutputStreamNull.INSTANCE);
            size = count.count();
        }
        if (manifest == null) {
            throw new RepositoryException("repository package " + path + " holds no " + TARBALL_MANIFEST
                    + ": it is not an npm package");
        }
        return new Read(size, Sha256.hex(digest), parse(manifest, path + "!/" + TARBALL_MANIFEST));
    }

    private Read readFolder(Found found) throws IOException {
        StringBuilder lines = new StringBuilder();
        long size = 0;
        byte[] manifest = null;
        String manifestPath = found.path() + "/package.json";
        for (String file : found.files()) {
            MessageDigest digest = Sha256.newDigest();
            byte[] kept = null;
            try (InputStream in = target.read(resolve(file));
                 CountingInputStream count = new CountingInputStream(in);
                 DigestInputStream counted = new DigestInputStream(count, digest)) {
                if (file.equals(manifestPath)) {
                    kept = bounded(counted, manifestPath);
                }
                counted.transferTo(OutputStreamNull.INSTANCE);
                size += count.count();
            }
            if (kept != null) {
                manifest = kept;
            }
            lines.append(file.substring(found.path().length() + 1)).append('\0').append(Sha256.hex(digest)).append('\n');
        }
        if (manifest == null) {
            throw new RepositoryException("repository package " + found.path() + " lost its package.json while it was read");
        }
        return new Read(size, Sha256.of(lines.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8)),
                parse(manifest, manifestPath));
    }

    /** The package.json of a package, which must be a JSON object naming the package and its version. */
    static JsonNode parse(byte[] manifest, String path) throws RepositoryException {
        JsonNode json;
        try {
            json = JSON.readTree(manifest);
        } catch (JsonProcessingException e) {
            throw new RepositoryException(path + " is not valid JSON: line " + e.getLocation().getLineNr()
                    + ", column " + e.getLocation().getColumnNr() + ": " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new RepositoryException(path + " cannot be read: " + e.getMessage(), e);
        }
        if (json == null || !json.isObject()) {
            throw new RepositoryException(path + " is not a JSON object");
        }
        for (String field : List.of("name", "version")) {
            JsonNode value = json.get(field);
            if (value == null || !value.isTextual() || value.asText().isBlank()) {
                throw new RepositoryException(path + " has no \"" + field + "\"");
            }
        }
        return json;
    }

    private static byte[] bounded(InputStream in, String path) throws IOException {
        byte[] bytes = in.readNBytes(MAX_PACKAGE_JSON + 1);
        if (bytes.length > MAX_PACKAGE_JSON) {
            throw new RepositoryException(path + " is larger than " + MAX_PACKAGE_JSON + " bytes");
        }
        return bytes;
    }

    /** The file's stamp: the target's own when it tells one, else size and modification time. */
    private String stamp(String file) throws IOException {
        String path = resolve(file);
        Optional<FileStamps> stamps = target.capability(FileStamps.class);
        if (stamps.isPresent()) {
            FileStamp stamp = stamps.get().stamp(path).orElseThrow(() -> vanished(file));
            return stamp.size() + ":" + stamp.modifiedNanos() + ":" + stamp.changedNanos() + ":" + stamp.fileKey();
        }
        FileInfo info = target.stat(path).orElseThrow(() -> vanished(file));
        return info.size() + ":" + info.modified();
    }

    private static RepositoryException vanished(String file) {
        return new RepositoryException("repository file " + file + " vanished while the repository was listed");
    }

    private static boolean inNodeModules(String file) {
        return file.startsWith("node_modules/") || file.contains("/node_modules/");
    }

    /** A package that cannot be read, named by its path in the repository. */
    static final class RepositoryException extends IOException {
        RepositoryException(String message) {
            super(message);
        }

        RepositoryException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private static final class CountingInputStream extends FilterInputStream {
        private long count;

        CountingInputStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                count += n;
            }
            return n;
        }

        long count() {
            return count;
        }
    }

    /** Lets the tar and gzip readers stop without closing the stream that still has to be drained. */
    private static final class NonClosing extends FilterInputStream {
        NonClosing(InputStream in) {
            super(in);
        }

        @Override
        public long skip(long n) throws IOException {
            // Skipped bytes must still pass through the digest below.
            long skipped = 0;
            byte[] buffer = new byte[8192];
            while (skipped < n) {
                int read = read(buffer, 0, (int) Math.min(buffer.length, n - skipped));
                if (read < 0) {
                    break;
                }
                skipped += read;
            }
            return skipped;
        }

        /** Gzip rewinds a stream that can be marked: the bytes read again would reach the digest twice. */
        @Override
        public boolean markSupported() {
            return false;
        }

        @Override
        public void close() {
        }
    }

    private static final class OutputStreamNull extends java.io.OutputStream {
        static final OutputStreamNull INSTANCE = new OutputStreamNull();

        @Override
        public void write(int b) {
        }

        @Override
        public void write(byte[] b, int off, int len) {
        }
    }
}
