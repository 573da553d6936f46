package dev.stagehand.bench;

import dev.stagehand.core.internal.steps.TokenReplacer;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * TaggedFile's token replacement on a 256 MiB file against {@code sed} doing the same
 * replacements, side by side. Run with the heap the issue allows:
 * {@code java -Xmx64m -cp deploy-bench/target/deploy-bench.jar dev.stagehand.bench.TaggedFileBenchmark [folder]}.
 */
public final class TaggedFileBenchmark {

    static final long SIZE = (Comparison.quick() ? 32L : 256L) << 20;
    static final Map<String, String> VALUES = Map.of("Product.SystemName", "MES-PRODUCTION",
            "Product.Database.Online.Server", "db-cluster-01.example.com", "Product.Web.Port", "8443");

    public static void main(String[] args) throws Exception {
        Path folder = Path.of(args.length > 0 ? args[0] : System.getProperty("bench.work", System.getProperty("java.io.tmpdir") + "/stagehand-tagged"));
        Files.createDirectories(folder);
        Path source = folder.resolve("big-" + (SIZE >> 20) + "MiB.config");
        if (!Files.exists(source) || Files.size(source) < SIZE) {
            generate(source);
        }
        System.out.printf("file: %d MiB, max heap %d MiB%n", Files.size(source) >> 20,
                Runtime.getRuntime().maxMemory() >> 20);
        TokenReplacer replacer = new TokenReplacer(name -> Optional.ofNullable(VALUES.get(name)));
        Path sedOut = folder.resolve("sed.out");
        Path ourOut = folder.resolve("tagged.out");
        Comparison.compare("TaggedFile, " + (SIZE >> 20) + " MiB, -Xmx" + (Runtime.getRuntime().maxMemory() >> 20)
                + "m / sed", 1.0, 1,
                Comparison.Side.of("sed", () -> {
                    Process p = new ProcessBuilder("sed",
                            "-e", "s/\\$(Product\\.SystemName)/MES-PRODUCTION/g",
                            "-e", "s/\\$(Product\\.Database\\.Online\\.Server)/db-cluster-01.example.com/g",
                            "-e", "s/\\$(Product\\.Web\\.Port)/8443/g", source.toString())
                            .redirectOutput(sedOut.toFile()).start();
                    if (p.waitFor() != 0) {
                        throw new IOException("sed exited with " + p.exitValue());
                    }
                }),
                Comparison.Side.of("TaggedFile", () -> replacer.replaceFile(source, ourOut)));
        if (Files.mismatch(sedOut, ourOut) != -1) {
            throw new IllegalStateException("TaggedFile's output differs from sed's");
        }
    }

    private static void generate(Path file) throws IOException {
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            long written = 0;
            int line = 0;
            while (written < SIZE) {
                String text = switch (line++ % 4) {
                    case 0 -> "    <add key=\"SystemName\" value=\"$(Product.SystemName)\" />\r\n";
                    case 1 -> "    <add key=\"Server\" value=\"$(Product.Database.Online.Server)\" port=\"$(Product.Web.Port)\" />\r\n";
                    case 2 -> "    <!-- a comment line without tokens, as configuration files have many of them -->\r\n";
                    default -> "    <add key=\"Line" + line + "\" value=\"plain value " + line + "\" />\r\n";
                };
                out.write(text);
                written += text.length();
            }
        }
    }
}
