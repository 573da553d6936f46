package dev.stagehand.cli;

import dev.stagehand.core.targets.NamedTarget;
import dev.stagehand.core.targets.TargetsFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * The options that deploy onto other machines, shared by {@code plan}, {@code install},
 * {@code status}, {@code verify} and {@code schedule}: a targets file and a target or group of it, or one target by URI. Each such
 * target keeps its journal and lock on itself, in {@code .deploy/} of its base folder.
 */
final class TargetsOptions {

    static final int MAX_PARALLEL = 64;

    @Option(names = "--targets", paramLabel = "FILE",
            description = "A targets file (JSON): named targets with their URI, key, known_hosts and parameters, and groups.")
    Path file;

    @Option(names = "--target", paramLabel = "NAME|GROUP", description = "The target or group of --targets to deploy to.")
    String name;

    @Option(names = "--target-uri", paramLabel = "URI",
            description = "One target without a targets file, e.g. ssh://deploy@app1:22/srv/app?identity=key&knownHosts=kh.")
    String uri;

    @Option(names = "--max-parallel", paramLabel = "N", defaultValue = "4",
            description = "How many targets at once (1 to 64, default: ${DEFAULT-VALUE}).")
    int maxParallel;

    /** Whether any of these options was given: the command then deploys onto those targets. */
    boolean given() {
        return file != null || name != null || uri != null;
    }

    /**
     * The targets chosen.
     *
     * @throws CommandLine.ParameterException (bad usage) when the options do not fit together
     */
    List<NamedTarget> selected(CommandLine commandLine) {
        if (maxParallel < 1 || maxParallel > MAX_PARALLEL) {
            throw new CommandLine.ParameterException(commandLine, "--max-parallel must be between 1 and " + MAX_PARALLEL
                    + ", not " + maxParallel);
        }
        if (uri != null) {
            if (file != null || name != null) {
                throw new CommandLine.ParameterException(commandLine, "--target-uri names one target on its own: leave"
                        + " out --targets and --target");
            }
            return List.of(new NamedTarget(uri.replaceAll("\\?.*", ""), uri, java.util.Map.of()));
        }
        if (file == null || name == null) {
            throw new CommandLine.ParameterException(commandLine, "--targets FILE and --target NAME|GROUP go together");
        }
        if (!Files.isRegularFile(file)) {
            throw new CommandLine.ParameterException(commandLine, "no such targets file: " + file);
        }
        return TargetsFile.read(file).select(name);
    }
}
