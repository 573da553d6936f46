package dev.stagehand.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.codegen.docgen.manpage.ManPageGenerator;

/**
 * The CLI reference in {@code docs/cli/} is what picocli's own generator makes of the command
 * model, one AsciiDoc man page per command, never text written by hand: this test generates it and
 * compares. After a change to a command, {@code scripts/cli-reference.sh} writes it again (this
 * test with {@code -Dstagehand.writeCliReference=true}).
 */
class CliReferenceTest {

    private static final Path FOLDER = Path.of("..", "docs", "cli");

    /** File name to content: every command's page and the index, as the model gives them today. */
    static Map<String, String> generated() {
        CommandLine line = DeployCommand.commandLine(new CommandEnvironment(null, Map.of()));
        Map<String, String> pages = new LinkedHashMap<>();
        StringBuilder index = new StringBuilder("# Command reference\n\nGenerated from the command model by picocli's"
                + " `ManPageGenerator` (`scripts/cli-reference.sh`); do not edit. Each page is AsciiDoc in man-page"
                + " form.\n\n");
        add(line, pages, index);
        pages.put("README.md", index.toString());
        return pages;
    }

    private static void add(CommandLine line, Map<String, String> pages, StringBuilder index) {
        CommandSpec spec = line.getCommandSpec();
        if (spec.usageMessage().hidden() || spec.userObject() instanceof CommandLine.HelpCommand) {
            return;
        }
        // The version (with its commit) would change the pages at every commit.
        spec.versionProvider(() -> new String[] {spec.qualifiedName()});
        StringWriter text = new StringWriter();
        try (PrintWriter out = new PrintWriter(text)) {
            ManPageGenerator.writeSingleManPage(out, spec);
        }
        String file = spec.qualifiedName("-") + ".adoc";
        pages.put(file, text.toString().replace("\r\n", "\n"));
        String description = String.join(" ", spec.usageMessage().description());
        index.append("- [`").append(spec.qualifiedName()).append("`](").append(file).append(")")
                .append(description.isBlank() ? "" : ": " + description).append('\n');
        new TreeMap<>(line.getSubcommands()).values().stream().distinct().forEach(sub -> add(sub, pages, index));
    }

    @Test
    void docsCliIsWhatPicocliGeneratesFromTheCommandModel() throws IOException {
        Map<String, String> expected = generated();
        if (Boolean.getBoolean("stagehand.writeCliReference")) {
            Files.createDirectories(FOLDER);
            try (Stream<Path> old = Files.list(FOLDER)) {
                for (Path file : old.toList()) {
                    Files.delete(file);
                }
            }
            for (Map.Entry<String, String> page : expected.entrySet()) {
                Files.writeString(FOLDER.resolve(page.getKey()), page.getValue(), StandardCharsets.UTF_8);
            }
        }
        Map<String, String> committed = new TreeMap<>();
        if (Files.isDirectory(FOLDER)) {
            try (Stream<Path> files = Files.list(FOLDER)) {
                for (Path file : files.toList()) {
                    committed.put(file.getFileName().toString(), Files.readString(file, StandardCharsets.UTF_8));
                }
            }
        }
        assertEquals(new TreeMap<>(expected), committed, "docs/cli is not what the command model gives: run"
                + " scripts/cli-reference.sh and commit the result");
    }
}
