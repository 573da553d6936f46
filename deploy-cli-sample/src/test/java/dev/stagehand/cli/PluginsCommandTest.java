package dev.stagehand.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stagehand.core.PluginCatalog;
import dev.stagehand.core.PluginCatalog.Kind;
import dev.stagehand.core.PluginCatalog.Plugin;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PluginsCommandTest {

    private static final Path FIXTURES = Path.of("src/test/resources/plugins");

    @TempDir
    Path temp;

    @Test
    void listsThePluginsOfEveryKindWithTheirClassSourceAndPriority() {
        CliRun run = CliRun.of("plugins");

        assertEquals(0, run.exitCode(), run.err());
        String out = run.out();
        assertTrue(out.matches("(?s)Step types \\(\\d+\\):\n.*"), out);
        assertTrue(out.matches("(?s).*\n  DeployFiles +dev\\.stagehand\\.core\\.internal\\.steps\\.DeployFilesStepHandler"
                + " +\\S*deploy-core\\S* +priority 0\n.*"), out);
        assertTrue(out.matches("(?s).*\n  RunSql\\b.*deploy-steps-sql\\S* +priority \\d+\n.*"), out);
        assertTrue(out.matches("(?s).*\nPackage types \\(\\d+\\):\n.*"), out);
        assertTrue(out.matches("(?s).*\n  RunPowershell\\b.*deploy-steps-powershell\\S* +priority \\d+\n.*"), out);
        assertTrue(out.matches("(?s).*\nScript handlers \\(\\d+\\):\n(  .*\n)*  \\.sql, .*SqlScriptHandler .*"), out);
        assertTrue(out.matches("(?s).*\nScript handlers \\(\\d+\\):\n(  .*\n)*  \\.ps1, PowerShell +\\S*PowerShellScriptHandler .*"), out);
        assertTrue(out.matches("(?s).*\nTarget providers \\(2\\):\n  local: +dev\\.stagehand\\.core\\.target\\.LocalTargetProvider .*"),
                out);
        assertTrue(out.matches("(?s).*\n  ssh: +dev\\.stagehand\\.target\\.ssh\\.SshTargetProvider .*"), out);
        assertTrue(out.matches("(?s).*\nDatabase types \\(4\\):\n.*"), out);
        assertFalse(out.contains("(overridden)"), "no plugin of the command's own loses to another");
    }

    @Test
    void jsonGivesKindNamesClassSourcePriorityAndWhetherChosen() throws Exception {
        CliRun run = CliRun.of("plugins", "--json");

        assertEquals(0, run.exitCode(), run.err());
        JsonNode plugins = new ObjectMapper().readTree(run.out()).get("plugins");
        JsonNode deployFiles = StreamSupport.stream(plugins.spliterator(), false)
                .filter(p -> p.get("names").toString().equals("[\"DeployFiles\"]")).findFirst().orElseThrow();
        assertEquals("step-type", deployFiles.get("kind").asText());
        assertEquals("dev.stagehand.core.internal.steps.DeployFilesStepHandler", deployFiles.get("class").asText());
        assertTrue(deployFiles.get("source").asText().contains("deploy-core"), deployFiles.toString());
        assertEquals(0, deployFiles.get("priority").asInt());
        assertTrue(deployFiles.get("chosen").asBoolean());
        assertEquals(Set.of("step-type", "package-type", "script-handler", "target-provider", "database-type"),
                StreamSupport.stream(plugins.spliterator(), false).map(p -> p.get("kind").asText())
                        .collect(java.util.stream.Collectors.toSet()));
    }

    @Test
    void aPluginThatAnotherOfHigherPriorityBeatsIsShownOverridden() {
        PluginCatalog catalog = new PluginCatalog(List.of(
                new Plugin(Kind.STEP_TYPE, Set.of("DeployFiles"), "com.example.FastFiles", "plugins/fast.jar", 10, true),
                new Plugin(Kind.STEP_TYPE, Set.of("DeployFiles"), "dev.stagehand.Files", "deploy.jar", 0, false)),
                type -> "unserved");
        StringWriter text = new StringWriter();

        PluginsCommand.printText(new PrintWriter(text, true), catalog);

        assertEquals("""
                Step types (2):
                  DeployFiles  com.example.FastFiles  plugins/fast.jar  priority 10
                  DeployFiles  dev.stagehand.Files    deploy.jar        priority 0 (overridden)
                Package types: none
                Script handlers: none
                Target providers: none
                Database types: none
                """, text.toString());
    }

    @Test
    void aMissingPluginsFolderIsBadUsageNamingIt() {
        CliRun run = CliRun.of("--plugins", temp.resolve("no-such-folder").toString(), "plugins");

        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("no such plugins folder: " + temp.resolve("no-such-folder")), run.err());
    }

    @Test
    void aFolderNamedLikeACommandIsTheOptionsFolder() {
        CliRun run = CliRun.of("--plugins", "plugins", "plugins");

        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("no such plugins folder: plugins (--plugins)"), run.err());
    }

    @Test
    void aPluginJarWhoseProviderCannotLoadIsNamedWithoutAStackTrace() throws Exception {
        PluginJarFixtures.pack(FIXTURES.resolve("broken"), temp.resolve("folder/broken-plugin.jar"));

        CliRun list = CliRun.of("--plugins", temp.resolve("folder").toString(), "plugins");
        CliRun plan = CliRun.of("--plugins", temp.resolve("folder").toString(), "plan", "--source",
                "src/test/resources/install/source", "--root", "Root", "--state", temp.resolve("state").toString());

        assertEquals(1, list.exitCode());
        assertTrue(list.err().matches("deploy: \\S*broken-plugin\\.jar: a plugin cannot be loaded: .*"
                + "com\\.example\\.missing\\.MissingStepHandler not found\n"), list.err());
        assertEquals(1, plan.exitCode());
        assertTrue(plan.out().matches("(?s)No plan for Root:\n  \\S*broken-plugin\\.jar: error: a plugin cannot be"
                + " loaded: .*MissingStepHandler not found\n"), plan.out());
        assertFalse((list.err() + plan.err()).contains("\tat "), "no stack trace");
    }

    @Test
    void aFileNamedLikeAJarThatIsNotOneIsNamed() throws Exception {
        Files.createDirectories(temp.resolve("folder"));
        Files.copy(FIXTURES.resolve("not-a-jar/notes.jar"), temp.resolve("folder/notes.jar"));

        CliRun run = CliRun.of("--plugins", temp.resolve("folder").toString(), "plugins");

        assertEquals(1, run.exitCode());
        assertTrue(run.err().matches("deploy: \\S*notes\\.jar: not a plugin jar that can be read: .*\n"), run.err());
    }

    @Test
    void statusReadsTheJournalWithoutLoadingThePlugins() throws Exception {
        Files.createDirectories(temp.resolve("folder"));
        Files.copy(FIXTURES.resolve("not-a-jar/notes.jar"), temp.resolve("folder/notes.jar"));
        Files.createDirectories(temp.resolve("state"));

        CliRun run = CliRun.of("--plugins", temp.resolve("folder").toString(), "status", "--json", "--state",
                temp.resolve("state").toString());

        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("\"installed\""), run.out());
    }
}
