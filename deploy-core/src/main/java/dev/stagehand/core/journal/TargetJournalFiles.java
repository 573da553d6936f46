package dev.stagehand.core.journal;

import dev.stagehand.api.journal.JournalLock;
import dev.stagehand.api.journal.LockRequest;
import dev.stagehand.api.target.DeploymentTarget;
import dev.stagehand.api.target.ExclusiveCreation;
import dev.stagehand.api.target.Flushing;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.NoSuchFileException;
import java.util.Optional;

/**
 * A journal's files on a target, in {@code .deploy/} of its base folder, read and written only
 * through the target's own operations: what is installed on a machine is read from the machine
 * itself, and a remote target module provides nothing but the target. A target has no append, so
 * an appended line rewrites its (small) file atomically; every write is flushed when the target
 * can flush, before the journal goes on.
 */
final class TargetJournalFiles implements JournalFiles {

    /** The folder, relative to the target's base folder. */
    static final String FOLDER = ".deploy";

    private final DeploymentTarget target;

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
        Optional<Flushing> flushing = target.capability(Flushing.class);
        if (flushing.isPresent()) {
            flushing.get().flush();
        }
    }

    @Override
    public void append(String name, byte[] line) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        Optional<byte[]> before = read(name);
        if (before.isPresent()) {
            all.write(before.get());
        }
        all.write(line);
        write(name, all.toByteArray());
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
