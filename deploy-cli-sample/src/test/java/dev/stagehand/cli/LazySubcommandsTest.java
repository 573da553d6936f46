package dev.stagehand.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** A run builds the model of the sub-command it names only, and of all of them when it names none. */
class LazySubcommandsTest {

    private static Set<String> built(String... args) {
        return DeployCommand.commandLine(new CommandEnvironment(null, Map.of()), args).getSubcommands().keySet();
    }

    private static Set<String> every() {
        return built();
    }

    @Test
    void aRunOfOneCommandBuildsThatCommandOnly() {
        assertEquals(Set.of("plan"), built("plan", "--source", "s", "--root", "R"));
        assertEquals(Set.of("plan"), built("--debug", "-v", "plan", "--help"));
    }

    @Test
    void theValueOfAGlobalOptionIsNotTakenForTheCommandEvenWhenItIsACommandsName() {
        assertEquals(Set.of("validate"), built("--plugins", "plugins", "validate", "x"));
        assertEquals(Set.of("plugins"), built("--plugins=plan", "plugins"));
    }

    @Test
    void usageHelpAMisspeltCommandAndArgumentFilesSeeEveryCommand() {
        Set<String> all = every();
        assertEquals(DeployCommand.SUBCOMMANDS.size(), all.size(), all::toString);
        for (List<String> args : List.of(List.<String>of(), List.of("--help"), List.of("help", "plan"),
                List.of("plna"), List.of("@args.txt"), List.of("--", "plan"))) {
            assertEquals(all, built(args.toArray(String[]::new)), args::toString);
        }
    }

    @Test
    void everySubCommandIsListedWithItsAnnotatedName() {
        for (Class<?> subcommand : DeployCommand.SUBCOMMANDS) {
            String name = subcommand.getAnnotation(CommandLine.Command.class).name();
            assertEquals(subcommand == CommandLine.HelpCommand.class ? every() : Set.of(name), built(name),
                    subcommand::getName);
        }
    }

    @Test
    void aMisspeltCommandIsStillAnsweredWithTheCommandsItMayMean() {
        CliRun run = CliRun.of("plna");

        assertEquals(2, run.exitCode(), run.err());
        assertEquals(true, run.err().contains("Did you mean: deploy plan"), run.err());
    }

    @Test
    void helpOfACommandIsTheUsageOfThatCommand() {
        CliRun run = CliRun.of("help", "plan");

        assertEquals(0, run.exitCode(), run.err());
        assertEquals(true, run.out().startsWith("Usage: deploy plan "), run.out());
    }
}
