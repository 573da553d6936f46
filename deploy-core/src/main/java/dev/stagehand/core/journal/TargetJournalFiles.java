package dev.stagehand.core.journal;

import dev.stagehand.api.journal.JournalLock;
import dev.stagehand.api.journal.LockRequest;
import dev.stagehand.api.target.Appending;
import dev.stagehand.api.target.DeploymentTarget;
import dev.stagehand.api.target.ExclusiveCreation;
import dev.stagehand.api.target.Flushing;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.NoSuchFileException;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A journal's files on a target, in {@code .deploy/} of its base folder, read and written only
 * through the target's own operations: what is installed on a machine is read from the machine
 * itself, and a remote target module provides nothing but the target. A line is appended with the
 * target's {@link Appending} capability; a target without it gets the whole file rewritten
 * atomically with the new line, a read and a write of everything before it. Every write and
 * append is flushed when the target can flush, before the journal goes on, except a line appended
 * lazily, which the next append, write or {@link #force} of its file flushes.
 */
final class TargetJournalFiles implements JournalFiles {

    /** The folder, relative to the target's base folder. */
    static final String FOLDER = ".deploy";

    private final DeploymentTarget target;
    /** The files with lines appended lazily and not flushed since. */
    private final Set<String> lazy = ConcurrentHashMap.newKeySet();

    TargetJournalFiles(DeploymentTarget target) {
        this.target = target;
    }

    private String path(String name) {
        return target.resolve(FOLDER, name.split("/"));
    }

    @Override
    public Optional<byte[]> read(String name) throws IOException {
        String path = path(name);
        // Read at once, without asking first whether it is there: over SSH each question is a round trip.
        try (InputStream in = target.read(path)) {
            return Optional.of(in.readAllBytes());
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            // A target that tells an absent file by another exception.
            if (!target.exists(path)) {
                return Optional.empty();
            }
            throw e;
        }
    }

    @Override
    public void write(String name, byte[] content) throws IOException {
        target.write(path(name), new ByteArrayInputStream(content));
        flush(name);
    }

    private void flush(String name) throws IOException {
        Optional<Flushing> flushing = target.capability(Flushing.class);
        if (flushing.isPresent()) {
            flushing.get().flush();
        }
        lazy.remove(name);
    }

    @Override
    public void append(String name, byte[] line) throws IOException {
        add(name, line);
        flush(name);
    }

    @Override
    public void appendLazily(String name, byte[] line) throws IOException {
        if (target.capability(Appending.class).isEmpty()) {
            // A rewrite is flushed as it is written: nothing would be saved by waiting.
            append(name, line);
            return;
        }
        add(name, line);
        lazy.add(name);
    }

    private void add(String name, byte[] line) throws IOException {
        Optional<Appending> appending = target.capability(Appending.class);
        if (appending.isPresent()) {
            appending.get().append(path(name), line);
            return;
        }
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        Optional<byte[]> before = read(name);
        if (before.isPresent()) {
            all.write(before.get());
        }
        all.write(line);
        target.write(path(name), new ByteArrayInputStream(all.toByteArray()));
    }

    @Override
    public void force(String name) throws IOException {
        if (lazy.contains(name)) {
            flush(name);
        }
    }

    @Override
    public String describe(String name) {
        return target.name() + ":" + (name.equals(".") ? target.resolve(FOLDER) : path(name));
    }

    /** The lock file {@code .deploy/lock.json} on the target, when the target can create a file exclusively. */
    @Override
    public Optional<JournalLock> lock(LockRequest request) throws IOException, InterruptedException {
        Optional<ExclusiveCreation> exclusive = target.capability(ExclusiveCreation.class);
        if (exclusive.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(TargetLock.acquire(target, exclusive.get(), path(TargetLock.FILE),
                path(TargetLock.HEARTBEAT), request));
    }
}
