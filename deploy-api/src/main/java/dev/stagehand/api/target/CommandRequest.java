package dev.stagehand.api.target;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A command to run on a target.
 *
 * @param command          program and arguments (no shell unless the program is one)
 * @param workingDirectory folder to run in, null for the target's base folder
 * @param environment      variables added to the environment (a target passes them privately, never on a command line)
 * @param timeout          the process and its children are killed after this long; null for no limit
 * @param output           receives each line of standard output as it comes
 * @param error            receives each line of standard error as it comes
 */
public record CommandRequest(List<String> command, String workingDirectory, Map<String, String> environment,
                             Duration timeout, Consumer<String> output, Consumer<String> error) {

    /**
     * Copies the command and environment; a missing consumer drops its lines.
     *
     * @param command program and arguments (no shell unless the program is one)
     * @param workingDirectory folder to run in, null for the target's base folder
     * @param environment variables added to the environment (a target passes them privately, never on a
     *                    command line)
     * @param timeout the process and its children are killed after this long; null for no limit
     * @param output receives each line of standard output as it comes
     * @param error receives each line of standard error as it comes
     */
    public CommandRequest {
        command = List.copyOf(command);
        environment = Map.copyOf(environment);
        output = output == null ? line -> { } : output;
        error = error == null ? line -> { } : error;
    }

    /**
     * A command in the target's base folder, with no extra environment, whose output is dropped.
     *
     * @param command program and arguments
     * @param timeout how long it may run; null for no limit
     * @return the request
     */
    public static CommandRequest of(List<String> command, Duration timeout) {
        return new CommandRequest(command, null, Map.of(), timeout, null, null);
    }

    /**
     * @param standardOutput receives each line of standard output
     * @param standardError receives each line of standard error
     * @return a copy with these consumers
     */
    public CommandRequest withOutput(Consumer<String> standardOutput, Consumer<String> standardError) {
        return new CommandRequest(command, workingDirectory, environment, timeout, standardOutput, standardError);
    }

    /**
     * @param values the variables to add to the environment (secrets among them never reach a command line)
     * @return a copy with this environment
     */
    public CommandRequest withEnvironment(Map<String, String> values) {
        return new CommandRequest(command, workingDirectory, values, timeout, output, error);
    }

    /**
     * @param folder the folder to run in, in the target's syntax
     * @return a copy that runs there
     */
    public CommandRequest inDirectory(String folder) {
        return new CommandRequest(command, folder, environment, timeout, output, error);
    }
}
