package dev.stagehand.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.apache.commons.io.file.PathUtils;

/**
 * The real CLI as a user runs it, a whole process ({@code java -jar deploy-cli-sample/target/deploy.jar
 * install ...}), deploying a package of 20,000 files / 1 GiB (2,000 / 100 MiB at the quick size)
 * with one DeployFiles step, against {@code cp -r} of the same files, the journal kept between runs:
 * <ul>
 *   <li>first deployment (target at most 1.2x): 1.0.0 onto a folder that does not exist, a fresh state folder;</li>
 *   <li>upgrade unchanged (at most 0.2x): 1.0.1, whose package folder holds the same files (copies,
 *       so other inodes and stamps), over 1.0.0 as installed by the CLI;</li>
 *   <li>the same upgrade with the state folder lost (at most 0.5x): every file compared by content;</li>
 *   <li>the upgrade from zip packages (at most 0.2x): 1.0.0 and 1.0.1 as stored zips, 1.0.0 installed
 *       from its zip; at both sizes unless {@code -Dzip=false}; {@code -Dzip=only} times this row alone.</li>
 * </ul>
 * Each side's untimed preparation removes what it wrote and runs {@code sync -f}, so neither pays for
 * the other's write-back. Work folder: {@code -Dbench.work}; CLI jar below {@code -Dbench.root}, or
 * {@code -Dbench.cli=JAR}.
 */
public final class CliFilesBenchmark {

    static final String ID = "Bench.Files";

    public static void main(String[] args) throws Exception {
        boolean quick = Comparison.quick();
        int files = quick ? 2_000 : 20_000;
        long total = quick ? 100L << 20 : 1L << 30;
        Path root = Path.of(System.getProperty("bench.root", "."));
        // -Dbench.cli: another build's jar, for an A/B of two builds.
        Path jar = Path.of(System.getProperty("bench.cli", root.resolve("deploy-cli-sample/target/deploy.jar").toString()));
        if (!Files.isRegularFile(jar)) {
            throw new IOException(jar + " is missing: build deploy-cli-sample first");
        }
        Path work = Path.of(System.getProperty("bench.work", System.getProperty("java.io.tmpdir") + "/stagehand-cli-files"))
                .resolve(quick ? "quick" : "full");
        Path source = work.resolve("source");
        Path zips = work.resolve("zips");
        if (!Files.exists(work.resolve("generated"))) {
            clear(work);
            generate(source.resolve(ID + ".1.0.0"), "1.0.0", files, total, new Random(7));
            // The same files, copied: other inodes, other stamps, the same content.
            Comparison.run("cp", "-r", source.resolve(ID + ".1.0.0").toString(), source.resolve(ID + ".1.0.1").toString());
            Files.writeString(source.resolve(ID + ".1.0.1/manifest.xml"), manifest("1.0.1"));
            Files.createDirectories(zips);
            zip(source.resolve(ID + ".1.0.0"), zips.resolve(ID + ".1.0.0.zip"));
            zip(source.resolve(ID + ".1.0.1"), zips.resolve(ID + ".1.0.1.zip"));
            Files.writeString(work.resolve("generated"), files + " files, " + total + " bytes");
        }
        Path cpTarget = work.resolve("cp");
        Path installed = work.resolve("installed");
        Path state = work.resolve("state");
        Comparison.Side cp = new Comparison.Side("cp -r", () -> {
            clear(cpTarget);
            sync(work);
        }, () -> Comparison.run("cp", "-r", source.resolve(ID + ".1.0.0/bin").toString(), cpTarget.toString()));
        Cli cli = new Cli(jar, installed, state);
        // At the quick size the JVM's start dominates: no unrecorded pair, so that the row stays well under a minute.
        int warmups = quick ? 0 : 1;
        String zipRows = System.getProperty("zip", "true");
        if (zipRows.equals("only")) {
            zipUpgrade(cp, cli, zips, work, warmups);
            return;
        }

        Comparison.compare("CLI DeployFiles first deployment / cp -r", 1.2, warmups, cp, new Comparison.Side("deploy install",
                () -> {
                    cli.reset();
                    sync(work);
                }, () -> cli.install(source, "1.0.0")));
        Comparison.compare("CLI DeployFiles upgrade, files unchanged / cp -r", 0.2, warmups, cp, new Comparison.Side(
                "deploy install (upgrade)", () -> {
                    cli.reset();
                    cli.install(source, "1.0.0");
                    sync(work);
                }, () -> cli.install(source, "1.0.1")));
        Comparison.compare("CLI DeployFiles upgrade, state folder lost / cp -r", 0.5, warmups, cp, new Comparison.Side(
                "deploy install (upgrade, no state)", () -> {
                    cli.reset();
                    cli.install(source, "1.0.0");
                    clear(state);
                    sync(work);
                }, () -> cli.install(source, "1.0.1")));
        if (Boolean.parseBoolean(zipRows)) {
            zipUpgrade(cp, cli, zips, work, warmups);
        }
    }

    /** The upgrade from 1.0.0.zip to 1.0.1.zip, the same entries in another zip. */
    private static void zipUpgrade(Comparison.Side cp, Cli cli, Path zips, Path work, int warmups) throws Exception {
        Comparison.compare("CLI DeployFiles upgrade from zips, unchanged / cp -r", 0.2, warmups, cp, new Comparison.Side(
                "deploy install (zip upgrade)", () -> {
                    cli.reset();
                    cli.install(zips, "1.0.0");
                    sync(work);
                }, () -> cli.install(zips, "1.0.1")));
    }

    /** The CLI installing {@value #ID} into one folder with one state folder. */
    private record Cli(Path jar, Path installed, Path state) {

        void reset() throws IOException {
            clear(installed);
            clear(state);
        }

        void install(Path source, String version) throws IOException, InterruptedException {
            List<String> command = new ArrayList<>(List.of("java", "-jar", jar.toString(), "install", "--source",
                    source.toString(), "--root", ID + "@" + version, "--state", state.toString(),
                    "--set", "Bench.Folder=" + installed, "--yes"));
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (process.waitFor() != 0) {
                // Again with its output shown, so that the reason is in the log.
                Comparison.run(command, null);
                throw new IOException(String.join(" ", command) + " exited with " + process.exitValue());
            }
        }
    }

    static String manifest(String version) {
        return """
                <?xml version="1.0" encoding="utf-8"?>
                <deploymentPackage version="1.0">
                  <packageId>%s</packageId>
                  <packageType>Generic</packageType>
                  <version>%s</version>
                  <targetDirectory>$(Bench.Folder)</targetDirectory>
                  <steps>
                    <step type="DeployFiles" contentPath="bin/**" />
                  </steps>
                </deploymentPackage>
                """.formatted(ID, version);
    }

    /** {@code files} random files in 200 folders (fewer for fewer files), sizes spread around the mean. */
    static void generate(Path folder, String version, int files, long total, Random random) throws IOException {
        Files.createDirectories(folder);
        Files.writeString(folder.resolve("manifest.xml"), manifest(version));
        RandomFiles.write(folder.resolve("bin"), files, total, Math.max(1, files / 100), random);
    }

    /** A zip of the folder, entries stored (random data does not deflate), sizes and CRCs in the headers. */
    static void zip(Path folder, Path zip) throws IOException {
        List<Path> all;
        try (var walk = Files.walk(folder)) {
            all = walk.filter(Files::isRegularFile).sorted().toList();
        }
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
            out.setMethod(ZipOutputStream.STORED);
            for (Path file : all) {
                byte[] bytes = Files.readAllBytes(file);
                CRC32 crc = new CRC32();
                crc.update(bytes);
                ZipEntry entry = new ZipEntry(folder.relativize(file).toString().replace('\\', '/'));
                entry.setSize(bytes.length);
                entry.setCompressedSize(bytes.length);
                entry.setCrc(crc.getValue());
                out.putNextEntry(entry);
                out.write(bytes);
                out.closeEntry();
            }
        }
    }

    static void sync(Path folder) throws IOException, InterruptedException {
        Comparison.run("sync", "-f", folder.toString());
    }

    static void clear(Path folder) throws IOException {
        if (Files.exists(folder)) {
            PathUtils.deleteDirectory(folder);
        }
    }
}
