package dev.stagehand.api.target;

import java.io.IOException;
import java.util.Map;

/**
 * A target capability: the {@link FileStamp}s of every file below a folder in one listing, for a
 * target where each {@link FileStamps#stamp} is a round trip (SFTP), so that comparing the
 * thousands of files of an unchanged upgrade costs a few calls instead of one per file.
 */
public interface FolderStamps {

    /**
     * The stamps of the regular files below {@code folder}, each the one {@link FileStamps#stamp}
     * would tell now. A path missing from the answer may still be there as something else (a
     * link, for one): ask {@link FileStamps#stamp} for it.
     *
     * @param folder a folder in the target's syntax
     * @return each regular file's stamp by its path below {@code folder}, {@code /}-separated;
     *         empty when the folder is absent
     * @throws IOException when the target cannot be asked
     */
    Map<String, FileStamp> stampsBelow(String folder) throws IOException;
}
