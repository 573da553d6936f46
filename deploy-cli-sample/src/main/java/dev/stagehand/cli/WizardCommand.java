package dev.stagehand.cli;

import dev.stagehand.api.DeploymentException;
import dev.stagehand.core.Parameters;
import dev.stagehand.core.Stagehand;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code deploy wizard}: the setup wizard of a root as a local web page ({@link WizardServer}),
 * which writes parameters.json and can install with it.
 */
@Command(name = "wizard", mixinStandardHelpOptions = true,
        description = "Serves the setup wizard of ROOT and its packages on 127.0.0.1 (a one-time address), writes the"
                + " values to a parameters file and offers to install with them.")
final class WizardCommand implements Callable<Integer> {

    @Spec
    CommandLine.Model.CommandSpec spec;

    @ParentCommand
    DeployCommand deploy;

    @CommandLine.Mixin
    DeploymentOptions.Source source;

    @CommandLine.Mixin
    DeploymentOptions deployment;

    @Option(names = "--out", paramLabel = "FILE", defaultValue = "parameters.json",
            description = "Where the wizard writes the parameters (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--port", paramLabel = "N", defaultValue = "0",
            description = "The port on 127.0.0.1 (default: one the system picks).")
    int port;

    @Option(names = "--no-browser", description = "Only print the address; do not open a browser.")
    boolean noBrowser;

    @Override
    public Integer call() throws IOException, InterruptedException {
        if (port < 0 || port > 65535) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--port must be between 0 and 65535");
        }
        Path folder = out.toAbsolutePath().getParent();
        if (folder != null && !Files.isDirectory(folder)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "no such folder for --out: " + folder);
        }
        List<Path> folders = source.existingFolders(spec.commandLine());
        PrintWriter screen = spec.commandLine().getOut();
        WizardServer.Stagehands stagehands = (values, listener) -> {
            Stagehand.Configuration configuration = deployment.configuration(deploy.configure(), folders,
                    deployment.parameters, spec.commandLine()).listener(listener);
            values.forEach(configuration::set);
            return deploy.load(configuration);
        };
        Map<String, String> given = new LinkedHashMap<>();
        if (deployment.parameters != null) {
            given.putAll(Parameters.read(deployment.parameters));
        }
        given.putAll(deployment.values);
        try (Stagehand stagehand = stagehands.open(Map.of(), dev.stagehand.api.event.DeploymentListener.NONE);
             WizardServer server = WizardServer.start(WizardForm.of(stagehand, source.rootRequest(), given),
                     stagehands, out, port)) {
            screen.println("The setup wizard of " + source.rootRequest().id() + " is at " + server.address());
            screen.println("(only this address, with its token, is served; press Ctrl-C to stop)");
            screen.flush();
            if (!noBrowser) {
                browse(server.address());
            }
            server.awaitFinished();
            return 0;
        } catch (DeploymentException e) {
            spec.commandLine().getErr().println("deploy wizard: " + e.getMessage());
            return DeployCommand.FAILED;
        }
    }

    private static void browse(java.net.URI address) {
        try {
            if (java.awt.Desktop.isDesktopSupported()
                    && java.awt.Desktop.getDesktop().isSupported(java.awt.Desktop.Action.BROWSE)) {
                java.awt.Desktop.getDesktop().browse(address);
            }
        } catch (IOException | UnsupportedOperationException e) {
            LoggerFactory.getLogger(WizardCommand.class).debug("could not open a browser", e);
        }
    }
}
