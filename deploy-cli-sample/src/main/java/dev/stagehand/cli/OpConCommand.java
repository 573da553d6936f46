package dev.stagehand.cli;

import dev.stagehand.api.DeploymentException;
import dev.stagehand.api.io.AtomicFiles;
import dev.stagehand.opcon.BatchDeployTemplate;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code deploy opcon template}: the BATCH_DEPLOY schedule definition, rendered for an environment. */
@Command(name = "opcon", mixinStandardHelpOptions = true, description = "OpCon helpers.",
        subcommands = OpConCommand.Template.class)
final class OpConCommand implements Runnable {

    @Spec
    CommandLine.Model.CommandSpec spec;

    @ParentCommand
    DeployCommand deploy;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "deploy opcon needs a command: template");
    }

    @Command(name = "template", mixinStandardHelpOptions = true,
            description = "Renders templates/BATCH_DEPLOY.json (the schedule with DEPLOY_PACKAGE and DEPLOY_SCHEDULE)"
                    + " for the machine, install directory and user of an environment, to import into OpCon.")
    static final class Template implements Callable<Integer> {
        @Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--machine", required = true, paramLabel = "M",
                description = "The machine (Windows LSAM) the jobs run on.")
        String machine;

        @Option(names = "--directory", required = true, paramLabel = "D",
                description = "The folder the deploy client is installed in on that machine.")
        String directory;

        @Option(names = "--user", required = true, paramLabel = "U", description = "The user the jobs run under.")
        String user;

        @Option(names = "--out", paramLabel = "FILE", description = "Write it to FILE (default: standard output).")
        Path outFile;

        @Override
        public Integer call() throws IOException {
            String rendered;
            try {
                rendered = BatchDeployTemplate.render(machine, directory, user);
            } catch (DeploymentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
            }
            PrintWriter out = spec.commandLine().getOut();
            if (outFile == null) {
                out.print(rendered);
            } else {
                Path parent = outFile.toAbsolutePath().getParent();
                if (parent != null && !Files.isDirectory(parent)) {
                    throw new CommandLine.ParameterException(spec.commandLine(), "no such folder for --out: " + parent);
                }
                AtomicFiles.write(outFile.toAbsolutePath(), rendered.getBytes(StandardCharsets.UTF_8), false);
                out.println("Wrote the BATCH_DEPLOY schedule for " + machine + " to " + outFile
                        + "; import it into OpCon (Solution Manager).");
            }
            out.flush();
            return 0;
        }
    }
}
