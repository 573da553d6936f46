package dev.stagehand.cli;

import dev.stagehand.api.journal.DeploymentRecord;
import dev.stagehand.api.journal.InstalledPackage;
import dev.stagehand.core.Stagehand;
import dev.stagehand.core.result.JournalReport;
import dev.stagehand.api.DeploymentException;
import dev.stagehand.api.Location;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
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

/** {@code deploy status}: what a state folder's journal says is installed, and the last deployments. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Shows the installed packages and the last deployments of a state folder.")
final class StatusCommand implements Callable<Integer> {

    @Spec
    CommandLine.Model.CommandSpec spec;

    @ParentCommand
    DeployCommand deploy;

    @Option(names = "--state", paramLabel = "DIR", defaultValue = ".deploy",
            description = "State folder (default: ${DEFAULT-VALUE}).")
    Path state;

    /** More than anyone reads in a terminal; a journal keeps no more than it is asked for. */
    static final int MAX_LAST = 100_000;

    @Option(names = "--last", paramLabel = "N", defaultValue = "10",
            description = "How many deployments to show (1 to 100000, default: ${DEFAULT-VALUE}).")
    int last;

    @Option(names = "--json", description = "Print as JSON.")
    boolean json;

    @CommandLine.Mixin
    TargetsOptions targets;

    @Option(names = "--set", paramLabel = "NAME=VALUE",
            description = "With targets: a value for opening them, e.g. Ssh.Passphrase (repeatable; over DEPLOY_VAR_<NAME>).")
    Map<String, String> values = new LinkedHashMap<>();

    @Override
    public Integer call() {
        if (last < 1 || last > MAX_LAST) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--last must be between 1 and " + MAX_LAST
                    + ", not " + last);
        }
        if (targets.given()) {
            // What each target's own journal says, read from the target.
            return TargetsCommands.status(spec.commandLine().getOut(), targets.selected(spec.commandLine()),
                    TargetsCommands.journalOnTarget(deploy, state, values), last, json);
        }
        if (!Files.isDirectory(state)) {
            // "Nothing is installed" would be a guess: a mistyped folder looks just like a fresh machine.
            throw new DeploymentException("no such state folder (--state): nothing was ever deployed with it, or it"
                    + " is not the folder meant", Location.ofFile(state.toString()));
        }
        // The journal alone: no plugin is loaded, so a broken jar in plugins/ does not hide what is installed.
        JournalReport status = Stagehand.configure().stateDirectory(state).load().status();
        PrintWriter out = spec.commandLine().getOut();
        List<DeploymentRecord> deployments = status.deployments().stream().limit(last).toList();
        if (json) {
            Map<String, Object> map = new LinkedHashMap<>();
            map.put("installed", status.installed());
            map.put("deployments", deployments);
            out.println(JsonOutput.document(map));
        } else {
            if (status.installed().isEmpty()) {
                out.println("Nothing is installed according to " + state + ".");
            } else {
                out.println("Installed (" + status.installed().size() + "):");
                for (InstalledPackage p : status.installed()) {
                    out.printf("  %-40s %-14s %s  by %s%n", p.packageId(), p.version(), p.installedAt(), p.deploymentId());
                }
            }
            if (!deployments.isEmpty()) {
                out.println();
                out.println("Last deployments:");
                for (DeploymentRecord d : deployments) {
                    out.printf("  %s  %-11s %s by %s, %s%s%n", d.id(), d.outcome().name().toLowerCase(Locale.ROOT), d.root(),
                            d.user(), d.started(), d.summary().isEmpty() ? "" : " - " + d.summary());
                }
            }
        }
        out.flush();
        return 0;
    }
}
