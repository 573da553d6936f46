package dev.stagehand.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/** The file trees the file benchmarks deploy: random bytes, sizes spread around the mean. */
final class RandomFiles {

    private RandomFiles() {
    }

    /**
     * Writes {@code files} files of random bytes, {@code total} bytes in all, as
     * {@code dir<i % folders>/file<i>.bin} under {@code bin}.
     */
    static void write(Path bin, int files, long total, int folders, Random random) throws IOException {
        long mean = total / files;
        byte[] block = new byte[(int) (mean * 2)];
        long written = 0;
        for (int i = 0; i < files; i++) {
            long size = i == files - 1 ? Math.max(0, total - written)
                    : Math.min(block.length, (long) (random.nextDouble() * 2 * mean));
            random.nextBytes(block);
            Path file = Files.createDirectories(bin.resolve("dir" + (i % folders))).resolve("file" + i + ".bin");
            try (OutputStream out = Files.newOutputStream(file)) {
                long left = size;
                while (left > 0) {
                    int n = (int) Math.min(left, block.length);
                    out.write(block, 0, n);
                    left -= n;
                }
            }
            written += size;
        }
    }
}
