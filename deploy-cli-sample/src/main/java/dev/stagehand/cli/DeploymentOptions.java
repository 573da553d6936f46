package dev.stagehand.cli;

import dev.stagehand.core.Parameters;
import dev.stagehand.core.RootRequest;
import dev.stagehand.core.Stagehand;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** The options that give variable values and the state folder, shared by {@code plan} and {@code install}. */
final class DeploymentOptions {

    @Option(names = "--parameters", paramLabel = "FILE", description = "parameters.json with variable values.")
    Path parameters;

    @Option(names = "--set", paramLabel = "NAME=VALUE",
            description = "A variable's value, over parameters.json and DEPLOY_VAR_<NAME> (repeatable).")
    Map<String, String> values = new LinkedHashMap<>();

    @Option(names = "--state", paramLabel = "DIR", defaultValue = ".deploy",
            description = "State folder: the journal of what is installed, and the lock (default: ${DEFAULT-VALUE}).")
    Path state;

    @CommandLine.Mixin
    ZipOptions zip;

    /** What to deploy from where: the package source folders and the root package. */
    static final class Source {

        @Option(names = "--source", required = true, arity = "1..*", paramLabel = "DIR",
                description = "Package source folder(s), searched in order.")
        List<Path> folders;

        @Option(names = "--root", required = true, paramLabel = "ID[@VERSION]",
                description = "The root package, optionally with a version or range (default: its highest version).")
        String root;

        /**
         * The source folders.
         *
         * @throws CommandLine.ParameterException (bad usage) when one does not exist
         */
        List<Path> existingFolders(CommandLine commandLine) {
            for (Path folder : folders) {
                if (!Files.isDirectory(folder)) {
                    throw new CommandLine.ParameterException(commandLine, "no such source folder: " + folder);
                }
            }
            return folders;
        }

        RootRequest rootRequest() {
            return RootRequest.parse(root);
        }
    }

    /**
     * {@code base} with these sources, the state folder and the values: {@code parametersFile}
     * (null for none), then the {@code --set} values over it (and over the environment's).
     */
    Stagehand.Configuration configuration(Stagehand.Configuration base, List<Path> sources, Path parametersFile,
                                          CommandLine commandLine) throws IOException {
        Stagehand.Configuration configuration = base.sources(sources).stateDirectory(state)
                .zipLimits(zip.limits(commandLine));
        if (parametersFile != null) {
            configuration.parameters(Parameters.read(parametersFile));
        }
        values.forEach(configuration::set);
        return configuration;
    }
}
