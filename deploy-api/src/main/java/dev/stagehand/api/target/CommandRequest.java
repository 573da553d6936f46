package dev.stagehand.api.target;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A command to run on a target.
 *
 * @param command          program and arguments (no shell unless the program is one)
 * @param workingDirectory folder to run in, null for the target's default
 * @param environment      variables added to the environment
 * @param timeout          the process is killed after this long
 * @param output           receives each line of standard output and error as it comes
 */
public record CommandRequest(List<String> command, String workingDirectory, Map<String, String> environment,
                             Duration timeout, Consumer<String> output) {

    public CommandRequest {
        command = List.copyOf(command);
        environment = Map.copyOf(environment);
        output = output == null ? line -> { } : output;
    }

    public static CommandRequest of(List<String> command, Duration timeout) {
        return new CommandRequest(command, null, Map.of(), timeout, null);
    }
}
