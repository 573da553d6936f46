package dev.stagehand.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import picocli.CommandLine;

/** Runs the {@code deploy} command in-process and keeps what it printed. */
record CliRun(int exitCode, String out, String err) {

    /** Runs the command with an empty environment and no installation folder. */
    static CliRun of(String... args) {
        return in(new CommandEnvironment(null, Map.of()), args);
    }

    /** Runs the command with the environment variables and installation folder of {@code environment}. */
    static CliRun in(CommandEnvironment environment, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine line = DeployCommand.commandLine(environment, args);
        line.setOut(new PrintWriter(out, true));
        line.setErr(new PrintWriter(err, true));
        int code = line.execute(args);
        return new CliRun(code, out.toString(), err.toString());
    }
}
