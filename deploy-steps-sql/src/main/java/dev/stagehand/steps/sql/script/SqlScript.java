package dev.stagehand.steps.sql.script;

import dev.stagehand.api.io.Sha256;
import dev.stagehand.api.io.TextEncoding;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * A script read from a package: its path (as the package names it, for messages) and its text.
 *
 * @param path the path inside the package
 * @param text the text, without byte order mark
 */
public record SqlScript(String path, String text) {

    /** Reads a script: UTF-8 unless a byte order mark says UTF-16. */
    public static SqlScript read(String path, InputStream in) throws IOException {
        return new SqlScript(path, TextEncoding.decodeText(in.readAllBytes()));
    }

    /**
     * The text as patch checksums see it: line endings as {@code \n}, trailing blanks of each
     * line and blank lines at either end dropped. Checking out a script on another OS, or an
     * editor trimming whitespace, is not a change to the patch.
     */
    public static String normalise(String text) {
        // One pass: re-runs of big packages checksum every script, and a split per line dominated that.
        StringBuilder out = new StringBuilder(text.length());
        int newlines = 0;
        int blanksFrom = -1;
        boolean started = false;
        int n = text.length();
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (c == '\r' || c == '\n') {
                if (c == '\r' && i + 1 < n && text.charAt(i + 1) == '\n') {
                    i++;
                }
                blanksFrom = -1;
                if (started) {
                    newlines++;
                }
            } else if (Character.isWhitespace(c)) {
                if (started && blanksFrom < 0) {
                    blanksFrom = i;
                }
            } else {
                if (started) {
                    for (; newlines > 0; newlines--) {
                        out.append('\n');
                    }
                    if (blanksFrom >= 0) {
                        out.append(text, blanksFrom, i);
                    }
                }
                blanksFrom = -1;
                out.append(c);
                started = true;
            }
        }
        return out.toString();
    }

    /** SHA-256 (hex) of the {@linkplain #normalise normalised} text. */
    public String checksum() {
        return checksum(text);
    }

    /** SHA-256 (hex) of the normalised texts, in order, of several scripts forming one patch. */
    public static String checksum(String... texts) {
        MessageDigest digest = Sha256.newDigest();
        for (String text : texts) {
            digest.update(normalise(text).getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0);
        }
        return Sha256.hex(digest);
    }
}
