package dev.stagehand.steps.powershell;

import dev.stagehand.api.DeploymentException;
import dev.stagehand.api.spi.StepContext;
import dev.stagehand.api.target.CommandRequest;
import dev.stagehand.api.target.CommandResult;
import dev.stagehand.api.target.DeploymentTarget;
import dev.stagehand.api.target.EnvironmentPassing;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Runs one package script with PowerShell on the step's target: the interpreter of
 * {@code Product.PowerShell.Path}, or the first of {@code pwsh} and {@code powershell.exe} that
 * starts on the target; the script uploaded into an owner-only temporary folder of the target;
 * the deployment's variables as {@code DEPLOY_<NAME>} environment variables (through an
 * owner-only file when the target cannot pass environment privately); each line of output and
 * error passed to the step's output (log and listeners, masked) as it comes; a non-zero exit or a timeout fails with the last error lines.
 */
final class PowerShell {

    static final String PATH_VARIABLE = "Product.PowerShell.Path";
    static final List<String> CANDIDATES = List.of("pwsh", "powershell.exe");
    static final List<String> FLAGS = List.of("-NoProfile", "-NonInteractive", "-ExecutionPolicy", "Bypass");
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(1800);
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(60);

    private PowerShell() {
    }

    /** The interpreter to use, or empty when none is configured and none starts on the target. */
    static Optional<String> interpreter(StepContext context) throws InterruptedException {
        Optional<String> configured = context.variables().get(PATH_VARIABLE).filter(v -> !v.isBlank());
        if (configured.isPresent()) {
            return configured;
        }
        for (String candidate : CANDIDATES) {
            List<String> probe = new ArrayList<>();
            probe.add(candidate);
            probe.addAll(FLAGS);
            probe.add("-Command");
            probe.add("exit 0");
            try {
                if (context.target().run(CommandRequest.of(probe, PROBE_TIMEOUT)).succeeded()) {
                    return Optional.of(candidate);
                }
            } catch (IOException notThere) {
                // not on the target's PATH: try the next one
            }
        }
        return Optional.empty();
    }

    static String missingInterpreter() {
        return "no PowerShell interpreter: set " + PATH_VARIABLE + " or put pwsh (PowerShell 7) or powershell.exe"
                + " on the target's PATH";
    }

    /** {@code Product.Database.Online.Server} as {@code DEPLOY_PRODUCT_DATABASE_ONLINE_SERVER}. */
    static String environmentName(String variable) {
        return "DEPLOY_" + variable.trim().toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
    }

    static Map<String, String> environment(StepContext context) {
        Map<String, String> environment = new LinkedHashMap<>();
        for (String name : context.variables().names()) {
            context.variables().get(name).ifPresent(value -> environment.put(environmentName(name), value));
        }
        return environment;
    }

    /**
     * Runs {@code scriptPath} (a package path) with {@code parameters} as {@code -Name value}.
     *
     * @throws DeploymentException naming the script when it fails, times out or no interpreter is there
     */
    static void run(StepContext context, String scriptPath, Map<String, String> parameters, Duration timeout)
            throws IOException, InterruptedException {
        String interpreter = interpreter(context).orElseThrow(() -> new DeploymentException(missingInterpreter(),
                context.location()));
        DeploymentTarget target = context.target();
        String folder = target.createTempDirectory("stagehand-ps-");
        try {
            String fileName = scriptPath.substring(scriptPath.lastIndexOf('/') + 1);
            String script = target.resolve(folder, fileName);
            target.upload(context.content().resolve(scriptPath), script);
            Map<String, String> environment = environment(context);
            boolean privately = target.capability(EnvironmentPassing.class)
                    .map(EnvironmentPassing::passesEnvironmentPrivately).orElse(true);
            String file = script;
            if (!privately && !environment.isEmpty()) {
                String variables = target.resolve(folder, "deploy-environment.ps1");
                StringBuilder text = new StringBuilder();
                environment.forEach((name, value) -> text.append("$env:").append(name).append(" = ")
                        .append(quote(value)).append('\n'));
                target.write(variables, new ByteArrayInputStream(text.toString().getBytes(StandardCharsets.UTF_8)));
                String wrapper = target.resolve(folder, "deploy-run.ps1");
                String body = ". " + quote(variables) + "\nRemove-Item -LiteralPath " + quote(variables)
                        + "\n& " + quote(script) + " @args\nexit $LASTEXITCODE\n";
                target.write(wrapper, new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)));
                file = wrapper;
                environment = Map.of();
            }
            List<String> command = new ArrayList<>();
            command.add(interpreter);
            command.addAll(FLAGS);
            command.add("-File");
            command.add(file);
            parameters.forEach((name, value) -> {
                command.add("-" + name);
                command.add(value);
            });
            long[] lines = new long[1];
            CommandRequest request = new CommandRequest(command, null, environment, timeout,
                    line -> {
                        lines[0]++;
                        context.output(false, context.variables().mask(line));
                        context.progress(lines[0], -1, "lines");
                    },
                    line -> context.output(true, context.variables().mask(line)));
            context.log().info("{} {}", interpreter, context.variables().mask(String.join(" ", command.subList(1,
                    command.size()))));
            CommandResult result = target.run(request);
            if (result.timedOut()) {
                throw new DeploymentException("PowerShell script " + scriptPath + " ran longer than "
                        + timeout.toSeconds() + " s and was killed with its child processes" + tail(context, result),
                        context.location());
            }
            if (!result.succeeded()) {
                throw new DeploymentException("PowerShell script " + scriptPath + " failed with exit code "
                        + result.exitCode() + tail(context, result), context.location());
            }
            context.detail(scriptPath + ": exit code 0, " + lines[0] + " lines of output");
        } finally {
            target.delete(folder);
        }
    }

    private static String tail(StepContext context, CommandResult result) {
        if (result.errorTail().isEmpty()) {
            return "";
        }
        return ":\n" + context.variables().mask(String.join("\n", result.errorTail()));
    }

    /** A PowerShell single-quoted string literal. */
    static String quote(String value) {
        return "'" + value.replace("'", "''") + "'";
    }

    static Duration timeout(StepContext context) {
        Optional<String> value = context.attribute("timeout").filter(v -> !v.isBlank());
        if (value.isEmpty()) {
            return DEFAULT_TIMEOUT;
        }
        try {
            long seconds = Long.parseLong(value.get().trim());
            if (seconds > 0) {
                return Duration.ofSeconds(seconds);
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new DeploymentException("attribute timeout is '" + value.get() + "', expected a number of seconds above 0",
                context.location());
    }
}
