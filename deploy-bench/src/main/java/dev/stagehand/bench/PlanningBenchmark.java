package dev.stagehand.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.xml.XmlMapper;
import dev.stagehand.core.PackageSource;
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

/**
 * Indexing plus planning a generated source (2,000 ids x 10 versions, a random dependency DAG of
 * depth at least 10, MigrationPath on a third of the ids) against merely parsing the same
 * manifests with Jackson's XmlMapper. Run on one core: {@code taskset -c 0 java -cp ...}.
 */
public final class PlanningBenchmark {

    static final int IDS = 2000;
    static final int VERSIONS = 10;

    public static void main(String[] args) throws Exception {
        Path folder = args.length > 0 ? Path.of(args[0]) : Files.createTempDirectory("stagehand-planning");
        if (!Files.exists(folder.resolve("Root.1.0.0"))) {
            generate(folder, new Random(42));
        }
        XmlMapper xml = new XmlMapper();
        List<Path> manifests = findManifests(folder);
        double jackson = Timing.medianMillis(5, 7, () -> parseAll(xml, manifests));
        double findAndJackson = Timing.medianMillis(5, 7, () -> parseAll(xml, findManifests(folder)));
        DeploymentPlan[] last = new DeploymentPlan[1];
        double plan = Timing.medianMillis(5, 7, () -> {
            PackageSource source = PackageSource.index(List.of(folder));
            last[0] = Stagehand.configure().source(source).journal(new InMemoryDeploymentJournal()).load()
                    .plan(RootRequest.parse("Root"));
            return last[0];
        });
        System.out.printf("manifests: %d, planned package versions: %d%n", manifests.size(), last[0].packages().size());
        System.out.printf("jackson parse of every manifest (paths known):  %.0f ms%n", jackson);
        System.out.printf("find + jackson parse of every manifest:         %.0f ms%n", findAndJackson);
        System.out.printf("index + plan (finding the packages included):   %.0f ms%n", plan);
        System.out.printf("ratio to jackson parse:                         %.2f%n", plan / jackson);
        System.out.printf("ratio to find + jackson parse:                  %.2f%n", plan / findAndJackson);
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
