package dev.stagehand.api.spi;

/**
 * What a package records of one of its files without its content being read: a zip entry's
 * uncompressed size and CRC-32 from the zip's central directory.
 *
 * <p>A CRC-32 tells a changed file from the one recorded with a chance of 1 in 2<sup>32</sup> of
 * missing a change (two different contents of the same size with the same CRC-32); it is no
 * defence against someone who chooses the content. The engine compares it only with the CRC-32
 * of a file it wrote itself and that is unchanged since, going by its stamp.
 *
 * @param size  the file's size in bytes, not negative
 * @param crc32 the CRC-32 of the file's content, from 0 to 2<sup>32</sup>-1
 */
public record RecordedContent(long size, long crc32) {

    /**
     * Refuses a negative size or a CRC-32 outside 32 bits.
     *
     * @param size  the file's size in bytes, not negative
     * @param crc32 the CRC-32 of the file's content, from 0 to 2<sup>32</sup>-1
     */
    public RecordedContent {
        if (size < 0) {
            throw new IllegalArgumentException("a size of " + size + " bytes");
        }
        if (crc32 < 0 || crc32 > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("a CRC-32 of " + crc32 + " is not 32 bits");
        }
    }
}
