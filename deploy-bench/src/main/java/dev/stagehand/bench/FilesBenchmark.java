package dev.stagehand.bench;

import dev.stagehand.core.internal.content.DefaultPackageContent;
import dev.stagehand.core.internal.steps.FileDeployer;
import dev.stagehand.core.target.LocalTarget;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.apache.commons.io.file.PathUtils;

/**
 * DeployFiles of 20,000 files / 1 GiB onto an empty folder, and again unchanged, against
 * {@code cp -r} of the same tree, side by side in one run. Both copies go to the same disk from
 * a warm page cache. By default neither forces data to disk (cp does not; the LocalTarget here is
 * made with durability NONE to match). With {@code -Dflush=true} the LocalTarget uses the
 * engine's default, ON_FLUSH, and the deployment's time includes its one flush (syncfs); the
 * comparison line then also times {@code cp -r} followed by {@code sync -f}, the same guarantee.
 * Run: {@code java [-Dflush=true] -cp deploy-bench/target/deploy-bench.jar dev.stagehand.bench.FilesBenchmark [folder]}.
 */
public final class FilesBenchmark {

    static final int FILES = Comparison.quick() ? 2_000 : 20_000;
    static final long TOTAL = Comparison.quick() ? 100L << 20 : 1L << 30;

    public static void main(String[] args) throws Exception {
        Path folder = Path.of(args.length > 0 ? args[0] : System.getProperty("bench.work",
                System.getProperty("java.io.tmpdir") + "/stagehand-files")).resolve(Comparison.quick() ? "quick" : "full");
        Path source = folder.resolve("source");
        if (!Files.exists(source.resolve("done"))) {
            generate(source, new Random(7));
        }
        List<String> files = new DefaultPackageContent(source).find("bin/**");
        System.out.printf("files: %d%n", files.size());
        int runs = Integer.getInteger("runs", Comparison.pairs());
        double[] cps = new double[runs];
        double[] firsts = new double[runs];
        double[] unchangeds = new double[runs];
        boolean flush = Boolean.getBoolean("flush");
        for (int i = 0; i < runs; i++) {
            Path cpTarget = folder.resolve("cp");
            Path deployTarget = folder.resolve("deployed");
            clear(cpTarget);
            clear(deployTarget);
            Path cache = folder.resolve("fingerprints");
            Files.deleteIfExists(cache);

            // Earlier runs' deletions and writes still being written back would weigh on whoever comes first.
            Comparison.run("sync", "-f", folder.toString());
            double cp = Comparison.millis(() -> Comparison.run("cp", "-r", source.resolve("bin").toString(),
                    cpTarget.toString()));
            double cpSync = flush ? cp + Comparison.millis(() -> Comparison.run("sync", "-f", cpTarget.toString())) : cp;
            Comparison.run("sync", "-f", folder.toString());
            LocalTarget target = new LocalTarget(folder, flush ? LocalTarget.Durability.ON_FLUSH
                    : LocalTarget.Durability.NONE);
            FileDeployer deployer = FileDeployer.forTarget(target, cache);
            double first = Comparison.millis(() -> deployer.deploy(source, files, deployTarget.toString()));
            double unchanged = Comparison.millis(() -> deployer.deploy(source, files, deployTarget.toString()));
            cps[i] = flush ? cpSync : cp;
            firsts[i] = first;
            unchangeds[i] = unchanged;
            System.out.printf("run %d: cp -r %.0f ms | DeployFiles empty %.0f ms (%.2fx) | unchanged %.0f ms (%.2fx)%s%n",
                    i + 1, cp, first, first / cp, unchanged, unchanged / cp, flush
                            ? String.format(" | cp -r + sync -f %.0f ms, DeployFiles empty %.2fx of that", cpSync,
                                    first / cpSync) : "");
        }
        String what = "FileDeployer in-process, " + files.size() + " files" + (flush ? ", flushed" : "");
        Comparison.report(new Comparison.Row(what + ", empty destination / cp -r", 1.2, cps, firsts));
        Comparison.report(new Comparison.Row(what + ", unchanged / cp -r", 0.2, cps, unchangeds));
    }

    private static void clear(Path folder) throws IOException {
        if (Files.exists(folder)) {
            PathUtils.deleteDirectory(folder);
        }
    }

    /** 20,000 files in 200 folders, sizes spread around the mean so that the tree is 1 GiB. */
    static void generate(Path source, Random random) throws IOException {
        RandomFiles.write(source.resolve("bin"), FILES, TOTAL, 200, random);
        Files.writeString(source.resolve("done"), "generated");
    }
}
