package dev.stagehand.target.ssh;

import dev.stagehand.api.io.Sha256;
import dev.stagehand.api.target.Appending;
import dev.stagehand.api.target.CommandRequest;
import dev.stagehand.api.target.CommandResult;
import dev.stagehand.api.target.ConcurrentAccess;
import dev.stagehand.api.target.ContentHashing;
import dev.stagehand.api.target.DeploymentTarget;
import dev.stagehand.api.target.EnvironmentPassing;
import dev.stagehand.api.target.ExclusiveCreation;
import dev.stagehand.api.target.FileInfo;
import dev.stagehand.api.target.FileStamp;
import dev.stagehand.api.target.FileStamps;
import dev.stagehand.api.target.FolderStamps;
import dev.stagehand.api.target.Flushing;
import dev.stagehand.api.target.FolderStaging;
import java.io.BufferedReader;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.channel.ClientChannelEvent;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.sftp.client.SftpClient;
import org.apache.sshd.sftp.client.extensions.openssh.OpenSSHPosixRenameExtension;
import org.apache.sshd.sftp.common.SftpConstants;
import org.apache.sshd.sftp.common.SftpException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A POSIX machine reached over SSH. Files go through SFTP (written to a temporary name, then
 * renamed with OpenSSH's {@code posix-rename}, so nobody sees a file half written; an append, of
 * a journal's step line, writes at the end of the file in place); commands, the
 * flush ({@code sync}), hashes ({@code sha256sum}, so a file is not read back over the network) and
 * folder trees ({@code cp}, {@code rm}) run on the remote side. A command's environment travels on
 * its standard input, into the remote shell, never on a command line. One connection serves the
 * whole deployment, with up to {@link SshSettings#parallelism()} SFTP channels at once.
 */
public final class SshTarget implements DeploymentTarget, FileStamps, FolderStamps, Flushing, FolderStaging, ContentHashing,
        ConcurrentAccess, EnvironmentPassing, ExclusiveCreation, Appending {

    private static final Logger LOG = LoggerFactory.getLogger(SshTarget.class);
    private static final int BUFFER = 64 * 1024;
    /** The bytes of one SFTP write request of an append: well under OpenSSH's 256 KiB message limit. */
    private static final int APPEND_CHUNK = 32 * 1024;
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern HASH_LINE = Pattern.compile("^([0-9a-f]{64}) .*", Pattern.DOTALL);
    /** The first line a remote command prints: its shell's pid, to kill its process group on a timeout. */
    private static final String PID_MARK = "stagehand-pid ";
    private static final Duration HELPER_TIMEOUT = Duration.ofMinutes(10);
    /** How long a batch of folder hashes may serve (the files it covers are compared one after the other). */
    private static final Duration HASHES_FRESH = Duration.ofSeconds(30);
    private static final int HASHES_PER_FOLDER = 256;
    /** A record of {@code find -printf '%s %T@ %P\0'}: size, modification time (its fraction cut), path. */
    private static final Pattern FIND_RECORD = Pattern.compile("([0-9]+) ([0-9]+)(?:\\.[0-9]*)? (.+)", Pattern.DOTALL);
    private static final Pattern BATCH_RECORD = Pattern.compile("([0-9a-f]{64}) ([0-9]+) ([0-9]+) (.+)",
            Pattern.DOTALL);

    private final SshConnection connection;
    private final SshSettings settings;
    private final AtomicBoolean unflushed = new AtomicBoolean();
    /** Whether the remote machine has sha256sum: asked once, on the first hash. */
    private final AtomicReference<Boolean> remoteHashing = new AtomicReference<>();
    /** Whether the remote machine has GNU tar, for {@link StagingStream}s: asked once. */
    private final AtomicReference<Boolean> remoteTar = new AtomicReference<>();
    /** The staging folders handed out by {@link #stagingFolderFor}. */
    private final java.util.Set<String> stagingFolders = java.util.concurrent.ConcurrentHashMap.newKeySet();
    /** Batched hashes, by folder. */
    private final Map<String, FolderHashes> folderHashes = new java.util.concurrent.ConcurrentHashMap<>();
    /** The open tar streams, by staging folder. */
    private final Map<String, StagingStream> streams = new java.util.concurrent.ConcurrentHashMap<>();

    public SshTarget(SshSettings settings) {
        this.settings = settings;
        this.connection = new SshConnection(settings);
    }

    /** Connects now (the first operation otherwise does), so that a bad key or host key shows at once. */
    public SshTarget connect() throws IOException {
        connection.session();
        return this;
    }

    /** The staging folders a tar stream is open into, for tests. */
    List<String> stagingStreams() {
        return streams.keySet().stream().sorted().toList();
    }

    /** The connection, for tests of its parts. */
    SshConnection connection() {
        return connection;
    }

    @Override
    public String name() {
        return settings.name();
    }

    /** The absolute base folder on the remote machine. */
    public String base() {
        return settings.base();
    }

    /** The absolute remote path a target path stands for. */
    public String remotePath(String path) {
        return normalize(isAbsolute(path) ? path : settings.base() + "/" + path);
    }

    static String normalize(String path) {
        Deque<String> parts = new ArrayDeque<>();
        for (String part : path.split("/+")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                parts.pollLast();
            } else {
                parts.addLast(part);
            }
        }
        return "/" + String.join("/", parts);
    }

    private static String parent(String remote) {
        int slash = remote.lastIndexOf('/');
        return slash <= 0 ? "/" : remote.substring(0, slash);
    }

    private static String fileName(String remote) {
        return remote.substring(remote.lastIndexOf('/') + 1);
    }

    @Override
    public boolean isAbsolute(String path) {
        return path.startsWith("/");
    }

    @Override
    public String resolve(String basePath, String... parts) {
        StringBuilder joined = new StringBuilder(basePath);
        for (String part : parts) {
            if (part.isEmpty()) {
                continue;
            }
            if (joined.length() > 0 && joined.charAt(joined.length() - 1) != '/') {
                joined.append('/');
            }
            joined.append(part.startsWith("/") ? part.substring(1) : part);
        }
        return joined.toString();
    }

    @Override
    public String createTempDirectory(String prefix) throws IOException {
        String safe = prefix.replaceAll("[^A-Za-z0-9._-]", "_");
        String folder = helper("create a temporary folder", "umask 077 && mktemp -d \"${TMPDIR:-/tmp}/" + safe
                + "XXXXXXXX\"").trim();
        if (!folder.startsWith("/")) {
            throw new RemoteFailure("mktemp on " + name() + " gave no folder: " + folder);
        }
        return folder;
    }

    @Override
    public boolean exists(String path) throws IOException {
        String remote = remotePath(path);
        settle(remote);
        return connection.sftp("look for " + remote, sftp -> attributes(sftp, remote, false) != null);
    }

    @Override
    public Optional<FileInfo> stat(String path) throws IOException {
        String remote = remotePath(path);
        settle(remote);
        SftpClient.Attributes attributes = connection.sftp("stat " + remote, sftp -> attributes(sftp, remote, true));
        if (attributes == null || !attributes.isRegularFile()) {
            return Optional.empty();
        }
        return Optional.of(new FileInfo(attributes.getSize(), attributes.getModifyTime().toInstant()));
    }

    /**
     * SFTP (version 3, as OpenSSH speaks it) tells modification times to the second and no inode,
     * so a stamp is the size and that second: a file rewritten within the same second at the same
     * size is not told apart by its stamp alone.
     */
    @Override
    public Optional<FileStamp> stamp(String path) throws IOException {
        String remote = remotePath(path);
        for (StagingStream stream : streams.values()) {
            Optional<FileStamp> staged = stream.stamp(remote);
            if (staged.isPresent()) {
                return staged;
            }
        }
        settle(remote);
        SftpClient.Attributes attributes = connection.sftp("stat " + remote, sftp -> attributes(sftp, remote, true));
        if (attributes == null || !attributes.isRegularFile()) {
            return Optional.empty();
        }
        return Optional.of(stampOf(attributes));
    }

    /**
     * One {@code find} on a kept helper shell (one round trip, whatever the depth), where the
     * target has GNU find; else one SFTP listing per folder (the attributes come with the names).
     * Either way a stamp is the size and the modification second, as {@link #stamp} tells it, and
     * a link is left out (both tell of the link, not of what it leads to).
     */
    @Override
    public Map<String, FileStamp> stampsBelow(String folder) throws IOException {
        String root = remotePath(folder);
        settle(root);
        // NUL ends each record: a name may hold a newline.
        CommandOutput found = exec("list the stamps below " + root, "cd -- " + quote(root)
                + " 2>/dev/null || exit 0; find . -type f -printf '%s %T@ %P\\0'", HELPER_TIMEOUT);
        if (found.exitCode() == 0) {
            Map<String, FileStamp> stamps = new java.util.HashMap<>();
            boolean understood = true;
            for (String record : found.output().split("\0")) {
                if (record.isEmpty()) {
                    continue;
                }
                var match = FIND_RECORD.matcher(record);
                if (!match.matches()) {
                    understood = false;
                    break;
                }
                stamps.put(match.group(3), new FileStamp(Long.parseLong(match.group(1)),
                        Long.parseLong(match.group(2)) * 1_000_000_000L, 0, ""));
            }
            if (understood) {
                return stamps;
            }
        }
        LOG.debug("{} has no GNU find ({}); listing stamps folder by folder", name(), found.error().trim());
        return connection.sftp("list the stamps below " + root + " folder by folder", sftp -> {
            SftpClient.Attributes attributes = attributes(sftp, root, true);
            Map<String, FileStamp> listed = new java.util.HashMap<>();
            if (attributes != null && attributes.isDirectory()) {
                walk(sftp, root, "", (path, entry) -> listed.put(path, stampOf(entry)));
            }
            return listed;
        });
    }

    private static FileStamp stampOf(SftpClient.Attributes attributes) {
        Instant modified = attributes.getModifyTime().toInstant();
        return new FileStamp(attributes.getSize(), modified.getEpochSecond() * 1_000_000_000L + modified.getNano(), 0,
                "");
    }

    /** The attributes of a path, null when it is absent. */
    private static SftpClient.Attributes attributes(SftpClient sftp, String remote, boolean follow) throws IOException {
        try {
            return follow ? sftp.stat(remote) : sftp.lstat(remote);
        } catch (SftpException e) {
            if (e.getStatus() == SftpConstants.SSH_FX_NO_SUCH_FILE || e.getStatus() == SftpConstants.SSH_FX_NO_SUCH_PATH) {
                return null;
            }
            throw e;
        }
    }

    @Override
    public void write(String path, InputStream content) throws IOException {
        String remote = remotePath(path);
        settle(remote);
        // The stream can be read once: a retry after a dropped connection could not send it again,
        // so a write is not retried (an upload, which opens its file again, is).
        connection.sftpOnce(sftp -> {
            writeAtomically(sftp, remote, content);
            return null;
        });
        forgetHashes(remote);
    }

    @Override
    public void upload(Path localFile, String path) throws IOException {
        String remote = remotePath(path);
        settle(remote);
        connection.sftp("upload " + remote, sftp -> {
            try (InputStream in = Files.newInputStream(localFile)) {
                writeAtomically(sftp, remote, in);
            }
            return null;
        });
        forgetHashes(remote);
    }

    private void writeAtomically(SftpClient sftp, String remote, InputStream content) throws IOException {
        String folder = parent(remote);
        mkdirs(sftp, folder);
        String temp = folder + "/." + fileName(remote) + "." + UUID.randomUUID() + ".tmp";
        try {
            copy(content, sftp, temp, EnumSet.of(SftpClient.OpenMode.Write, SftpClient.OpenMode.Create,
                    SftpClient.OpenMode.Exclusive));
            rename(sftp, temp, remote);
        } catch (IOException | RuntimeException e) {
            try {
                sftp.remove(temp);
            } catch (IOException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
        unflushed.set(true);
    }

    private static void copy(InputStream content, SftpClient sftp, String remote, EnumSet<SftpClient.OpenMode> modes)
            throws IOException {
        try (OutputStream out = sftp.write(remote, BUFFER, modes)) {
            byte[] buffer = new byte[BUFFER];
            int n;
            while ((n = content.read(buffer)) >= 0) {
                out.write(buffer, 0, n);
            }
        }
    }

    /** Renames over an existing file in one step, as rename(2) does; plain SFTP rename refuses to. */
    private static void rename(SftpClient sftp, String from, String to) throws IOException {
        OpenSSHPosixRenameExtension posix = sftp.getExtension(OpenSSHPosixRenameExtension.class);
        if (posix != null && posix.isSupported()) {
            posix.posixRename(from, to);
        } else {
            sftp.rename(from, to, SftpClient.CopyMode.Overwrite, SftpClient.CopyMode.Atomic);
        }
    }

    @Override
    public boolean createNew(String path, byte[] content) throws IOException {
        String remote = remotePath(path);
        settle(remote);
        forgetHashes(remote);
        return connection.sftp("create " + remote, sftp -> {
            mkdirs(sftp, parent(remote));
            try (OutputStream out = sftp.write(remote, BUFFER, EnumSet.of(SftpClient.OpenMode.Write,
                    SftpClient.OpenMode.Create, SftpClient.OpenMode.Exclusive))) {
                out.write(content);
            } catch (SftpException e) {
                if (e.getStatus() == SftpConstants.SSH_FX_FILE_ALREADY_EXISTS
                        || (e.getStatus() == SftpConstants.SSH_FX_FAILURE && attributes(sftp, remote, false) != null)) {
                    // OpenSSH's sftp-server answers a plain failure for O_EXCL on an existing file.
                    return false;
                }
                throw e;
            }
            SftpClient.Attributes ownerOnly = new SftpClient.Attributes();
            ownerOnly.setPermissions(0600);
            sftp.setStat(remote, ownerOnly);
            unflushed.set(true);
            return true;
        });
    }

    @Override
    public void append(String path, byte[] bytes) throws IOException {
        String remote = remotePath(path);
        settle(remote);
        forgetHashes(remote);
        // Not retried: after a connection lost midway a part may be there already, and would be there twice.
        connection.sftpOnce(sftp -> {
            mkdirs(sftp, parent(remote));
            try (SftpClient.CloseableHandle handle = sftp.open(remote, EnumSet.of(SftpClient.OpenMode.Write,
                    SftpClient.OpenMode.Create, SftpClient.OpenMode.Append))) {
                // OpenSSH's server opens the file O_APPEND and so writes at its end whatever the offset; a
                // server that honours offsets instead writes at the end it had when opened.
                long end = sftp.stat(handle).getSize();
                if (end == 0) {
                    SftpClient.Attributes ownerOnly = new SftpClient.Attributes();
                    ownerOnly.setPermissions(0600);
                    sftp.setStat(handle, ownerOnly);
                }
                for (int at = 0; at < bytes.length; at += APPEND_CHUNK) {
                    sftp.write(handle, end + at, bytes, at, Math.min(APPEND_CHUNK, bytes.length - at));
                }
            }
            unflushed.set(true);
            return null;
        });
    }

    @Override
    public InputStream read(String path) throws IOException {
        String remote = remotePath(path);
        settle(remote);
        LOG.trace("read {} on {}", remote, name());
        SftpClient sftp = connection.borrow();
        try {
            InputStream in = sftp.read(remote, BUFFER);
            AtomicBoolean returned = new AtomicBoolean();
            return new FilterInputStream(in) {
                @Override
                public void close() throws IOException {
                    try {
                        super.close();
                    } finally {
                        if (returned.compareAndSet(false, true)) {
                            connection.giveBack(sftp, false);
                        }
                    }
                }
            };
        } catch (SftpException e) {
            connection.giveBack(sftp, false);
            if (e.getStatus() == SftpConstants.SSH_FX_NO_SUCH_FILE) {
                throw new java.nio.file.NoSuchFileException(name() + ":" + remote);
            }
            throw e;
        } catch (IOException | RuntimeException e) {
            connection.giveBack(sftp, true);
            throw e;
        }
    }

    @Override
    public void copyTree(String from, String to) throws IOException {
        String source = remotePath(from);
        String destination = remotePath(to);
        settle(source);
        settle(destination);
        helper("copy " + source, "if [ -d " + quote(source) + " ]; then mkdir -p " + quote(destination) + " && cp -pR "
                + quote(source + "/.") + " " + quote(destination + "/") + "; else mkdir -p " + quote(parent(destination))
                + " && cp -p " + quote(source) + " " + quote(destination) + "; fi");
        unflushed.set(true);
        forgetHashes(destination);
    }

    @Override
    public void move(String from, String to) throws IOException {
        String source = remotePath(from);
        String destination = remotePath(to);
        settle(source);
        settle(destination);
        if (source.equals(destination)) {
            return;
        }
        connection.sftp("move " + source, sftp -> {
            mkdirs(sftp, parent(destination));
            SftpClient.Attributes there = attributes(sftp, destination, false);
            if (there != null && there.isDirectory()) {
                // A folder can only be renamed onto a missing or empty one.
                deleteTree(sftp, destination);
            }
            rename(sftp, source, destination);
            return null;
        });
        unflushed.set(true);
        forgetHashes(source);
        forgetHashes(destination);
    }

    @Override
    public void delete(String path) throws IOException {
        String remote = remotePath(path);
        for (StagingStream stream : List.copyOf(streams.values())) {
            if (stream.touches(remote)) {
                try {
                    finish(stream);
                } catch (IOException e) {
                    // What it staged goes anyway; the failure was told to whoever staged.
                    LOG.debug("the stream into {} had failed: {}", stream.folder(), e.getMessage());
                }
            }
        }
        if (remote.equals("/")) {
            throw new RemoteFailure("refusing to delete the root folder of " + name());
        }
        connection.sftp("delete " + remote, sftp -> {
            deleteTree(sftp, remote);
            return null;
        });
        unflushed.set(true);
        forgetHashes(remote);
    }

    /** Removes a file, or a folder tree without following links out of it. */
    private void deleteTree(SftpClient sftp, String remote) throws IOException {
        SftpClient.Attributes attributes = attributes(sftp, remote, false);
        if (attributes == null) {
            return;
        }
        if (!attributes.isDirectory()) {
            sftp.remove(remote);
            return;
        }
        // One remote rm -rf: a tree of thousands of files would be thousands of round trips.
        helper("delete " + remote, "rm -rf -- " + quote(remote));
    }

    @Override
    public void createDirectories(String path) throws IOException {
        String remote = remotePath(path);
        settle(remote);
        connection.sftp("create " + remote, sftp -> {
            mkdirs(sftp, remote);
            return null;
        });
    }

    private void mkdirs(SftpClient sftp, String remote) throws IOException {
        SftpClient.Attributes attributes = attributes(sftp, remote, true);
        if (attributes != null) {
            if (!attributes.isDirectory()) {
                throw new java.nio.file.FileAlreadyExistsException(name() + ":" + remote + " is not a folder");
            }
            return;
        }
        if (!remote.equals("/")) {
            mkdirs(sftp, parent(remote));
        }
        try {
            sftp.mkdir(remote);
            unflushed.set(true);
        } catch (SftpException e) {
            // Made meanwhile by a parallel write into the same folder: as good.
            SftpClient.Attributes now = attributes(sftp, remote, true);
            if (now == null || !now.isDirectory()) {
                throw e;
            }
        }
    }

    @Override
    public List<String> list(String folder) throws IOException {
        String root = remotePath(folder);
        settle(root);
        return connection.sftp("list " + root, sftp -> {
            SftpClient.Attributes attributes = attributes(sftp, root, true);
            if (attributes == null || !attributes.isDirectory()) {
                return List.of();
            }
            List<String> files = new ArrayList<>();
            walk(sftp, root, "", (path, entry) -> files.add(path));
            Collections.sort(files);
            return files;
        });
    }

    /** Hands every regular file below {@code root} to {@code found}, with its path relative to root. */
    private static void walk(SftpClient sftp, String root, String relative,
                             java.util.function.BiConsumer<String, SftpClient.Attributes> found) throws IOException {
        String folder = relative.isEmpty() ? root : root + "/" + relative;
        for (SftpClient.DirEntry entry : sftp.readDir(folder)) {
            String name = entry.getFilename();
            if (name.equals(".") || name.equals("..")) {
                continue;
            }
            String path = relative.isEmpty() ? name : relative + "/" + name;
            SftpClient.Attributes attributes = entry.getAttributes();
            if (attributes.isDirectory()) {
                walk(sftp, root, path, found);
            } else if (attributes.isRegularFile()) {
                found.accept(path, attributes);
            }
        }
    }

    @Override
    public String stagingFolderFor(String destination) {
        String remote = remotePath(destination);
        String staging = parent(remote) + "/." + fileName(remote) + ".staging";
        stagingFolders.add(staging);
        return staging;
    }

    /**
     * Into a staging folder this target handed out, through one tar stream per folder where the
     * target has GNU tar ({@link StagingStream}; a failure of a file may then show only when the
     * folder is published); else by SFTP, file by file.
     */
    @Override
    public void copyStaged(Path localFile, String path) throws IOException {
        String remote = remotePath(path);
        StagingStream stream = streamFor(remote);
        if (stream != null) {
            stream.add(localFile, remote);
            unflushed.set(true);
            return;
        }
        connection.sftp("upload " + remote, sftp -> {
            mkdirs(sftp, parent(remote));
            try (InputStream in = Files.newInputStream(localFile)) {
                // Exclusive: a file already there means the staging folder is not the caller's own.
                copy(in, sftp, remote, EnumSet.of(SftpClient.OpenMode.Write, SftpClient.OpenMode.Create,
                        SftpClient.OpenMode.Exclusive));
            }
            return null;
        });
        unflushed.set(true);
    }

    @Override
    public boolean isVacant(String destination) throws IOException {
        String remote = remotePath(destination);
        settle(remote);
        return connection.sftp("look at " + remote, sftp -> {
            SftpClient.Attributes attributes = attributes(sftp, remote, false);
            if (attributes == null) {
                return true;
            }
            if (!attributes.isDirectory()) {
                return false;
            }
            for (SftpClient.DirEntry entry : sftp.readDir(remote)) {
                if (!entry.getFilename().equals(".") && !entry.getFilename().equals("..")) {
                    return false;
                }
            }
            return true;
        });
    }

    @Override
    public void publish(String staging, String destination) throws IOException {
        String from = remotePath(staging);
        String to = remotePath(destination);
        // Every staged file is in the folder, or the publish fails.
        settle(from);
        settle(to);
        connection.sftp("publish " + to, sftp -> {
            mkdirs(sftp, parent(to));
            SftpClient.Attributes there = attributes(sftp, to, false);
            if (there != null && there.isDirectory()) {
                // An empty folder gives way; one with files in it refuses to (rmdir fails), and stays.
                sftp.rmdir(to);
            }
            rename(sftp, from, to);
            return null;
        });
        unflushed.set(true);
        forgetHashes(to);
    }

    /**
     * The hashes of the files of one folder, from one helper command: a deployment compares the
     * files of a folder one after the other, and one {@code sha256sum} round trip each was most of
     * an upgrade's time. Each hash is handed out once, within {@link #HASHES_FRESH} of being
     * made, only while the file's size and modification second are still those it had when
     * hashed (one SFTP stat, cheaper than a command; the same proof a {@link FileStamp} gives),
     * and forgotten when this target changes anything in the folder; a hash not in the
     * batch (a link, a file past the first {@link #HASHES_PER_FOLDER}, one made since) is asked
     * for alone.
     */
    private final class FolderHashes {

        private final String folder;
        private final long made = System.nanoTime();
        private Map<String, Batched> hashes;

        FolderHashes(String folder) {
            this.folder = folder;
        }

        synchronized String take(String remote) throws IOException {
            if (System.nanoTime() - made > HASHES_FRESH.toNanos()) {
                folderHashes.remove(folder, this);
                return null;
            }
            if (hashes == null) {
                hashes = new java.util.HashMap<>();
                // NUL ends each record: a name may hold a newline.
                CommandOutput listed = exec("hash the files of " + folder, "cd -- " + quote(folder)
                        + " 2>/dev/null || exit 0; n=0; for f in * .[!.]* ..?*; do"
                        + " [ -f \"$f\" ] && [ ! -L \"$f\" ] || continue; n=$((n+1));"
                        + " [ $n -le " + HASHES_PER_FOLDER + " ] || break;"
                        + " s=$(stat -L -c '%s %Y' -- \"$f\") && h=$(sha256sum < \"$f\")"
                        + " && printf '%s %s %s\\0' \"${h%% *}\" \"$s\" \"$f\"; done", HELPER_TIMEOUT);
                if (listed.exitCode() == 0) {
                    for (String record : listed.output().split("\0")) {
                        var match = BATCH_RECORD.matcher(record);
                        if (match.matches()) {
                            hashes.put(folder.equals("/") ? "/" + match.group(4) : folder + "/" + match.group(4),
                                    new Batched(match.group(1), Long.parseLong(match.group(2)),
                                            Long.parseLong(match.group(3))));
                        }
                    }
                }
            }
            Batched batched = hashes.remove(remote);
            if (batched == null) {
                return null;
            }
            // Still the file that was hashed, as far as a stamp tells (size and modification second).
            SftpClient.Attributes now = connection.sftp("stat " + remote, sftp -> attributes(sftp, remote, true));
            return now != null && now.isRegularFile() && now.getSize() == batched.size()
                    && now.getModifyTime().toInstant().getEpochSecond() == batched.modified() ? batched.sha256() : null;
        }
    }

    /** A hash of a folder batch, with the size and modification second the file had just before. */
    private record Batched(String sha256, long size, long modified) {
    }

    /** Forgets the batched hashes of the folder of {@code remote}, of {@code remote} and below: it changes. */
    private void forgetHashes(String remote) {
        if (!folderHashes.isEmpty()) {
            String folder = parent(remote);
            folderHashes.keySet().removeIf(f -> f.equals(folder) || f.equals(remote) || f.startsWith(remote + "/"));
        }
    }

    /** The open tar stream into the staging folder holding {@code remote}, opened on first use; null for SFTP. */
    private synchronized StagingStream streamFor(String remote) throws IOException {
        String folder = stagingFolders.stream().filter(f -> remote.startsWith(f + "/")).findFirst().orElse(null);
        if (folder == null || !gnuTar()) {
            return null;
        }
        StagingStream stream = streams.get(folder);
        if (stream == null) {
            stream = connection.withSession("stage into " + folder, session -> StagingStream.open(session, folder,
                    settings.connectTimeout()));
            streams.put(folder, stream);
        }
        return stream;
    }

    /** Whether the target has GNU tar (its options keep a staging stream safe): asked once. */
    private boolean gnuTar() throws IOException {
        if (remoteTar.get() == null) {
            CommandOutput version = exec("look for tar", "tar --version 2>/dev/null | head -n 1", HELPER_TIMEOUT);
            remoteTar.compareAndSet(null, version.exitCode() == 0 && version.output().contains("GNU tar"));
        }
        return remoteTar.get();
    }

    /** Finishes the staging streams into, around or inside {@code remote}: what they sent is then there. */
    private void settle(String remote) throws IOException {
        if (streams.isEmpty()) {
            return;
        }
        for (StagingStream stream : List.copyOf(streams.values())) {
            if (stream.touches(remote)) {
                finish(stream);
            }
        }
    }

    private void finish(StagingStream stream) throws IOException {
        try {
            stream.finish(HELPER_TIMEOUT);
        } finally {
            streams.remove(stream.folder(), stream);
        }
    }

    /** One remote {@code sync} for everything written since the last flush. */
    @Override
    public void flush() throws IOException {
        for (StagingStream stream : List.copyOf(streams.values())) {
            finish(stream);
        }
        if (unflushed.compareAndSet(true, false)) {
            try {
                helper("flush", "sync -f " + quote(settings.base()) + " 2>/dev/null || sync");
            } catch (IOException | RuntimeException e) {
                unflushed.set(true);
                throw e;
            }
        }
    }

    @Override
    public Optional<String> sha256(String path) throws IOException {
        String remote = remotePath(path);
        settle(remote);
        if (Boolean.TRUE.equals(remoteHashing.get())) {
            String batched = folderHashes.computeIfAbsent(parent(remote), FolderHashes::new).take(remote);
            if (batched != null) {
                return Optional.of(batched);
            }
        }
        if (!Boolean.FALSE.equals(remoteHashing.get())) {
            CommandOutput hashed = exec("hash " + remote, "if [ -f " + quote(remote) + " ]; then sha256sum -- "
                    + quote(remote) + "; else echo absent; fi", HELPER_TIMEOUT);
            if (hashed.exitCode() == 0) {
                remoteHashing.set(true);
                String line = hashed.output().trim();
                if (line.equals("absent")) {
                    return Optional.empty();
                }
                var match = HASH_LINE.matcher(line);
                if (match.matches()) {
                    return Optional.of(match.group(1));
                }
            }
            if (hashed.exitCode() == 127) {
                LOG.debug("{} has no sha256sum; hashing files by reading them", name());
                remoteHashing.set(false);
            } else {
                throw new RemoteFailure("sha256sum of " + remote + " on " + name() + " failed: " + hashed.error());
            }
        }
        if (stat(path).isEmpty()) {
            return Optional.empty();
        }
        try (InputStream in = read(path)) {
            return Optional.of(Sha256.of(in));
        }
    }

    @Override
    public int parallelism() {
        return settings.parallelism();
    }

    @Override
    public boolean passesEnvironmentPrivately() {
        return true;
    }

    @Override
    public CommandResult run(CommandRequest request) throws IOException, InterruptedException {
        StringBuilder script = new StringBuilder();
        script.append("echo ").append(PID_MARK).append("$$\n");
        for (Map.Entry<String, String> variable : request.environment().entrySet()) {
            if (!NAME.matcher(variable.getKey()).matches()) {
                throw new IllegalArgumentException("'" + variable.getKey() + "' cannot name an environment variable"
                        + " on " + name());
            }
            script.append("export ").append(variable.getKey()).append('=').append(quote(variable.getValue()))
                    .append('\n');
        }
        String folder = request.workingDirectory() == null ? settings.base() : remotePath(request.workingDirectory());
        script.append("cd ").append(quote(folder)).append(" || exit 1\n");
        script.append("exec");
        request.command().forEach(part -> script.append(' ').append(quote(part)));
        script.append(" </dev/null\n");
        Deque<String> errorTail = new ArrayDeque<>();
        Consumer<String> error = line -> {
            synchronized (errorTail) {
                errorTail.addLast(line);
                if (errorTail.size() > CommandResult.TAIL_LINES) {
                    errorTail.removeFirst();
                }
            }
            request.error().accept(line);
        };
        AtomicReference<String> pid = new AtomicReference<>();
        Consumer<String> output = line -> {
            if (pid.get() == null && line.startsWith(PID_MARK)) {
                pid.set(line.substring(PID_MARK.length()).trim());
                return;
            }
            request.output().accept(line);
        };
        Execution execution = execute(script.toString(), request.timeout(), output, error, () -> {
            LOG.debug("{} ran longer than {} on {}; killing it", request.command(), request.timeout(), name());
            kill(pid.get());
        });
        if (execution.timedOut()) {
            return new CommandResult(-1, true, tail(errorTail));
        }
        return new CommandResult(execution.exitCode(), false, tail(errorTail));
    }

    private static List<String> tail(Deque<String> lines) {
        synchronized (lines) {
            return List.copyOf(lines);
        }
    }

    private void kill(String pid) {
        if (pid == null || !pid.matches("[0-9]+")) {
            return;
        }
        try {
            // setsid made the shell a process group leader: the group takes its children with it.
            exec("kill " + pid, "kill -9 -" + pid + " 2>/dev/null || kill -9 " + pid, Duration.ofSeconds(30));
        } catch (IOException e) {
            LOG.warn("could not kill process {} on {}: {}", pid, name(), e.getMessage());
        }
    }

    private record Execution(int exitCode, boolean timedOut) {
    }

    /** Runs a script with {@code sh -s}, its text on standard input, handing out lines as they come. */
    private Execution execute(String script, Duration timeout, Consumer<String> output, Consumer<String> error,
                              Runnable onTimeout) throws IOException, InterruptedException {
        ClientSession session = connection.session();
        // setsid, where there is one, so a timeout can kill the whole process group.
        try (ChannelExec channel = session.createExecChannel("if command -v setsid >/dev/null 2>&1;"
                + " then exec setsid -w sh -s; else exec sh -s; fi")) {
            channel.open().verify(settings.connectTimeout().toMillis());
            try (OutputStream in = channel.getInvertedIn()) {
                in.write(script.getBytes(StandardCharsets.UTF_8));
            }
            Thread out = pump(channel.getInvertedOut(), output, "output");
            Thread err = pump(channel.getInvertedErr(), error, "error");
            long wait = timeout == null ? 0 : timeout.toMillis();
            var events = channel.waitFor(EnumSet.of(ClientChannelEvent.CLOSED, ClientChannelEvent.EXIT_STATUS,
                    ClientChannelEvent.EXIT_SIGNAL), wait);
            if (events.contains(ClientChannelEvent.TIMEOUT)) {
                onTimeout.run();
                channel.close(true);
                return new Execution(-1, true);
            }
            // The streams end when the last process holding them does; a background child may outlive the shell.
            long rest = timeout == null ? 0 : Math.max(1, wait);
            out.join(rest);
            err.join(rest);
            if (out.isAlive() || err.isAlive()) {
                onTimeout.run();
                channel.close(true);
                return new Execution(-1, true);
            }
            channel.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), TimeUnit.SECONDS.toMillis(10));
            Integer status = channel.getExitStatus();
            if (status == null && !session.isOpen()) {
                throw new IOException("the connection to " + name() + " was lost while a command ran");
            }
            return new Execution(status == null ? -1 : status, false);
        }
    }

    private static Thread pump(InputStream stream, Consumer<String> consumer, String what) {
        Thread pump = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    consumer.accept(line);
                }
            } catch (IOException e) {
                LOG.debug("{} of a remote command ended: {}", what, e.getMessage());
            }
        }, "ssh " + what);
        pump.setDaemon(true);
        pump.start();
        return pump;
    }

    private record CommandOutput(int exitCode, String output, String error) {
    }

    /** A helper command on one of the connection's kept shells (no login shell per command). */
    private CommandOutput exec(String what, String command, Duration timeout) throws IOException {
        HelperShell.Output output;
        try {
            output = connection.helper(what, command, timeout);
        } catch (RemoteFailure e) {
            throw new RemoteFailure(what + " on " + name() + ": " + e.getMessage());
        }
        return new CommandOutput(output.exitCode(), output.output(), output.error());
    }

    /** A helper command of the target itself; its standard output when it succeeds. */
    private String helper(String what, String command) throws IOException {
        CommandOutput result = exec(what, command, HELPER_TIMEOUT);
        if (result.exitCode() != 0) {
            throw new RemoteFailure(what + " on " + name() + " failed (exit code " + result.exitCode() + "): "
                    + result.error());
        }
        return result.output();
    }

    /** A word for a POSIX shell, whatever it holds. */
    static String quote(String word) {
        return "'" + word.replace("'", "'\"'\"'") + "'";
    }

    @Override
    public void close() {
        connection.close();
    }

    @Override
    public String toString() {
        return settings.toString();
    }
}
