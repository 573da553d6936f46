package dev.stagehand.api.io;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The encoding of a text file as its byte order mark says: UTF-8 (with or without a mark),
 * UTF-16 little or big endian. Files written back keep the mark they were read with.
 *
 * @param charset the encoding
 * @param bom     the byte order mark the file starts with (empty when none)
 */
public record TextEncoding(Charset charset, byte[] bom) {

    private static final byte[] NONE = {};
    private static final byte[] UTF8_BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
    private static final byte[] UTF16LE_BOM = {(byte) 0xFF, (byte) 0xFE};
    private static final byte[] UTF16BE_BOM = {(byte) 0xFE, (byte) 0xFF};

    /** UTF-8 without a byte order mark. */
    public static final TextEncoding UTF8 = new TextEncoding(StandardCharsets.UTF_8, NONE);

    /**
     * Keeps its own copy of the mark: a record's arrays are otherwise shared.
     *
     * @param charset the encoding
     * @param bom the byte order mark the file starts with (empty when none)
     */
    public TextEncoding {
        bom = bom.clone();
    }

    /** {@return a copy of the mark, so that no caller changes this encoding} */
    @Override
    public byte[] bom() {
        return bom.clone();
    }

    /** {@return the number of bytes of the mark} */
    public int bomLength() {
        return bom.length;
    }

    /** {@return true when files in this encoding start with a mark} */
    public boolean hasBom() {
        return bom.length > 0;
    }

    /**
     * What the first bytes of a file say; {@code fallback} (its charset, no mark) when they start with no mark.
     *
     * @param head the first bytes of the file (three are enough: no mark is longer)
     * @param length how many of {@code head} were read
     * @param fallback the charset to assume when there is no mark
     * @return the encoding, with its mark
     */
    public static TextEncoding sniff(byte[] head, int length, Charset fallback) {
        if (startsWith(head, length, UTF8_BOM)) {
            return new TextEncoding(StandardCharsets.UTF_8, UTF8_BOM);
        }
        if (startsWith(head, length, UTF16LE_BOM)) {
            return new TextEncoding(StandardCharsets.UTF_16LE, UTF16LE_BOM);
        }
        if (startsWith(head, length, UTF16BE_BOM)) {
            return new TextEncoding(StandardCharsets.UTF_16BE, UTF16BE_BOM);
        }
        return fallback.equals(StandardCharsets.UTF_8) ? UTF8 : new TextEncoding(fallback, NONE);
    }

    /**
     * What a whole file's bytes say, UTF-8 when they start with no mark.
     *
     * @param bytes the file's content
     * @return the encoding, with its mark
     */
    public static TextEncoding sniff(byte[] bytes) {
        return sniff(bytes, bytes.length, StandardCharsets.UTF_8);
    }

    /**
     * The text of {@code bytes} without the mark, replacing what the encoding cannot decode.
     *
     * @param bytes the file's content, with or without the mark
     * @return the text
     */
    public String decode(byte[] bytes) {
        return new String(bytes, bom.length, bytes.length - bom.length, charset);
    }

    /**
     * The text of {@code bytes} without the mark.
     *
     * @param bytes the file's content, with or without the mark
     * @return the text
     * @throws CharacterCodingException when the bytes are not valid in this encoding
     */
    public String decodeStrictly(byte[] bytes) throws CharacterCodingException {
        return charset.newDecoder().decode(ByteBuffer.wrap(bytes, bom.length, bytes.length - bom.length)).toString();
    }

    /**
     * {@code text} in this encoding, preceded by the mark.
     *
     * @param text the text to write
     * @return the bytes of the file
     * @throws CharacterCodingException when the encoding cannot hold a character of the text
     */
    public byte[] encode(String text) throws CharacterCodingException {
        ByteBuffer encoded = charset.newEncoder().encode(CharBuffer.wrap(withoutBom(text)));
        byte[] bytes = new byte[bom.length + encoded.remaining()];
        System.arraycopy(bom, 0, bytes, 0, bom.length);
        encoded.get(bytes, bom.length, encoded.remaining());
        return bytes;
    }

    /**
     * Decodes a whole file's bytes as its mark says (UTF-8 without one).
     *
     * @param bytes the file's content
     * @return the text, without the mark
     */
    public static String decodeText(byte[] bytes) {
        return sniff(bytes).decode(bytes);
    }

    /**
     * {@code text} without a leading U+FEFF, as a parser that was handed decoded text wants it.
     *
     * @param text decoded text
     * @return the text without its mark
     */
    public static String withoutBom(String text) {
        return text.startsWith("\uFEFF") ? text.substring(1) : text;
    }

    private static boolean startsWith(byte[] bytes, int length, byte[] prefix) {
        if (length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (bytes[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TextEncoding other && charset.equals(other.charset) && Arrays.equals(bom, other.bom);
    }

    @Override
    public int hashCode() {
        return charset.hashCode() * 31 + Arrays.hashCode(bom);
    }

    @Override
    public String toString() {
        return charset.name() + (bom.length > 0 ? " with BOM" : "");
    }
}
