package dev.stagehand.target.ssh;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.session.ClientSession;

/**
 * One {@code sh -s} kept open on an exec channel, running the target's helper commands
 * ({@code sha256sum}, {@code sync}, {@code rm}, {@code cp}, {@code mktemp}) one after the other.
 *
 * <p>Why: the server starts every exec channel through the user's login shell, which reads the
 * user's rc files first; on a machine whose {@code .bashrc} runs a tool's setup (pyenv, conda,
 * nvm) that is a few hundred milliseconds per channel, and such setups take locks: 16 shells
 * starting at once queued on pyenv's rehash lock for minutes (the "hang" of issue 15). A kept
 * shell pays that once. Each command runs in a subshell with {@code /dev/null} as its input, so
 * it can neither read the next command nor end this shell; after it the shell prints a marker
 * (random per shell, so no file content can forge it) with the exit code on standard output and
 * a marker on standard error, which end the command's output.
 */
final class HelperShell implements AutoCloseable {

    /** What a command printed, with its exit code. */
    record Output(int exitCode, String output, String error) {
    }

    private final ChannelExec channel;
    private final OutputStream in;
    private final BlockingQueue<String> outLines = new LinkedBlockingQueue<>();
    private final BlockingQueue<String> errLines = new LinkedBlockingQueue<>();
    private final String mark = "stagehand-done-" + UUID.randomUUID();
    private final ClientSession session;
    private volatile boolean broken;

    private HelperShell(ClientSession session, ChannelExec channel) {
        this.session = session;
        this.channel = channel;
        this.in = channel.getInvertedIn();
    }

    /** Opens a shell on {@code session}; it has answered a first (empty) command when this returns. */
    static HelperShell open(ClientSession session, Duration timeout) throws IOException {
        ChannelExec channel = session.createExecChannel("exec sh -s");
        try {
            channel.open().verify(timeout.toMillis());
            HelperShell shell = new HelperShell(session, channel);
            shell.pump(channel, true);
            shell.pump(channel, false);
            // Whatever the user's rc files print comes before this first marker and is dropped.
            shell.run(":", timeout);
            return shell;
        } catch (IOException | RuntimeException e) {
            channel.close(true);
            throw e;
        }
    }

    private void pump(ChannelExec channel, boolean output) {
        BlockingQueue<String> lines = output ? outLines : errLines;
        Thread pump = new Thread(() -> {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(output ? channel.getInvertedOut()
                    : channel.getInvertedErr(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    lines.put(line);
                }
            } catch (IOException e) {
                broken = true;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                broken = true;
                // Wakes a reader waiting for a marker that will not come.
                lines.offer(mark + " EOF");
            }
        }, "ssh helper shell " + (output ? "output" : "error"));
        pump.setDaemon(true);
        pump.start();
    }

    /** Whether this shell can take a command: its channel is open on the session it was made for. */
    boolean usableOn(ClientSession current) {
        return !broken && current == session && channel.isOpen() && !channel.isClosing();
    }

    /**
     * Runs one command (a line of POSIX shell) and waits for it.
     *
     * @throws RemoteFailure when it ran past {@code timeout} (the shell is then closed)
     * @throws IOException when the channel broke
     */
    Output run(String command, Duration timeout) throws IOException {
        if (broken) {
            throw new IOException("the helper shell's channel is closed");
        }
        // Each marker starts a line of its own even when the command's output does not end with one.
        String script = "( " + command + "\n) </dev/null; printf '\\n%s %s\\n' '" + mark + "' \"$?\";"
                + " printf '\\n%s\\n' '" + mark + "' >&2\n";
        in.write(script.getBytes(StandardCharsets.UTF_8));
        in.flush();
        long deadline = System.nanoTime() + timeout.toNanos();
        StringBuilder out = new StringBuilder();
        String status = read(outLines, out, deadline, timeout);
        StringBuilder err = new StringBuilder();
        read(errLines, err, deadline, timeout);
        if (status.equals("EOF")) {
            throw new IOException("the helper shell's channel closed while a command ran: " + err.toString().trim());
        }
        return new Output(Integer.parseInt(status), out.toString(), err.toString().trim());
    }

    /** The lines up to the marker into {@code text}; what follows the marker (the exit code, or EOF). */
    private String read(BlockingQueue<String> lines, StringBuilder text, long deadline, Duration timeout)
            throws IOException {
        String previous = null;
        try {
            while (true) {
                String line = lines.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (line == null) {
                    close();
                    throw new RemoteFailure("took longer than " + timeout.toSeconds() + " s");
                }
                if (line.startsWith(mark)) {
                    // The line before the marker is the one printf started: empty unless output lacked a newline.
                    if (previous != null && !previous.isEmpty()) {
                        text.append(previous);
                    }
                    return line.substring(mark.length()).trim();
                }
                if (previous != null) {
                    text.append(previous).append('\n');
                }
                previous = line;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
            throw new java.io.InterruptedIOException("interrupted waiting for a helper command");
        }
    }

    @Override
    public void close() {
        broken = true;
        channel.close(true);
    }
}
