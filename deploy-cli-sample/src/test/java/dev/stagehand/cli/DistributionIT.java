package dev.stagehand.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The distribution this build packaged ({@code target/deploy-<version>.zip} and {@code .tar.gz}),
 * unpacked outside the checkout, runs with Java alone: no Maven on the PATH, no sources beside it.
 */
class DistributionIT {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Path TARGET = ROOT.resolve("deploy-cli-sample/target");

    @TempDir
    Path temp;

    private static Path archive(String extension) throws IOException {
        try (Stream<Path> files = Files.list(TARGET)) {
            List<Path> found = files.filter(f -> f.getFileName().toString().matches("deploy-.+\\." + extension.replace(
                    ".", "\\.")) && !f.getFileName().toString().equals("deploy.jar")).toList();
            assertEquals(1, found.size(), "one distribution ." + extension + " in " + TARGET + ": " + found);
            return found.get(0);
        }
    }

    /** Unpacks the zip as unzip would, with each entry's Unix mode; the folder it made. */
    private Path unzip(Path zip, Path into) throws IOException {
        try (ZipFile file = ZipFile.builder().setPath(zip).get()) {
            for (Enumeration<ZipArchiveEntry> entries = file.getEntries(); entries.hasMoreElements(); ) {
                ZipArchiveEntry entry = entries.nextElement();
                Path out = into.resolve(entry.getName()).normalize();
                assertTrue(out.startsWith(into), entry.getName());
                if (entry.isDirectory()) {
                    Files.createDirectories(out);
                    continue;
                }
                Files.createDirectories(out.getParent());
                try (InputStream in = file.getInputStream(entry)) {
                    Files.copy(in, out);
                }
                if ((entry.getUnixMode() & 0100) != 0) {
                    Set<PosixFilePermission> permissions = new java.util.HashSet<>(Files.getPosixFilePermissions(out));
                    permissions.add(PosixFilePermission.OWNER_EXECUTE);
                    Files.setPosixFilePermissions(out, permissions);
                }
            }
        }
        try (Stream<Path> top = Files.list(into)) {
            return top.findFirst().orElseThrow();
        }
    }

    private static Set<String> names(Path folder) throws IOException {
        Set<String> names = new TreeSet<>();
        try (Stream<Path> files = Files.walk(folder)) {
            files.filter(Files::isRegularFile).forEach(f -> names.add(folder.relativize(f).toString()));
        }
        return names;
    }

    private record Run(int exitCode, String out) {
    }

    /** Runs bin/deploy with a PATH that holds Java and the system's tools, and no Maven. */
    private Run run(Path home, Path workingFolder, String... args) throws Exception {
        return run(home, workingFolder, Map.of(), args);
    }

    /** The same, with more environment variables. */
    private Run run(Path home, Path workingFolder, Map<String, String> variables, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(home.resolve("bin/deploy").toString()));
        command.addAll(List.of(args));
        Path out = Files.createTempFile(temp, "out", ".txt");
        ProcessBuilder builder = new ProcessBuilder(command).directory(workingFolder.toFile())
                .redirectErrorStream(true).redirectOutput(out.toFile());
        builder.environment().clear();
        builder.environment().put("PATH", Path.of(System.getProperty("java.home"), "bin") + ":/usr/bin:/bin");
        builder.environment().put("HOME", temp.toString());
        builder.environment().putAll(variables);
        Process process = builder.start();
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "bin/deploy " + String.join(" ", args) + " ended");
        return new Run(process.exitValue(), Files.readString(out));
    }

    @Test
    void theZipUnpackedAnywhereInstallsTheSamplesWithJavaAloneAndSaysItsVersion() throws Exception {
        Path home = unzip(archive("zip"), Files.createDirectories(temp.resolve("opt")));

        assertTrue(Files.isExecutable(home.resolve("bin/deploy")), "bin/deploy is executable");
        assertTrue(Files.isDirectory(home.resolve("plugins")), "an empty plugins/ folder");
        assertTrue(Files.isRegularFile(home.resolve("lib/deploy.jar")) && Files.isRegularFile(home.resolve("README.md"))
                && Files.isRegularFile(home.resolve("LICENSE")), names(home)::toString);

        Run version = run(home, temp, "--version");
        assertEquals(0, version.exitCode(), version.out());
        assertTrue(version.out().matches("(?s)deploy \\d+\\.\\d+\\.\\d+\\S* \\(commit [0-9a-f]{7,}[^)]*\\)\\R"
                + "Java \\d+.*"), version.out());

        // A working folder of its own, with a copy of the samples: nothing of the checkout is used but them.
        Path work = Files.createDirectories(temp.resolve("work"));
        org.apache.commons.io.file.PathUtils.copyDirectory(ROOT.resolve("samples/source"), work.resolve("source"));
        Files.copy(ROOT.resolve("samples/parameters.json"), work.resolve("parameters.json"));
        String[] install = {"install", "--source", "source", "--root", "Cmf.Sample.Root", "--parameters",
                "parameters.json", "--yes"};
        Run first = run(home, work, install);
        assertEquals(0, first.exitCode(), first.out());
        assertTrue(Files.isDirectory(work.resolve("build/sample-install")), first.out());
        Run second = run(home, work, install);
        assertEquals(0, second.exitCode(), second.out());
        assertTrue(second.out().contains("Nothing to do"), second.out());
    }

    @Test
    void theTarGzHoldsTheSameFilesAsTheZipWithBinDeployExecutable() throws Exception {
        Set<String> inZip = names(unzip(archive("zip"), Files.createDirectories(temp.resolve("zip"))));
        Set<String> inTar = new TreeSet<>();
        boolean executable = false;
        try (InputStream file = Files.newInputStream(archive("tar.gz"));
             TarArchiveInputStream tar = new TarArchiveInputStream(new GzipCompressorInputStream(file))) {
            for (TarArchiveEntry entry; (entry = tar.getNextEntry()) != null; ) {
                if (!entry.isDirectory()) {
                    String name = entry.getName().substring(entry.getName().indexOf('/') + 1);
                    inTar.add(name);
                    executable |= name.equals("bin/deploy") && (entry.getMode() & 0100) != 0;
                }
            }
        }
        assertEquals(inZip, inTar);
        assertTrue(executable, "bin/deploy is executable in the tar.gz");
    }

    /** The classes a run of bin/deploy loaded from the dynamic AppCDS archive, as the JVM logs them. */
    private long archivedClasses(Path home, Path work, String... args) throws Exception {
        Path log = Files.createTempFile(temp, "classes", ".log");
        Run run = run(home, work, Map.of("JAVA_TOOL_OPTIONS", "-Xlog:class+load=info:file=" + log), args);
        assertEquals(0, run.exitCode(), run.out());
        try (Stream<String> lines = Files.lines(log)) {
            return lines.filter(l -> l.contains("source: shared objects file (top)")).count();
        }
    }

    private Path samples() throws IOException {
        Path work = Files.createDirectories(temp.resolve("work"));
        org.apache.commons.io.file.PathUtils.copyDirectory(ROOT.resolve("samples/source"), work.resolve("source"));
        Files.copy(ROOT.resolve("samples/parameters.json"), work.resolve("parameters.json"));
        return work;
    }

    private static final String[] PLAN = {"plan", "--source", "source", "--root", "Cmf.Sample.Root", "--parameters",
        "parameters.json"};

    @Test
    void theFirstRunLeavesAClassDataSharingArchiveThatLaterRunsStartWith() throws Exception {
        Path home = unzip(archive("zip"), Files.createDirectories(temp.resolve("opt")));
        Path work = samples();
        assertFalse(Files.exists(home.resolve("lib/deploy.jsa")), "the distribution ships no archive");

        Run first = run(home, work, "--version");

        assertEquals(0, first.exitCode(), first.out());
        assertTrue(first.out().startsWith("deploy ") && first.out().lines().count() == 2, "only the version: "
                + first.out());
        assertTrue(Files.size(home.resolve("lib/deploy.jsa")) > 0, names(home)::toString);
        assertEquals(Files.size(home.resolve("lib/deploy.jsa")) + " " + Files.size(home.resolve("lib/deploy.jar"))
                + " java", Files.readString(home.resolve("lib/deploy.jsa.ok")).strip());
        assertTrue(archivedClasses(home, work, PLAN) > 1000, "plan starts with the classes of the archive");
    }

    @Test
    void aTruncatedArchiveIsNeverMappedAndIsMadeAgain() throws Exception {
        Path home = unzip(archive("zip"), Files.createDirectories(temp.resolve("opt")));
        Path work = samples();
        assertEquals(0, run(home, work, "--version").exitCode());
        Path archive = home.resolve("lib/deploy.jsa");
        long whole = Files.size(archive);
        archive.toFile().setWritable(true);
        try (java.nio.channels.FileChannel file = java.nio.channels.FileChannel.open(archive,
                java.nio.file.StandardOpenOption.WRITE)) {
            file.truncate(whole / 2);
        }

        Run plan = run(home, work, PLAN);

        // Java 17 maps the archive as its header says: a truncated one, used, ends the JVM with SIGBUS.
        assertEquals(0, plan.exitCode(), plan.out());
        assertTrue(plan.out().startsWith("Plan for Cmf.Sample.Root@1.0.0:"), plan.out());
        assertTrue(Files.size(archive) > whole / 2, "made again");
        assertEquals(Files.size(archive) + " " + Files.size(home.resolve("lib/deploy.jar")) + " java",
                Files.readString(home.resolve("lib/deploy.jsa.ok")).strip());
        assertTrue(archivedClasses(home, work, PLAN) > 1000, "used again");
    }

    @Test
    void anArchiveDamagedInsideIsRejectedByTheJvmSilentlyAndTheRunGoesOnWithoutIt() throws Exception {
        Path home = unzip(archive("zip"), Files.createDirectories(temp.resolve("opt")));
        Path work = samples();
        assertEquals(0, run(home, work, "--version").exitCode());
        Path archive = home.resolve("lib/deploy.jsa");
        archive.toFile().setWritable(true);
        byte[] bytes = Files.readAllBytes(archive);
        for (int i = 64 * 1024; i < bytes.length; i += 4096) {
            bytes[i] ^= (byte) 0xff;
        }
        Files.write(archive, bytes);
        // Its size, and so its stamp, still match: only the JVM's check of the archive's CRC can tell.

        Run plan = run(home, work, PLAN);

        assertEquals(0, plan.exitCode(), plan.out());
        assertTrue(plan.out().startsWith("Plan for Cmf.Sample.Root@1.0.0:"), "nothing from the JVM: " + plan.out());
        assertEquals(0, archivedClasses(home, work, PLAN), "no class from the damaged archive");
    }

    @Test
    void withDeployCdsOffNoArchiveIsMadeOrUsed() throws Exception {
        Path home = unzip(archive("zip"), Files.createDirectories(temp.resolve("opt")));

        Run version = run(home, temp, Map.of("DEPLOY_CDS", "off"), "--version");

        assertEquals(0, version.exitCode(), version.out());
        assertFalse(Files.exists(home.resolve("lib/deploy.jsa")), names(home)::toString);
    }
}
