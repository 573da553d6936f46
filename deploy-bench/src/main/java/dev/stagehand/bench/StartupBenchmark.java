package dev.stagehand.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Start-up: the whole {@code deploy plan} of the README's sample, run by {@code ./deploy} as a
 * user runs it (with the AppCDS archive the script keeps beside the jar), against
 * {@code java -version}, the least a JVM start costs. Also the same plan with
 * {@code DEPLOY_CDS=off}, to show what the archive is worth. Both sides start the {@code java} of
 * the PATH, as the script does. Quick size: the same runs, fewer warm-ups.
 */
public final class StartupBenchmark {

    /** At most half of the 17x {@code java -version} that {@code deploy plan} took before (issue 18). */
    static final double TARGET = 8.5;
    static final double BEFORE = 17.0;

    private StartupBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(System.getProperty("bench.root", ".")).toAbsolutePath().normalize();
        Path work = Files.createDirectories(Path.of(System.getProperty("bench.work",
                Files.createTempDirectory("stagehand-startup").toString())));
        Path script = root.resolve("deploy");
        if (!Files.isRegularFile(root.resolve("deploy-cli-sample/target/deploy.jar"))) {
            throw new IOException("no deploy-cli-sample/target/deploy.jar under " + root + ": build it first");
        }
        List<String> plan = List.of(script.toString(), "plan", "--source", root.resolve("samples/source").toString(),
                "--root", "Cmf.Sample.Root", "--parameters", root.resolve("samples/parameters.json").toString(),
                "--state", work.resolve("state").toString());
        int warmups = Comparison.quick() ? 1 : 3;
        Comparison.Side version = Comparison.Side.of("java -version", () -> run(List.of("java", "-version"), work,
                Map.of()));
        Comparison.compare("deploy plan of the samples (./deploy, AppCDS) / java -version", TARGET, warmups, version,
                Comparison.Side.of("./deploy plan", () -> run(plan, work, Map.of())));
        Comparison.compare("deploy plan of the samples, no AppCDS archive / java -version", BEFORE, warmups, version,
                Comparison.Side.of("DEPLOY_CDS=off ./deploy plan", () -> run(plan, work, Map.of("DEPLOY_CDS", "off"))));
    }

    /** Runs a command with its output discarded; fails, with what it said, unless it exits with 0. */
    private static void run(List<String> command, Path directory, Map<String, String> variables)
            throws IOException, InterruptedException {
        Path errors = directory.resolve("stderr.txt");
        ProcessBuilder builder = new ProcessBuilder(new ArrayList<>(command)).directory(directory.toFile())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(errors.toFile());
        builder.environment().putAll(variables);
        Process process = builder.start();
        if (process.waitFor() != 0) {
            throw new IOException(String.join(" ", command) + " exited with " + process.exitValue() + ": "
                    + Files.readString(errors));
        }
    }
}
