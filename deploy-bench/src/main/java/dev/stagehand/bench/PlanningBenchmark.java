package dev.stagehand.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.xml.XmlMapper;
import dev.stagehand.core.RootRequest;
import dev.stagehand.core.Stagehand;
import dev.stagehand.core.journal.InMemoryDeploymentJournal;
import dev.stagehand.core.plan.DeploymentPlan;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.apache.commons.io.file.PathUtils;

/**
 * Planning a generated source (2,000 ids x 10 versions; 200 ids at the quick size), a random
 * dependency DAG of depth at least 10, MigrationPath on a third of the ids, against merely parsing
 * the same manifests with Jackson's XmlMapper, the paths known beforehand. Two rows:
 * <ul>
 *   <li>index + plan with no persistent index (the first plan of a source: finding the packages,
 *       reading every manifest, writing the persistent index, resolving and building the plan);</li>
 *   <li>the same with the persistent index a first plan left in the cache folder (nothing changed
 *       in the source, so no manifest is read from its package).</li>
 * </ul>
 * Run on one core: {@code taskset -c 0 java [-Dquick=true] -cp deploy-bench/target/deploy-bench.jar
 * dev.stagehand.bench.PlanningBenchmark [folder]}.
 */
public final class PlanningBenchmark {

    static final int IDS = Comparison.quick() ? 200 : 2000;
    static final int VERSIONS = 10;

    public static void main(String[] args) throws Exception {
        Path work = Path.of(System.getProperty("bench.work", System.getProperty("java.io.tmpdir") + "/stagehand-bench"));
        Path folder = args.length > 0 ? Path.of(args[0]) : work.resolve("planning-" + IDS + "x" + VERSIONS);
        if (!Files.exists(folder.resolve("Root.1.0.0"))) {
            generate(folder, new Random(42));
        }
        Path state = work.resolve("planning-state");
        Path firstCache = work.resolve("planning-cache-first");
        Path secondCache = work.resolve("planning-cache-second");
        XmlMapper xml = new XmlMapper();
        List<Path> manifests = findManifests(folder);
        Comparison.Side jackson = Comparison.Side.of("Jackson parse", () -> parseAll(xml, manifests));
        DeploymentPlan[] last = new DeploymentPlan[1];
        int[] read = new int[1];
        Comparison.Side first = new Comparison.Side("index + plan", () -> clear(firstCache),
                () -> last[0] = plan(folder, state, firstCache, read));
        int warmups = Comparison.quick() ? 5 : 3;
        Comparison.compare("planning " + IDS + "x" + VERSIONS + ": index + plan / Jackson parse", 1.5, warmups,
                jackson, first);
        System.out.printf("manifests: %d, planned package versions: %d, manifests read by the last first plan: %d%n",
                manifests.size(), last[0].packages().size(), read[0]);

        clear(secondCache);
        plan(folder, state, secondCache, read);
        Comparison.Side second = Comparison.Side.of("second plan", () -> last[0] = plan(folder, state, secondCache,
                read));
        Comparison.compare("planning " + IDS + "x" + VERSIONS + ": second plan, persistent index / Jackson parse", 0.3,
                warmups, jackson, second);
        System.out.printf("manifests read by the last second plan: %d, planned package versions: %d%n", read[0],
                last[0].packages().size());
        if (read[0] != 0) {
            throw new IllegalStateException("the second plan read " + read[0] + " manifests; it should read none");
        }
    }

    private static DeploymentPlan plan(Path folder, Path state, Path cache, int[] read) throws Exception {
        try (Stagehand stagehand = Stagehand.configure().sources(folder).stateDirectory(state).cacheDirectory(cache)
                .journal(new InMemoryDeploymentJournal()).load()) {
            DeploymentPlan plan = stagehand.plan(RootRequest.parse("Root"));
            read[0] = stagehand.source().manifestsRead();
            return plan;
        }
    }

    private static void clear(Path folder) throws IOException {
        if (Files.exists(folder)) {
            PathUtils.deleteDirectory(folder);
        }
    }

    private static List<Path> findManifests(Path folder) throws IOException {
        try (Stream<Path> walk = Files.walk(folder)) {
            return walk.filter(p -> p.getFileName().toString().equals("manifest.xml")).sorted().toList();
        }
    }

    private static int parseAll(XmlMapper xml, List<Path> manifests) throws IOException {
        int fields = 0;
        for (Path manifest : manifests) {
            JsonNode tree = xml.readTree(manifest.toFile());
            fields += tree.size();
        }
        return fields;
    }

    /** Id i depends on id i/2 (so the DAG is about log2(2000) = 11 deep) and on up to two random lower ids. */
    static void generate(Path folder, Random random) throws IOException {
        for (int i = 0; i < IDS; i++) {
            List<String> deps = new ArrayList<>();
            if (i > 0) {
                deps.add(dependency(i / 2, random));
                for (int k = 0; k < 2; k++) {
                    if (random.nextBoolean()) {
                        deps.add(dependency(random.nextInt(i), random));
                    }
                }
            }
            String strategy = i % 3 == 0 ? "MigrationPath" : "LatestOnly";
            for (int v = 0; v < VERSIONS; v++) {
                write(folder, id(i), "1." + v + ".0", strategy, deps);
            }
        }
        List<String> rootDeps = new ArrayList<>();
        for (int i = IDS / 2; i < IDS; i++) {
            rootDeps.add("    <dependency id=\"" + id(i) + "\" version=\"1.*\" />");
        }
        write(folder, "Root", "1.0.0", "LatestOnly", rootDeps);
    }

    private static String id(int i) {
        return String.format("Bench.Package%04d", i);
    }

    private static String dependency(int target, Random random) {
        String spec = switch (random.nextInt(3)) {
            case 0 -> "1.*";
            case 1 -> "&gt;=1." + random.nextInt(VERSIONS) + ".0";
            default -> "&gt;=1.0.0 &lt;2.0.0";
        };
        return "    <dependency id=\"" + id(target) + "\" version=\"" + spec + "\" />";
    }

    private static void write(Path folder, String id, String version, String strategy, List<String> deps)
            throws IOException {
        Path dir = folder.resolve(id + "." + version);
        Files.createDirectories(dir);
        String manifest = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<deploymentPackage version=\"1.0\">\n"
                + "  <packageId>" + id + "</packageId>\n  <packageType>Generic</packageType>\n"
                + "  <description>Generated package for the planning benchmark.</description>\n"
                + "  <version>" + version + "</version>\n"
                + "  <targetDirectory>$(Product.InstallationPath)/" + id + "</targetDirectory>\n"
                + "  <migrationStrategy>" + strategy + "</migrationStrategy>\n"
                + "  <dependencies>\n" + String.join("\n", deps) + "\n  </dependencies>\n"
                + "  <steps>\n    <step type=\"DeployFiles\" contentPath=\"bin/**\" />\n"
                + "    <step type=\"RunSql\" contentPath=\"sql/*.sql\" targetDatabase=\"$(Product.Database.Online)\" />\n"
                + "  </steps>\n</deploymentPackage>\n";
        Files.writeString(dir.resolve("manifest.xml"), manifest);
    }
}
