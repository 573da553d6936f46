package dev.stagehand.core.internal.steps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.stagehand.api.io.Sha256;
import dev.stagehand.api.target.FileStamp;
import dev.stagehand.core.internal.content.LocalStamps;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CopyHasherTest {

    @TempDir
    Path temp;

    @Test
    void aCopyIsRecordedWithItsSourcesHashOnceFinished() throws IOException {
        Path source = Files.writeString(temp.resolve("app.dll"), "app binary\n");
        FileStamp stamp = LocalStamps.of(source).orElseThrow();
        FingerprintCache cache = FingerprintCache.load(temp.resolve("cache.tsv"));
        FileStamp copied = new FileStamp(11, 1, 2, "copy");
        CopyHasher hasher = new CopyHasher(cache, "target local", new SourceHashes());

        hasher.add(new CopyHasher.Copy(source, stamp, "/dest/app.dll", copied));
        hasher.finish();

        FingerprintCache.Entry entry = cache.entry("target local", "/dest/app.dll").orElseThrow();
        assertEquals(Sha256.of(source), entry.sha256());
        assertEquals(copied, entry.stamp());
        assertEquals(Sha256.of(source), cache.sha256(FileDeployer.SOURCE, source.toString(), stamp).orElseThrow());
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(Files.readAllBytes(source));
        assertEquals(crc.getValue(), entry.crc32(), "the CRC-32 from the same read");
        cache.save();
        assertEquals(entry, FingerprintCache.load(temp.resolve("cache.tsv")).entry("target local", "/dest/app.dll")
                .orElseThrow(), "kept in the cache file");
    }

    @Test
    void aSourceChangedSinceItWasCopiedLeavesTheCopyWithoutAHash() throws IOException {
        Path source = Files.writeString(temp.resolve("app.dll"), "app binary\n");
        FileStamp whenCopied = LocalStamps.of(source).orElseThrow();
        Files.writeString(source, "app binary, changed\n");
        FingerprintCache cache = FingerprintCache.load(temp.resolve("cache.tsv"));
        CopyHasher hasher = new CopyHasher(cache, "target local", new SourceHashes());

        hasher.add(new CopyHasher.Copy(source, whenCopied, "/dest/app.dll", new FileStamp(11, 1, 2, "copy")));
        hasher.finish();

        assertEquals(java.util.Optional.empty(), cache.entry("target local", "/dest/app.dll"));
        assertNull(cache.sha256(FileDeployer.SOURCE, source.toString(), whenCopied).orElse(null));
    }
}
