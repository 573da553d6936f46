package dev.stagehand.core.internal.steps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stagehand.api.io.Sha256;
import dev.stagehand.api.target.FileStamp;
import dev.stagehand.core.internal.content.LocalStamps;
import dev.stagehand.core.target.LocalTarget;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The hashes of local files, shared by the deployments of a group. */
class SourceHashesTest {

    private static final Path PACKAGE = BusinessPackage.FOLDER;
    private static final List<String> FILES = BusinessPackage.FILES;

    @TempDir
    Path temp;

    /** Counts the files it reads, and how many it reads at once at most. */
    private static final class CountingReader implements SourceHashes.Reader {
        final List<Path> read = java.util.Collections.synchronizedList(new ArrayList<>());
        final AtomicInteger reading = new AtomicInteger();
        final AtomicInteger most = new AtomicInteger();
        volatile CountDownLatch gate;

        @Override
        public CopyHasher.Hashes read(Path file) throws IOException {
            most.accumulateAndGet(reading.incrementAndGet(), Math::max);
            try {
                read.add(file);
                if (gate != null) {
                    gate.await(10, TimeUnit.SECONDS);
                }
                return CopyHasher.hash(file);
            } catch (InterruptedException e) {
                throw new IOException(e);
            } finally {
                reading.decrementAndGet();
            }
        }
    }

    private Path packageCopy(String name) throws IOException {
        return BusinessPackage.copyInto(temp.resolve(name));
    }

    private static FileStamp stamp(Path file) throws IOException {
        return LocalStamps.of(file).orElseThrow();
    }

    @Test
    void twoTargetsUpgradedAtOnceToTheSamePackageReadEachOfItsFilesOnce() throws Exception {
        LocalTarget target = new LocalTarget(temp);
        Path old = packageCopy("1.0.0");
        for (String box : List.of("a", "b")) {
            new FileDeployer(target, temp.resolve(box + ".fingerprints"), 1).deploy(old, FILES,
                    temp.resolve(box).toString());
        }
        Path upgrade = packageCopy("1.0.1");
        CountingReader reader = new CountingReader();
        SourceHashes shared = new SourceHashes(2, reader);

        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<FileDeployer.Result>> results = new ArrayList<>();
            for (String box : List.of("a", "b")) {
                results.add(pool.submit(() -> new FileDeployer(target, temp.resolve(box + ".fingerprints"), 1)
                        .withSourceHashes(shared).deploy(upgrade, FILES, temp.resolve(box).toString())));
            }
            for (Future<FileDeployer.Result> result : results) {
                assertEquals(4, result.get().unchanged());
                assertEquals(Sha256.of(upgrade.resolve("bin/app.dll")), result.get().files().get(0).sha256());
            }
        } finally {
            pool.shutdownNow();
        }

        assertEquals(4, reader.read.size(), reader.read::toString);
        assertEquals(4, reader.read.stream().distinct().count(), reader.read::toString);
    }

    @Test
    void aFileAskedForByTwoThreadsAtOnceIsReadOnceAndBothGetItsHash() throws Exception {
        Path file = packageCopy("p").resolve("bin/app.dll");
        CountingReader reader = new CountingReader();
        reader.gate = new CountDownLatch(1);
        SourceHashes hashes = new SourceHashes(2, reader);

        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<CopyHasher.Hashes> first = pool.submit(() -> hashes.of(file, stamp(file)));
            while (reader.read.isEmpty()) {
                Thread.onSpinWait();
            }
            Future<CopyHasher.Hashes> second = pool.submit(() -> hashes.of(file, stamp(file)));
            reader.gate.countDown();

            assertEquals(Sha256.of(file), first.get().sha256());
            assertEquals(first.get(), second.get());
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, reader.read.size());
    }

    @Test
    void noMoreFilesAreReadAtOnceThanItAllowsHoweverManyThreadsAsk() throws Exception {
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            files.add(Files.writeString(temp.resolve("f" + i), "file " + i));
        }
        CountingReader reader = new CountingReader();
        reader.gate = new CountDownLatch(1);
        SourceHashes hashes = new SourceHashes(2, reader);

        ExecutorService pool = Executors.newFixedThreadPool(12);
        try {
            List<Future<CopyHasher.Hashes>> asked = new ArrayList<>();
            for (Path file : files) {
                asked.add(pool.submit(() -> hashes.of(file, stamp(file))));
            }
            // Every caller has either started its read or queued for a core; the readers are held at the gate.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (reader.read.size() + hashes.waiting() < files.size() && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            assertEquals(2, reader.reading.get());
            assertEquals(10, hashes.waiting());
            reader.gate.countDown();
            for (int i = 0; i < files.size(); i++) {
                assertEquals(Sha256.of(files.get(i)), asked.get(i).get().sha256());
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(2, reader.most.get());
        assertEquals(12, reader.read.size());
    }

    @Test
    void aFileIsReadAgainOnlyWhenItsStampChanged() throws Exception {
        Path file = Files.writeString(temp.resolve("f"), "first");
        CountingReader reader = new CountingReader();
        SourceHashes hashes = new SourceHashes(1, reader);

        hashes.of(file, stamp(file));
        hashes.of(file, stamp(file));
        assertEquals(1, reader.read.size());
        assertTrue(hashes.holds(file, stamp(file)));

        Files.writeString(file, "second, longer");
        assertEquals(Sha256.of(file), hashes.of(file, stamp(file)).sha256());
        assertEquals(2, reader.read.size());
    }

    @Test
    void aFileChangedWhileItWasReadIsNotKept() throws Exception {
        Path file = Files.writeString(temp.resolve("f"), "first");
        FileStamp before = stamp(file);
        Files.writeString(file, "changed before the read, after its stamp was taken");
        CountingReader reader = new CountingReader();
        SourceHashes hashes = new SourceHashes(1, reader);

        hashes.of(file, before);
        hashes.of(file, before);

        assertEquals(2, reader.read.size(), "a hash that does not hold for the stamp it was asked with is not kept");
        assertFalse(hashes.holds(file, before));
    }

    @Test
    void aReadThatFailedForOneCallerIsReadAgainByTheOneWaitingForIt() throws Exception {
        Path file = Files.writeString(temp.resolve("f"), "content");
        CountDownLatch firstStarted = new CountDownLatch(1);
        CountDownLatch secondWaits = new CountDownLatch(1);
        AtomicInteger calls = new AtomicInteger();
        SourceHashes hashes = new SourceHashes(2, f -> {
            if (calls.incrementAndGet() == 1) {
                firstStarted.countDown();
                try {
                    secondWaits.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    throw new IOException(e);
                }
                // As a read of a deployment that was stopped: its thread interrupted.
                throw new java.nio.channels.ClosedByInterruptException();
            }
            return CopyHasher.hash(f);
        });

        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<CopyHasher.Hashes> stopped = pool.submit(() -> hashes.of(file, stamp(file)));
            firstStarted.await(10, TimeUnit.SECONDS);
            Future<CopyHasher.Hashes> other = pool.submit(() -> hashes.of(file, stamp(file)));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (hashes.waitingFor(file, stamp(file)) < 1 && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            assertEquals(1, hashes.waitingFor(file, stamp(file)), "the other caller waits for the first one's read");
            secondWaits.countDown();

            java.util.concurrent.ExecutionException failed = assertThrows(
                    java.util.concurrent.ExecutionException.class, stopped::get);
            assertTrue(failed.getCause() instanceof java.nio.channels.ClosedByInterruptException, failed::toString);
            assertEquals(Sha256.of(file), other.get().sha256(), "another target's deployment does not fail with it");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aReadThatFailedIsNotKeptAndTheNextAskReadsAgain() throws Exception {
        Path file = Files.writeString(temp.resolve("f"), "content");
        AtomicInteger calls = new AtomicInteger();
        SourceHashes hashes = new SourceHashes(1, f -> {
            if (calls.incrementAndGet() == 1) {
                throw new IOException("the disk hiccupped on " + f);
            }
            return CopyHasher.hash(f);
        });

        IOException failed = assertThrows(IOException.class, () -> hashes.of(file, stamp(file)));
        assertTrue(failed.getMessage().contains("hiccupped"), failed.getMessage());
        assertEquals(Sha256.of(file), hashes.of(file, stamp(file)).sha256());
        assertEquals(2, calls.get());
    }
}
