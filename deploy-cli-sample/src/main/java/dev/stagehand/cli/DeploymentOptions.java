package dev.stagehand.cli;

import dev.stagehand.core.Parameters;
import dev.stagehand.core.RootRequest;
import dev.stagehand.core.Stagehand;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** The options that say what to deploy from where, shared by {@code plan} and {@code install}. */
final class DeploymentOptions {

    @Option(names = "--source", required = true, arity = "1..*", paramLabel = "DIR",
            description = "Package source folder(s), searched in order.")
    List<Path> sources;

    @Option(names = "--root", required = true, paramLabel = "ID[@VERSION]",
            description = "The root package, optionally with a version or range (default: its highest version).")
    String root;

    @Option(names = "--parameters", paramLabel = "FILE", description = "parameters.json with variable values.")
    Path parameters;

    @Option(names = "--state", paramLabel = "DIR", defaultValue = ".deploy",
            description = "State folder: the journal of what is installed, and the lock (default: ${DEFAULT-VALUE}).")
    Path state;

    /**
     * The configuration these options describe.
     *
     * @throws CommandLine.ParameterException (bad usage) when a source folder does not exist
     */
    Stagehand.Configuration configuration(CommandLine commandLine) throws IOException {
        for (Path source : sources) {
            if (!Files.isDirectory(source)) {
                throw new CommandLine.ParameterException(commandLine, "no such source folder: " + source);
            }
        }
        Stagehand.Configuration configuration = Stagehand.configure().sources(sources).stateDirectory(state);
        if (parameters != null) {
            configuration.parameters(Parameters.read(parameters));
        }
        return configuration;
    }

    RootRequest rootRequest() {
        return RootRequest.parse(root);
    }
}
