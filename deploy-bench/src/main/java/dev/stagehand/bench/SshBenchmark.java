package dev.stagehand.bench;

import dev.stagehand.core.RootRequest;
import dev.stagehand.core.Stagehand;
import dev.stagehand.core.options.InstallOptions;
import dev.stagehand.core.targets.GroupDeployment;
import dev.stagehand.core.targets.TargetsFile;
import dev.stagehand.testkit.ssh.SshKeys;
import dev.stagehand.testkit.ssh.SshdServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.apache.commons.io.file.PathUtils;

/**
 * DeployFiles of 2,000 files / 200 MiB (quick: 200 files / 20 MiB) to 4 SSH targets, four OpenSSH
 * {@code sshd} processes on loopback ports, each its own machine: {@code deploy install --targets
 * FILE --target all --max-parallel 4} as a whole process (the CLI jar) against {@code rsync -a}
 * over {@code ssh} to the same 4 machines, four processes at once from a shell. Each pair times,
 * in turn: rsync onto empty folders (A), the first deployment onto empty targets (B), rsync again
 * with nothing changed, and the upgrade to 1.0.1 whose files are all the same as 1.0.0's.
 *
 * <p>Rows: the first deployment against rsync's first copy (target 1.5x), and the upgrade against
 * rsync's first copy too (target 0.2x); rsync's re-run with nothing changed is printed beside them.
 *
 * <p>With {@code -Dbench.embedded=true} the deployments run in this JVM instead, through the
 * embedding API ({@link GroupDeployment} of the same targets file), as a deployment tool that
 * embeds Stagehand runs them: the JVM starts once, and the unrecorded first pair warms it. The
 * rows then say "embedded". The difference between the two modes is what a fresh JVM costs (its
 * start, its class loading, and the code it runs before the JIT has compiled it).
 * Run: {@code java -Dbench.root=. [-Dbench.embedded=true] -cp deploy-bench/target/deploy-bench.jar dev.stagehand.bench.SshBenchmark}.
 */
public final class SshBenchmark {

    static final int TARGETS = 4;

    private final Path work;
    private final Path jar;
    private final boolean embedded = Boolean.getBoolean("bench.embedded");
    private final int files;
    private final long total;
    private final List<SshdServer> servers = new ArrayList<>();
    private Path key;
    private Path knownHosts;
    private Path source;

    SshBenchmark(Path work, Path jar, int files, long total) {
        this.work = work;
        this.jar = jar;
        this.files = files;
        this.total = total;
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(System.getProperty("bench.root", ".")).toAbsolutePath().normalize();
        Path work = System.getProperty("bench.work") != null ? Path.of(System.getProperty("bench.work"))
                : Files.createTempDirectory("stagehand-ssh-bench");
        boolean quick = Comparison.quick();
        SshBenchmark bench = new SshBenchmark(work.toAbsolutePath(), root.resolve("deploy-cli-sample/target/deploy.jar"),
                quick ? 200 : 2_000, quick ? 20L << 20 : 200L << 20);
        // Ctrl-C too must not leave four sshd behind.
        Thread stop = new Thread(() -> bench.servers.forEach(SshdServer::close), "stop sshd");
        Runtime.getRuntime().addShutdownHook(stop);
        try {
            bench.setUp();
            bench.compare();
        } finally {
            bench.servers.forEach(SshdServer::close);
        }
    }

    void setUp() throws Exception {
        if (!SshdServer.available()) {
            throw new IOException("openssh-server is not installed (scripts/services.sh installs it)");
        }
        if (!embedded && !Files.isRegularFile(jar)) {
            throw new IOException(jar + " is missing: build deploy-cli-sample first");
        }
        if (Files.exists(work.resolve("machines"))) {
            PathUtils.deleteDirectory(work.resolve("machines"));
        }
        key = SshKeys.generate(work.resolve("keys/id_ecdsa"), "");
        StringBuilder hosts = new StringBuilder();
        StringBuilder targets = new StringBuilder("{\n  \"targets\": {\n");
        List<String> names = new ArrayList<>();
        for (int i = 1; i <= TARGETS; i++) {
            SshdServer server = SshdServer.start("m" + i, work.resolve("machines/m" + i), SshKeys.publicKey(key));
            servers.add(server);
            hosts.append(server.knownHostsLine()).append('\n');
            targets.append(String.format(Locale.ROOT, "    \"m%d\": { \"uri\": \"%s\", \"identity\": \"%s\","
                    + " \"knownHosts\": \"%s\" }%s%n", i, server.uri(user(), deployBase(server), null), key,
                    work.resolve("known_hosts"), i < TARGETS ? "," : ""));
            names.add("\"m" + i + "\"");
        }
        targets.append("  },\n  \"groups\": { \"all\": [").append(String.join(", ", names)).append("] }\n}\n");
        knownHosts = Files.writeString(work.resolve("known_hosts"), hosts);
        Files.writeString(work.resolve("targets.json"), targets);
        source = work.resolve("source-" + files + "-" + total);
        if (!Files.exists(source.resolve("done"))) {
            generate();
        }
        System.out.printf(Locale.ROOT, "%d files, %d MiB, to %d sshd targets%n", files, total >> 20, TARGETS);
    }

    private static String user() {
        return System.getProperty("user.name");
    }

    private static Path deployBase(SshdServer server) {
        return server.root().resolve("deploy");
    }

    private static Path rsyncFolder(SshdServer server) {
        return server.root().resolve("rsync");
    }

    void compare() throws Exception {
        int pairs = Comparison.pairs();
        double[] rsyncFirst = new double[pairs];
        double[] deployFirst = new double[pairs];
        double[] rsyncAgain = new double[pairs];
        double[] deployUpgrade = new double[pairs];
        // One unrecorded round warms the page cache, sshd and the disk.
        for (int i = -1; i < pairs; i++) {
            clear();
            double a = Comparison.millis(this::rsync);
            double b = Comparison.millis(() -> deploy("1.0.0"));
            double again = Comparison.millis(this::rsync);
            double upgrade = Comparison.millis(() -> deploy("1.0.1"));
            check();
            System.out.printf(Locale.ROOT, "pair %d: rsync first %.0f ms | deploy first %.0f ms (%.3fx) | rsync again"
                    + " %.0f ms | deploy upgrade, no file changed %.0f ms (%.3fx of rsync first, %.3fx of rsync again)%s%n",
                    i + 1, a, b, b / a, again, upgrade, upgrade / a, upgrade / again, i < 0 ? " (warm-up)" : "");
            if (i >= 0) {
                rsyncFirst[i] = a;
                deployFirst[i] = b;
                rsyncAgain[i] = again;
                deployUpgrade[i] = upgrade;
            }
        }
        String size = files + " files / " + (total >> 20) + " MiB";
        String mode = embedded ? ", embedded" : "";
        System.out.printf(Locale.ROOT, "rsync -a again, nothing changed: median %.0f ms (%.3fx of its first copy)%n",
                Comparison.median(rsyncAgain), Comparison.median(rsyncAgain) / Comparison.median(rsyncFirst));
        Comparison.report(new Comparison.Row("DeployFiles to 4 SSH targets" + mode + ", first (" + size + ") / rsync -a", 1.5,
                rsyncFirst, deployFirst));
        Comparison.report(new Comparison.Row("DeployFiles to 4 SSH targets" + mode + ", upgrade unchanged / rsync -a first", 0.2,
                rsyncFirst, deployUpgrade));
    }

    /** Empty machines: no deployed folder, no journal, no rsync copy; an empty local state. */
    private void clear() throws IOException, InterruptedException {
        for (SshdServer server : servers) {
            for (Path folder : List.of(deployBase(server), rsyncFolder(server))) {
                if (Files.exists(folder)) {
                    PathUtils.deleteDirectory(folder);
                }
            }
            Files.createDirectories(deployBase(server));
            Files.createDirectories(rsyncFolder(server));
        }
        if (Files.exists(work.resolve("state"))) {
            PathUtils.deleteDirectory(work.resolve("state"));
        }
        // Deletions still being written back would weigh on whoever comes first.
        Comparison.run("sync", "-f", work.toString());
    }

    /** rsync -a over ssh to the four machines, four processes at once, from a shell. */
    private void rsync() throws IOException, InterruptedException {
        StringBuilder script = new StringBuilder();
        for (SshdServer server : servers) {
            script.append("rsync -a -e \"ssh -i '").append(key).append("' -o UserKnownHostsFile='").append(knownHosts)
                    .append("' -o StrictHostKeyChecking=yes -o BatchMode=yes -p ").append(server.port()).append("\" '")
                    .append(source.resolve("Files.1.0.0/bin")).append("/' ").append(user()).append("@127.0.0.1:'")
                    .append(rsyncFolder(server)).append("/' & pids=\"$pids $!\"\n");
        }
        script.append("fail=0\nfor pid in $pids; do wait $pid || fail=1; done\nexit $fail\n");
        Comparison.run("sh", "-c", script.toString());
    }

    /** The CLI, as a user runs it, to the group of four; or the same through the embedding API. */
    private void deploy(String version) throws IOException, InterruptedException {
        if (embedded) {
            deployEmbedded(version);
            return;
        }
        // Its progress bars go to a log, not into run-all's.
        Path log = work.resolve("deploy-" + version + ".log");
        List<String> command = new ArrayList<>(List.of("java"));
        // -Dbench.jvmArgs="-XX:StartFlightRecording=filename=x.jfr" profiles the deployments.
        String jvmArgs = System.getProperty("bench.jvmArgs", "").replace("VERSION", version);
        if (!jvmArgs.isBlank()) {
            command.addAll(List.of(jvmArgs.trim().split("\\s+")));
        }
        command.addAll(List.of("-jar", jar.toString(), "install", "--source", source.toString(), "--root",
                "Files@" + version, "--targets", work.resolve("targets.json").toString(), "--target", "all",
                "--max-parallel", String.valueOf(TARGETS), "--state", work.resolve("state").toString(), "--yes"));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (process.waitFor() != 0) {
            throw new IOException("deploy install of " + version + " exited with " + process.exitValue() + "; see "
                    + log);
        }
    }

    /**
     * What {@code deploy install --targets FILE --target all --max-parallel 4} does (its default
     * {@code --on-error abort} too), in this JVM:
     * each target with its own state folder, its journal on the target.
     */
    private void deployEmbedded(String version) throws IOException, InterruptedException {
        GroupDeployment group = new GroupDeployment(TargetsFile.read(work.resolve("targets.json")).select("all"),
                target -> Stagehand.configure().sources(source)
                        .stateDirectory(work.resolve("state/targets").resolve(target.name())), TARGETS);
        GroupDeployment.Result result = group.install(new RootRequest("Files", version), InstallOptions.DEFAULTS,
                GroupDeployment.OnTargetError.ABORT);
        if (!result.succeeded()) {
            StringBuilder why = new StringBuilder("the embedded install of " + version + " failed:");
            for (GroupDeployment.TargetOutcome outcome : result.targets()) {
                why.append(' ').append(outcome.target().name()).append('=').append(outcome.succeeded() ? "ok"
                        : outcome.notStarted() != null ? outcome.notStarted().getMessage() : outcome.result() == null
                        ? "not run" : outcome.result().summary());
            }
            throw new IOException(why.toString());
        }
    }

    /** Every machine got every file of both copies (the size of the last, which ends the tree). */
    private void check() throws IOException {
        String last = "bin/dir" + ((files - 1) % 40) + "/file" + (files - 1) + ".bin";
        long size = Files.size(source.resolve("Files.1.0.0").resolve(last));
        for (SshdServer server : servers) {
            Path deployed = deployBase(server).resolve("files").resolve(last);
            Path copied = rsyncFolder(server).resolve(last.substring("bin/".length()));
            if (!Files.isRegularFile(deployed) || Files.size(deployed) != size || !Files.isRegularFile(copied)
                    || Files.size(copied) != size) {
                throw new IOException("a copy on " + server + " is incomplete: " + deployed + ", " + copied);
            }
        }
    }

    /** Two versions of one package of random files in 40 folders, the same files in both. */
    private void generate() throws IOException {
        if (Files.exists(source)) {
            PathUtils.deleteDirectory(source);
        }
        Random random = new Random(15);
        RandomFiles.write(source.resolve("Files.1.0.0/bin"), files, total, 40, random);
        for (String version : List.of("1.0.0", "1.0.1")) {
            Path folder = source.resolve("Files." + version);
            if (!version.equals("1.0.0")) {
                // An upgrade unpacked beside the old version: the same bytes and times in other files.
                Files.createDirectories(folder);
                PathUtils.copyDirectory(source.resolve("Files.1.0.0/bin"), folder.resolve("bin"),
                        StandardCopyOption.COPY_ATTRIBUTES);
            }
            Files.writeString(folder.resolve("manifest.xml"), """
                    <?xml version="1.0" encoding="utf-8"?>
                    <deploymentPackage version="1.0">
                      <packageId>Files</packageId>
                      <packageType>Business</packageType>
                      <version>%s</version>
                      <targetDirectory>files</targetDirectory>
                      <steps>
                        <step type="DeployFiles" contentPath="bin/**" />
                      </steps>
                    </deploymentPackage>
                    """.formatted(version), StandardCharsets.UTF_8);
        }
        Files.writeString(source.resolve("done"), "generated");
    }
}
