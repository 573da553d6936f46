package dev.stagehand.api.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Hex SHA-256 of bytes, streams and files: the fingerprint of every file a deployment writes. */
public final class Sha256 {

    /** Large enough that a read is one system call per 64 KiB, small enough to live on any heap. */
    public static final int BUFFER_SIZE = 64 * 1024;

    private Sha256() {
    }

    /** {@return a new SHA-256 digest; every JDK has one} */
    public static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime provides SHA-256", e);
        }
    }

    /**
     * Reads {@code in} to its end and returns the hex SHA-256 of what it read.
     *
     * @param in the stream, not closed
     * @return the hash in lower-case hex
     * @throws IOException when the stream fails
     */
    public static String of(InputStream in) throws IOException {
        MessageDigest digest = newDigest();
        byte[] buffer = new byte[BUFFER_SIZE];
        int n;
        while ((n = in.read(buffer)) >= 0) {
            digest.update(buffer, 0, n);
        }
        return hex(digest);
    }

    /**
     * Reads a file and returns its hex SHA-256.
     *
     * @param file the file
     * @return the hash in lower-case hex
     * @throws IOException when the file cannot be read
     */
    public static String of(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return of(in);
        }
    }

    /**
     * The hex SHA-256 of some bytes.
     *
     * @param bytes the bytes
     * @return the hash in lower-case hex
     */
    public static String of(byte[] bytes) {
        MessageDigest digest = newDigest();
        digest.update(bytes);
        return hex(digest);
    }

    /**
     * Finishes a digest and returns its hash in lower-case hex.
     *
     * @param digest the digest, reset by this
     * @return the hash
     */
    public static String hex(MessageDigest digest) {
        return HexFormat.of().formatHex(digest.digest());
    }
}
