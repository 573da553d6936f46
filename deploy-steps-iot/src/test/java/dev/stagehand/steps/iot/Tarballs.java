package dev.stagehand.steps.iot;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;

/** Makes npm-style tarballs (files under package/) as npm pack does. */
final class Tarballs {

    private Tarballs() {
    }

    /** 2026-01-01T00:00:00Z, the modification time of every entry. */
    private static final long FIXED_TIME = 1_767_225_600_000L;

    static byte[] npm(Map<String, String> files) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GzipCompressorOutputStream(bytes))) {
            for (Map.Entry<String, String> file : files.entrySet()) {
                byte[] content = file.getValue().getBytes(StandardCharsets.UTF_8);
                TarArchiveEntry entry = new TarArchiveEntry("package/" + file.getKey());
                entry.setSize(content.length);
                // The same files make the same bytes at any time: a test that builds a tarball twice
                // must not see two packages because a second passed in between.
                entry.setModTime(FIXED_TIME);
                tar.putArchiveEntry(entry);
                tar.write(content);
                tar.closeArchiveEntry();
            }
        }
        return bytes.toByteArray();
    }

    static String packageJson(String name, String version, String extra) {
        return "{\"name\":\"" + name + "\",\"version\":\"" + version + "\",\"description\":\"" + name + " package\""
                + extra + "}";
    }

    static String tasksLibrary(String... tasks) {
        StringBuilder list = new StringBuilder();
        for (String task : tasks) {
            list.append(list.isEmpty() ? "" : ",").append("{\"name\":\"").append(task).append("\"}");
        }
        return ",\"criticalManufacturing\":{\"tasksLibrary\":{\"displayName\":\"Tasks\",\"metadata\":{\"tasks\":["
                + list + "],\"converters\":[{\"name\":\"toText\"}]}}}";
    }
}
