package dev.stagehand.core;

import dev.stagehand.core.plan.LoadedPackage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stagehand.api.ManifestException;
import dev.stagehand.api.model.PackageManifest;
import dev.stagehand.core.internal.packages.ZipPackage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ZipPackageTest {

    @TempDir
    Path temp;

    /** Zips a fixture folder, each entry under {@code prefix}. */
    private Path zipFolder(Path folder, String prefix, String zipName) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                entries.put(prefix + folder.relativize(file).toString().replace('\\', '/'), Files.readAllBytes(file));
            }
        }
        return zip(zipName, entries);
    }

    private Path zip(String zipName, Map<String, byte[]> entries) throws IOException {
        Path zip = temp.resolve(zipName);
        try (OutputStream out = Files.newOutputStream(zip); ZipOutputStream zipOut = new ZipOutputStream(out)) {
            for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
                zipOut.putNextEntry(new ZipEntry(entry.getKey()));
                zipOut.write(entry.getValue());
                zipOut.closeEntry();
            }
        }
        return zip;
    }

    @Test
    void readsAZippedPackageWithItsInjectedUi() throws Exception {
        Path zip = zipFolder(Fixtures.manifest("real-format"), "", "Cmf.Custom.Database.1.2.0.zip");

        LoadedPackage loaded = PackageReader.read(zip);

        PackageManifest m = loaded.manifest();
        assertTrue(loaded.zipped());
        assertEquals("Cmf.Custom.Database", m.id());
        assertEquals(4, m.ui().variables().size());
        assertTrue(m.location().file().endsWith("Cmf.Custom.Database.1.2.0.zip!/manifest.xml"), m.location().file());
        assertTrue(m.ui().variables().get(0).location().file().endsWith(".zip!/ui.xml"));
    }

    @Test
    void acceptsAZipWhoseManifestIsInItsSingleTopFolder() throws Exception {
        Path zip = zipFolder(Fixtures.manifest("real-format"), "Cmf.Custom.Database.1.2.0/", "wrapped.zip");

        assertEquals("1.2.0", PackageReader.read(zip).manifest().version());
        assertTrue(PackageReader.isPackage(zip));
    }

    @Test
    void extractsThePackageRootOfAZip() throws Exception {
        Path zip = zipFolder(Fixtures.manifest("real-format"), "Wrapped/", "wrapped.zip");
        Path target = temp.resolve("unpacked");

        try (ZipPackage opened = ZipPackage.open(zip, "wrapped.zip")) {
            opened.extractTo(target);
        }

        assertEquals("SELECT 1;\n", Files.readString(target.resolve("Online/001-tables.sql")));
        assertTrue(Files.isRegularFile(target.resolve("manifest.xml")));
    }

    @Test
    void refusesAZipWithAnEntryThatClimbsOutOfItsFolder() throws Exception {
        Path zip = zip("slip.zip", entries("manifest.xml", "<deploymentPackage/>", "../evil.txt", "owned"));

        ManifestException e = assertThrows(ManifestException.class, () -> PackageReader.read(zip));

        assertTrue(e.reason().contains("zip entry '../evil.txt' is refused"), e.reason());
        assertTrue(e.location().file().endsWith("slip.zip"));
        Path target = temp.resolve("a/b");
        assertThrows(ManifestException.class, () -> ZipPackage.open(zip, "slip.zip").extractTo(target));
        assertFalse(Files.exists(temp.resolve("a/evil.txt")));
        assertFalse(Files.exists(target));
    }

    @Test
    void refusesAZipWithAnAbsoluteOrDriveEntry() throws Exception {
        for (String evil : List.of("/etc/evil.txt", "C:\\evil.txt", "sub\\..\\..\\evil.txt")) {
            Path zip = zip("abs.zip", entries("manifest.xml", "<deploymentPackage/>", evil, "owned"));
            ManifestException e = assertThrows(ManifestException.class, () -> PackageReader.read(zip), evil);
            assertTrue(e.reason().contains("is refused"), e.reason());
        }
    }

    @Test
    void aCorruptZipIsAClearError() throws Exception {
        Path zip = temp.resolve("broken.zip");
        Files.writeString(zip, "this is not a zip");

        ManifestException e = assertThrows(ManifestException.class, () -> PackageReader.read(zip));

        assertTrue(e.reason().startsWith("not a readable zip file"), e.reason());
    }

    @Test
    void aZipWithoutManifestIsNotAPackage() throws Exception {
        Path zip = zip("empty.zip", entries("readme.txt", "hello"));

        ManifestException e = assertThrows(ManifestException.class, () -> PackageReader.read(zip));

        assertEquals("the package has no manifest.xml at its root", e.reason());
    }

    private static Map<String, byte[]> entries(String... nameThenContent) {
        Map<String, byte[]> map = new LinkedHashMap<>();
        for (int i = 0; i < nameThenContent.length; i += 2) {
            map.put(nameThenContent[i], nameThenContent[i + 1].getBytes(StandardCharsets.UTF_8));
        }
        return map;
    }
}
