package dev.stagehand.target.ssh;

import dev.stagehand.api.target.FileStamp;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.channel.ClientChannelEvent;
import org.apache.sshd.client.session.ClientSession;

/**
 * The files staged into one fresh staging folder, sent as one tar stream through one exec
 * channel into GNU {@code tar -x} on the target: one pipelined stream instead of a few SFTP
 * round trips per file (check the folder, open, write, close, stat), which is what rsync does too.
 *
 * <p>What makes it as safe as the SFTP copy: the staging folder is nobody's until it is renamed
 * into place ({@link dev.stagehand.api.target.FolderStaging}), and {@link #finish} waits for
 * {@code tar} to exit with 0 before the rename; entry names are the normalized paths below the
 * staging folder (never {@code ..}, never absolute), all plain files, into a folder the caller
 * has just removed and that only this stream fills (so no link in it leads out);
 * {@code --keep-old-files} fails on a file already there, and a name staged twice fails at once. Files get the remote user as owner and the remote umask, as an SFTP write gives them.
 *
 * <p>A staged file's stamp is known without asking: its size, and the modification second this
 * stream wrote into its header (which {@code tar} sets, and a rename keeps).
 */
final class StagingStream {

    /** A regular file, rw-r--r-- before the remote umask (what an SFTP create asks for is 0666). */
    private static final int MODE_FILE = 0100644;
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(StagingStream.class);

    private final String folder;
    private final ChannelExec channel;
    private final TarArchiveOutputStream tar;
    private final Deque<String> errors = new ArrayDeque<>();
    private final Thread errorPump;
    private final Thread outputPump;
    private final java.util.concurrent.atomic.AtomicLong extracted = new java.util.concurrent.atomic.AtomicLong();
    private final Map<String, FileStamp> staged = new ConcurrentHashMap<>();
    private IOException failure;
    private boolean finished;

    private StagingStream(String folder, ChannelExec channel) {
        this.folder = folder;
        this.channel = channel;
        OutputStream in = channel.getInvertedIn();
        this.tar = new TarArchiveOutputStream(in, 64 * 1024);
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
        errorPump = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(channel.getInvertedErr(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    synchronized (errors) {
                        errors.addLast(line);
                        if (errors.size() > 20) {
                            errors.removeFirst();
                        }
                    }
                }
            } catch (IOException e) {
                // The channel closed: finish() tells what tar said before.
            }
        }, "ssh staging stream error");
        errorPump.setDaemon(true);
        errorPump.start();
        outputPump = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(channel.getInvertedOut(),
                    StandardCharsets.UTF_8))) {
                while (lines.readLine() != null) {
                    extracted.incrementAndGet();
                }
            } catch (IOException e) {
                // The channel closed: the count so far is what finish() compares.
            }
        }, "ssh staging stream output");
        outputPump.setDaemon(true);
        outputPump.start();
    }

    /** Starts {@code tar -x} into {@code folder} (created when missing) on the session. */
    static StagingStream open(ClientSession session, String folder, Duration timeout) throws IOException {
        // -v names each file extracted: the count proves tar read every entry, up to the last.
        ChannelExec channel = session.createExecChannel("mkdir -p -- " + SshTarget.quote(folder) + " && exec tar -x -v"
                + " --keep-old-files --no-same-owner --no-same-permissions -f - -C "
                + SshTarget.quote(folder));
        try {
            channel.open().verify(timeout.toMillis());
            return new StagingStream(folder, channel);
        } catch (IOException | RuntimeException e) {
            channel.close(true);
            throw e;
        }
    }

    String folder() {
        return folder;
    }

    /** Whether {@code remote} is the folder of this stream, or inside it, or holds it. */
    boolean touches(String remote) {
        return remote.equals(folder) || remote.startsWith(folder + "/") || folder.startsWith(remote + "/")
                || remote.equals("/");
    }

    /**
     * Sends a local file as {@code remote}, a path inside the folder.
     *
     * @throws FileAlreadyExistsException when it was staged already
     * @throws IOException when the stream broke (tar failed, the connection dropped)
     */
    synchronized void add(Path localFile, String remote) throws IOException {
        if (failure != null || finished) {
            throw new IOException("the stream into " + folder + " is closed" + (failure == null ? ""
                    : ": " + failure.getMessage()), failure);
        }
        if (!remote.startsWith(folder + "/")) {
            throw new IllegalArgumentException(remote + " is not inside the staging folder " + folder);
        }
        if (staged.containsKey(remote)) {
            throw new FileAlreadyExistsException(remote, null, "staged already");
        }
        long size = Files.size(localFile);
        long second = Instant.now().getEpochSecond();
        TarArchiveEntry entry = new TarArchiveEntry(remote.substring(folder.length() + 1));
        entry.setSize(size);
        entry.setMode(MODE_FILE);
        entry.setModTime(second * 1000);
        try (InputStream in = Files.newInputStream(localFile)) {
            tar.putArchiveEntry(entry);
            long copied = in.transferTo(tar);
            if (copied != size) {
                throw new IOException(localFile + " changed size while it was sent");
            }
            tar.closeArchiveEntry();
        } catch (IOException | RuntimeException e) {
            failure = e instanceof IOException io ? io : new IOException(e);
            // Most often tar stopped: what it said tells why.
            awaitEnd(Duration.ofSeconds(10));
            channel.close(true);
            throw new IOException("sending " + localFile + " to " + remote + " failed" + said(), e);
        }
        staged.put(remote, new FileStamp(size, second * 1_000_000_000L, 0, ""));
    }

    /** The stamp a staged file will have once tar has written it. */
    Optional<FileStamp> stamp(String remote) {
        return Optional.ofNullable(staged.get(remote));
    }

    /**
     * Ends the stream and waits for tar: every staged file is in the folder when this returns.
     *
     * @throws RemoteFailure when tar did not exit with 0, with what it said
     */
    synchronized void finish(Duration timeout) throws IOException {
        if (finished) {
            if (failure != null) {
                throw failure;
            }
            return;
        }
        finished = true;
        try {
            boolean sent = failure == null;
            if (sent) {
                try {
                    tar.finish();
                    tar.close();
                } catch (IOException e) {
                    // tar may stop reading at the end-of-archive blocks, before the padding after
                    // them; whether it got every file, its exit code and count tell below.
                    LOG.debug("ending the tar stream into {}: {}", folder, e.toString());
                }
            }
            var events = channel.waitFor(EnumSet.of(ClientChannelEvent.CLOSED, ClientChannelEvent.EXIT_STATUS,
                    ClientChannelEvent.EXIT_SIGNAL), timeout.toMillis());
            if (events.contains(ClientChannelEvent.TIMEOUT)) {
                throw new RemoteFailure("unpacking into " + folder + " took longer than " + timeout.toSeconds() + " s");
            }
            channel.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), timeout.toMillis());
            errorPump.join(timeout.toMillis());
            outputPump.join(timeout.toMillis());
            Integer status = channel.getExitStatus();
            if (!sent || status == null || status != 0 || extracted.get() != staged.size()) {
                throw new RemoteFailure("unpacking into " + folder + " failed (exit code " + status + ", "
                        + extracted.get() + " of " + staged.size() + " files)" + said());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failure = new java.io.InterruptedIOException("interrupted waiting for tar into " + folder);
            throw failure;
        } catch (IOException e) {
            failure = failure != null && !(e instanceof RemoteFailure) ? failure : e;
            throw e;
        } finally {
            channel.close(true);
        }
    }

    /** Waits (a bounded time) for the channel to close and for what tar said on its way out. */
    private void awaitEnd(Duration timeout) {
        channel.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), timeout.toMillis());
        try {
            errorPump.join(timeout.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private String said() {
        synchronized (errors) {
            return errors.isEmpty() ? "" : ": " + String.join(" / ", errors);
        }
    }
}
