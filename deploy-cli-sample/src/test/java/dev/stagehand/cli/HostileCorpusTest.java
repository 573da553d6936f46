package dev.stagehand.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stagehand.api.io.Sha256;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.apache.commons.io.file.PathUtils;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The hostile corpus: one folder per case under {@code src/test/resources/hostile/}, each with its
 * package source, its parameters and {@code case.properties} saying what {@code validate},
 * {@code plan} and {@code install} must answer (exit code, a message fragment, the location it
 * names); validate gets the case's parameters and values too. Cases that cannot be committed (links, zip bombs, forged zips, files of MiB) are made
 * here, from the {@code generate} key. Every case runs through the three commands, which must
 * never print a stack trace nor change the target or the state folder.
 */
class HostileCorpusTest {

    private static final Path CORPUS = Path.of("src/test/resources/hostile");
    private static final List<String> COMMANDS = List.of("validate", "plan", "install");

    @TempDir
    Path temp;

    static Stream<String> cases() throws IOException {
        try (Stream<Path> folders = Files.list(CORPUS)) {
            return folders.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void everyCommandRefusesTheCaseWithALocatedErrorAndChangesNothing(String name) throws Exception {
        Path folder = temp.resolve("case");
        PathUtils.copyDirectory(CORPUS.resolve(name), folder);
        Properties expected = new Properties();
        try (InputStream in = Files.newInputStream(folder.resolve("case.properties"))) {
            expected.load(new java.io.InputStreamReader(in, StandardCharsets.UTF_8));
        }
        Path source = folder.resolve("source");
        Files.createDirectories(source);
        String generator = expected.getProperty("generate");
        if (generator != null) {
            generate(generator, folder);
        }
        Path target = temp.resolve("target");
        Path state = temp.resolve("state");
        // What is there already, and what a step that got through would change.
        Files.createDirectories(target.resolve("outside"));
        Files.writeString(target.resolve("outside/app.json"), "{\"name\": \"untouched\"}\n");
        Files.writeString(target.resolve("keep.txt"), "kept\n");
        Map<String, String> before = snapshot(target, state);

        for (String command : COMMANDS) {
            CliRun run = CliRun.of(arguments(command, expected, folder, target, state));
            String output = run.out() + run.err();
            String what = name + ": deploy " + command + "\n" + output;

            assertEquals(Integer.parseInt(expected.getProperty(command + ".exit")), run.exitCode(), what);
            for (String fragment : expected.getProperty(command + ".expect").split(" && ")) {
                assertTrue(output.contains(fragment), "expected '" + fragment + "' in " + what);
            }
            String where = expected.getProperty(command + ".where");
            if (run.exitCode() != 0) {
                assertTrue(where != null && output.contains(where), "expected the location '" + where + "' in " + what);
            }
            assertFalse(output.contains("at dev.stagehand") || output.contains("Exception in thread")
                    || output.contains("\tat "), "a stack trace in " + what);
            String absent = expected.getProperty("absent");
            if (absent != null) {
                assertFalse(output.contains(absent), "'" + absent + "' printed by " + what);
            }
            assertEquals(before, snapshot(target, state), "deploy " + command + " changed the target or the state of "
                    + name);
        }
    }

    private static String[] arguments(String command, Properties expected, Path folder, Path target, Path state) {
        List<String> args = new ArrayList<>();
        args.add(command);
        if (command.equals("validate")) {
            args.add(folder.resolve("source").toString());
        } else {
            args.addAll(List.of("--source", folder.resolve("source").toString(), "--root", expected.getProperty("root"),
                    "--state", state.toString()));
            if (command.equals("install")) {
                args.add("--yes");
            }
        }
        // validate takes the same values, so that it checks what depends on them as plan does
        args.addAll(List.of("--set", "Target=" + target.toString().replace('\\', '/')));
        if (Files.isRegularFile(folder.resolve("parameters.json"))) {
            args.addAll(List.of("--parameters", folder.resolve("parameters.json").toString()));
        }
        String extra = expected.getProperty("args");
        if (extra != null) {
            args.addAll(Arrays.asList(extra.trim().split("\\s+")));
        }
        return args.toArray(String[]::new);
    }

    /**
     * Every file under the folders with its content's hash, and every folder: what a command must
     * leave as it found it. A state folder that did not exist must not exist afterwards either.
     */
    private static Map<String, String> snapshot(Path... folders) throws IOException {
        Map<String, String> all = new TreeMap<>();
        for (Path folder : folders) {
            if (!Files.exists(folder, LinkOption.NOFOLLOW_LINKS)) {
                continue;
            }
            try (Stream<Path> files = Files.walk(folder)) {
                for (Path p : files.toList()) {
                    all.put(p.toString(), Files.isDirectory(p) ? "folder" : Sha256.of(p));
                }
            }
        }
        return all;
    }

    // ---- cases made at test time ----

    private static final String MANIFEST = """
            <?xml version="1.0" encoding="utf-8"?>
            <deploymentPackage version="1.0">
              <packageId>Root</packageId>
              <packageType>Business</packageType>
              <version>1.0.0</version>
              <targetDirectory>$(Target)/app</targetDirectory>
              <steps>
                <step type="DeployFiles" contentPath="bin/**" />
              </steps>
            </deploymentPackage>
            """;

    private void generate(String generator, Path folder) throws IOException {
        Path source = folder.resolve("source");
        Path zip = source.resolve("Root.1.0.0.zip");
        switch (generator) {
            case "symlink-injection" -> {
                Path secret = temp.resolve("outside-the-package/secret.xml");
                Files.createDirectories(secret.getParent());
                Files.writeString(secret, "<ui><wizardStep id=\"OUTSIDE-SECRET\" title=\"OUTSIDE-SECRET\"/></ui>\n");
                Files.createSymbolicLink(source.resolve("Root.1.0.0/ui.xml"), secret);
            }
            case "zip-slip" -> zip(zip, Map.of("manifest.xml", MANIFEST.getBytes(StandardCharsets.UTF_8),
                    "bin/app.json", "{}".getBytes(StandardCharsets.UTF_8),
                    "../evil.txt", "owned".getBytes(StandardCharsets.UTF_8)));
            case "zip-bomb-content" -> zip(zip, Map.of("manifest.xml", MANIFEST.getBytes(StandardCharsets.UTF_8),
                    "bin/zeros.bin", new byte[16 << 20]));
            case "zip-bomb-manifest" -> {
                byte[] padded = (MANIFEST + "<!--" + " ".repeat(8 << 20) + "-->\n").getBytes(StandardCharsets.UTF_8);
                zip(zip, Map.of("manifest.xml", padded));
            }
            case "zip-lying-header" -> {
                byte[] big = (MANIFEST + "<!--" + "x".repeat(6 << 20) + "-->\n").getBytes(StandardCharsets.UTF_8);
                zip(zip, Map.of("manifest.xml", big));
                forgeUncompressedSizes(zip, 40);
            }
            case "zip-too-many-entries" -> {
                Map<String, byte[]> entries = new TreeMap<>();
                entries.put("manifest.xml", MANIFEST.getBytes(StandardCharsets.UTF_8));
                for (int i = 0; i < 119; i++) {
                    entries.put("bin/file" + i + ".txt", ("file " + i).getBytes(StandardCharsets.UTF_8));
                }
                zip(zip, entries);
            }
            case "zip-total-bytes" -> {
                Map<String, byte[]> entries = new TreeMap<>();
                entries.put("manifest.xml", MANIFEST.getBytes(StandardCharsets.UTF_8));
                Random random = new Random(42);
                for (int i = 0; i < 3; i++) {
                    byte[] noise = new byte[400_000];
                    random.nextBytes(noise);
                    entries.put("bin/noise" + i + ".bin", noise);
                }
                zip(zip, entries);
            }
            case "oversized-manifest" -> {
                Path manifest = source.resolve("Root.1.0.0/manifest.xml");
                Files.createDirectories(manifest.getParent());
                Files.writeString(manifest, MANIFEST + "<!--" + " ".repeat(5 << 20) + "-->\n");
            }
            case "parameters-oversized-value" -> Files.writeString(folder.resolve("parameters.json"),
                    "{\"Big\": \"" + "v".repeat(2 << 20) + "\"}\n");
            default -> throw new IllegalArgumentException("no generator " + generator);
        }
    }

    private static void zip(Path zip, Map<String, byte[]> entries) throws IOException {
        try (OutputStream out = Files.newOutputStream(zip); ZipOutputStream zipOut = new ZipOutputStream(out)) {
            for (Map.Entry<String, byte[]> entry : new TreeMap<>(entries).entrySet()) {
                zipOut.putNextEntry(new ZipEntry(entry.getKey()));
                zipOut.write(entry.getValue());
                zipOut.closeEntry();
            }
        }
    }

    /** Rewrites the uncompressed size of every entry in the zip's central directory: a forged header. */
    private static void forgeUncompressedSizes(Path zip, int claimed) throws IOException {
        byte[] bytes = Files.readAllBytes(zip);
        try (RandomAccessFile file = new RandomAccessFile(zip.toFile(), "rw")) {
            for (int i = 0; i + 46 <= bytes.length; i++) {
                if (bytes[i] == 0x50 && bytes[i + 1] == 0x4b && bytes[i + 2] == 0x01 && bytes[i + 3] == 0x02) {
                    file.seek(i + 24);
                    file.write(new byte[] {(byte) claimed, (byte) (claimed >> 8), (byte) (claimed >> 16),
                            (byte) (claimed >> 24)});
                }
            }
        }
    }
}
