package dev.stagehand.cli;

import dev.stagehand.api.DeploymentException;
import dev.stagehand.api.Location;
import dev.stagehand.core.result.DriftReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code deploy verify}: compares the target with what the journal recorded; exit 1 on drift. */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = "Compares the target with what the journal recorded: files changed or missing, files added in"
                + " folders the deployments created; by size and modification time, by content with --deep. Exits 1"
                + " on drift. With --targets/--target or --target-uri: each target against the journal kept on"
                + " it.")
final class VerifyCommand implements Callable<Integer> {

    @Spec
    CommandLine.Model.CommandSpec spec;

    @ParentCommand
    DeployCommand deploy;

    @Option(names = "--state", paramLabel = "DIR", defaultValue = ".deploy",
            description = "State folder (default: ${DEFAULT-VALUE}).")
    Path state;

    @Option(names = "--deep", description = "Also compare contents, by hash, where the journal has one.")
    boolean deep;

    @Option(names = "--json", description = "Print as JSON.")
    boolean json;

    @CommandLine.Mixin
    TargetsOptions targets;

    @Option(names = "--set", paramLabel = "NAME=VALUE",
            description = "With targets: a value for opening them, e.g. Ssh.Passphrase (repeatable; over DEPLOY_VAR_<NAME>).")
    Map<String, String> values = new LinkedHashMap<>();

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        if (targets.given()) {
            // Each target against its own journal, read from the target.
            return TargetsCommands.verify(out, targets.selected(spec.commandLine()),
                    TargetsCommands.journalOnTarget(deploy, state, values), deep, json);
        }
        if (!Files.isDirectory(state)) {
            throw new DeploymentException("no such state folder (--state): nothing was ever deployed with it, or it"
                    + " is not the folder meant", Location.ofFile(state.toString()));
        }
        DriftReport report;
        try (var stagehand = deploy.configure().stateDirectory(state).load()) {
            report = stagehand.verify(deep);
        }
        if (json) {
            out.println(JsonOutput.document(toJson(report)));
        } else {
            printText(out, report);
        }
        out.flush();
        return report.clean() ? 0 : DeployCommand.FAILED;
    }

    /** {@return the report as JSON: {@code checked} and each {@code drift}} */
    static Map<String, Object> toJson(DriftReport report) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("checked", report.checked());
        map.put("drift", report.drifts().stream().map(d -> Map.of("kind", d.kind().name().toLowerCase(Locale.ROOT),
                "target", d.target(), "path", d.path(), "package", d.owner())).toList());
        return map;
    }

    static void printText(PrintWriter out, DriftReport report) {
        if (report.clean()) {
            out.println("No drift: " + ValidateCommand.plural(report.checked(), "deployed file") + " as recorded.");
        } else {
            out.println("Drift: " + ValidateCommand.plural(report.drifts().size(), "difference") + " in "
                    + ValidateCommand.plural(report.checked(), "deployed file") + ":");
            for (DriftReport.Drift d : report.drifts()) {
                out.printf("  %-8s %s  (%s, on %s)%n", d.kind().name().toLowerCase(Locale.ROOT), d.path(), d.owner(),
                        d.target());
            }
        }
    }
}
