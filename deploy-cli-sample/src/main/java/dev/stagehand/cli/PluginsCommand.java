package dev.stagehand.cli;

import dev.stagehand.core.PluginCatalog;
import dev.stagehand.core.PluginCatalog.Kind;
import dev.stagehand.core.PluginCatalog.Plugin;
import dev.stagehand.core.Stagehand;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code deploy plugins}: what the loaded plugins serve, from which jar, and which one wins a name. */
@Command(name = "plugins", mixinStandardHelpOptions = true,
        description = "Lists the step types, package types, script handlers, target providers and database types"
                + " loaded, with their jar and priority.")
final class PluginsCommand implements Callable<Integer> {

    @Spec
    CommandLine.Model.CommandSpec spec;

    @ParentCommand
    DeployCommand deploy;

    @Option(names = "--json", description = "Print {\"plugins\": [...]} as JSON.")
    boolean json;

    @Override
    public Integer call() throws IOException {
        PluginCatalog catalog;
        try (Stagehand stagehand = deploy.load(deploy.configure())) {
            catalog = stagehand.plugins();
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(JsonOutput.document(Map.of("plugins", catalog.plugins().stream().map(PluginsCommand::toJson)
                    .toList())));
        } else {
            printText(out, catalog);
        }
        out.flush();
        return 0;
    }

    static void printText(PrintWriter out, PluginCatalog catalog) {
        for (Kind kind : Kind.values()) {
            List<Plugin> plugins = catalog.of(kind);
            String title = Character.toUpperCase(kind.title().charAt(0)) + kind.title().substring(1);
            if (plugins.isEmpty()) {
                out.println(title + ": none");
                continue;
            }
            out.println(title + " (" + plugins.size() + "):");
            int namesWidth = plugins.stream().mapToInt(p -> names(p).length()).max().orElse(0);
            int classWidth = plugins.stream().mapToInt(p -> p.className().length()).max().orElse(0);
            int sourceWidth = plugins.stream().mapToInt(p -> p.source().length()).max().orElse(0);
            String row = "  %-" + namesWidth + "s  %-" + classWidth + "s  %-" + sourceWidth + "s  priority %d%s%n";
            for (Plugin p : plugins) {
                out.printf(row, names(p), p.className(), p.source(), p.priority(), p.chosen() ? "" : " (overridden)");
            }
        }
    }

    private static String names(Plugin plugin) {
        return String.join(", ", sortedNames(plugin));
    }

    private static List<String> sortedNames(Plugin plugin) {
        return plugin.names().stream().sorted(String.CASE_INSENSITIVE_ORDER).toList();
    }

    /** {@code {"kind": "step-type", "names", "class", "source", "priority", "chosen"}}. */
    private static Map<String, Object> toJson(Plugin plugin) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("kind", plugin.kind().name().toLowerCase(Locale.ROOT).replace('_', '-'));
        json.put("names", sortedNames(plugin));
        json.put("class", plugin.className());
        json.put("source", plugin.source());
        json.put("priority", plugin.priority());
        json.put("chosen", plugin.chosen());
        return json;
    }
}
