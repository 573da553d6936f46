package dev.stagehand.core.internal.content;

import dev.stagehand.api.target.FileStamp;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** The {@link FileStamp} of a file of this machine, in one metadata call. */
public final class LocalStamps {

    private static final boolean UNIX_ATTRIBUTES = FileSystems.getDefault().supportedFileAttributeViews().contains("unix");
    private static final int S_IFMT = 0170000;
    private static final int S_IFREG = 0100000;

    private LocalStamps() {
    }

    /** The stamp of a local file; empty when it is absent or not a regular file. */
    public static Optional<FileStamp> of(Path file) throws IOException {
        try {
            if (UNIX_ATTRIBUTES) {
                Map<String, Object> unix = Files.readAttributes(file, "unix:size,lastModifiedTime,ctime,ino,dev,mode");
                if (((Integer) unix.get("mode") & S_IFMT) != S_IFREG) {
                    return Optional.empty();
                }
                return Optional.of(new FileStamp((Long) unix.get("size"), nanos((FileTime) unix.get("lastModifiedTime")),
                        nanos((FileTime) unix.get("ctime")), unix.get("dev") + ":" + unix.get("ino")));
            }
            BasicFileAttributes basic = Files.readAttributes(file, BasicFileAttributes.class);
            if (!basic.isRegularFile()) {
                return Optional.empty();
            }
            return Optional.of(new FileStamp(basic.size(), nanos(basic.lastModifiedTime()), 0,
                    basic.fileKey() == null ? "" : basic.fileKey().toString()));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    private static long nanos(FileTime time) {
        return time.to(TimeUnit.NANOSECONDS);
    }
}
