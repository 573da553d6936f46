package dev.stagehand.cli;

import dev.stagehand.opcon.ScheduledDeployment;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code deploy deployments}: the records of the deployment database (deploy status is the journal's view). */
@Command(name = "deployments", mixinStandardHelpOptions = true,
        description = "Lists the scheduled deployments of the deployment database and where each stands.")
final class DeploymentsCommand implements Callable<Integer> {

    @Spec
    CommandLine.Model.CommandSpec spec;

    @ParentCommand
    DeployCommand deploy;

    @Option(names = "--json", description = "Print as JSON.")
    boolean json;

    @CommandLine.Mixin
    OpConOptions.Config config = new OpConOptions.Config();

    @Override
    public Integer call() throws IOException {
        List<ScheduledDeployment> all = config.open(deploy).deployments();
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(JsonOutput.document(Map.of("deployments", all.stream().map(OpConOptions::toJson).toList())));
        } else if (all.isEmpty()) {
            out.println("No deployment is scheduled or recorded.");
        } else {
            String row = "  %5s  %-10s  %-32s  %-24s  %-8s  %-15s  %s%n";
            out.printf(row, "id", "status", "scheduled at", "what", "server", "job", "message");
            for (ScheduledDeployment d : all) {
                out.printf(row, d.id(), d.status(), d.scheduledAt(), d.coordinates(), d.serverName(), d.jobName(),
                        d.message() == null ? "" : d.message());
            }
        }
        out.flush();
        return 0;
    }
}
