package dev.stagehand.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** The package the kit makes around one step: its manifest and the files the test gives. */
final class MadePackage {

    private MadePackage() {
    }

    /**
     * Writes the package into {@code folder}.
     *
     * @param packageType its {@code packageType}, null for none
     * @param extraXml    more elements of its manifest, empty for none
     */
    static void write(Path folder, String stepXml, String packageType, String extraXml, Map<String, byte[]> files)
            throws IOException {
        Files.createDirectories(folder);
        Files.writeString(folder.resolve("manifest.xml"), "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
                + "<deploymentPackage version=\"1.0\">\n  <packageId>" + StepHarness.PACKAGE_ID + "</packageId>\n"
                + "  <version>" + StepHarness.PACKAGE_VERSION + "</version>\n"
                + (packageType == null ? "" : "  <packageType>" + packageType + "</packageType>\n")
                + (extraXml.isEmpty() ? "" : "  " + extraXml + "\n") + "  <steps>\n    " + stepXml
                + "\n  </steps>\n</deploymentPackage>\n");
        for (Map.Entry<String, byte[]> file : files.entrySet()) {
            Path path = folder.resolve(file.getKey());
            Files.createDirectories(path.getParent());
            Files.write(path, file.getValue());
        }
    }
}
