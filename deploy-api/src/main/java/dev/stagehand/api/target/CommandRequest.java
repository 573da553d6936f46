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

    public CommandRequest {
        command = List.copyOf(command);
        environment = Map.copyOf(environment);
        output = output == null ? line -> { } : output;
        error = error == null ? line -> { } : error;
    }

    public static CommandRequest of(List<String> command, Duration timeout) {
        return new CommandRequest(command, null, Map.of(), timeout, null, null);
    }

    public CommandRequest withOutput(Consumer<String> standardOutput, Consumer<String> standardError) {
        return new CommandRequest(command, workingDirectory, environment, timeout, standardOutput, standardError);
    }

    public CommandRequest withEnvironment(Map<String, String> values) {
        return new CommandRequest(command, workingDirectory, values, timeout, output, error);
    }

    public CommandRequest inDirectory(String folder) {
        return new CommandRequest(command, folder, environment, timeout, output, error);
    }
}
