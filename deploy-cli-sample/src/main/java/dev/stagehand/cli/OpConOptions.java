package dev.stagehand.cli;

import dev.stagehand.opcon.DeployConfig;
import dev.stagehand.opcon.ScheduledDeployment;
import dev.stagehand.opcon.client.OpConClient;
import dev.stagehand.opcon.client.OpConCredentials;
import dev.stagehand.opcon.database.DeploymentDatabase;
import java.io.Console;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** What the OpCon commands share: where the deployment database is, and who calls OpCon. */
final class OpConOptions {

    private OpConOptions() {
    }

    /** {@code --config FILE}: the config.ini that says where the deployment database is. */
    static final class Config {
        @Option(names = "--config", paramLabel = "FILE",
                description = "config.ini naming the deployment database (default: $DEPLOY_CONFIG, else ./config.ini,"
                        + " else ~/.config/stagehand/config.ini; without one, an H2 file beside where it would be).")
        Path file;

        /** The deployment database, its schema created or migrated on first use. */
        DeploymentDatabase open(DeployCommand deploy) throws IOException {
            Map<String, String> environment = deploy.variables();
            DeployConfig config = DeployConfig.read(DeployConfig.locate(file, environment), environment);
            return DeploymentDatabase.open(config.database(), Clock.systemUTC());
        }
    }

    /**
     * {@code --user U [--password-env VAR] | --token-env VAR}: the password comes from an environment variable or
     * a prompt, never from an option's value, which process lists and shell histories show.
     */
    static final class Credentials {
        @Option(names = "--user", paramLabel = "U", description = "The OpCon user to log in as.")
        String user;

        @Option(names = "--password-env", paramLabel = "VAR",
                description = "The environment variable holding the user's password (else it is asked for).")
        String passwordEnv;

        @Option(names = "--token-env", paramLabel = "VAR",
                description = "The environment variable holding an OpCon application token (instead of --user).")
        String tokenEnv;

        /** Only to refuse it without echoing its value, as picocli does with an unknown option's arguments. */
        @Option(names = "--password", hidden = true, paramLabel = "SECRET")
        String passwordValue;

        boolean given() {
            return user != null || tokenEnv != null || passwordValue != null;
        }

        /**
         * Who calls OpCon.
         *
         * @throws CommandLine.ParameterException (bad usage) when neither or both are given, or a variable is not set
         */
        OpConCredentials read(CommandLine line, Map<String, String> environment) {
            if (passwordValue != null) {
                throw new CommandLine.ParameterException(line, "--password is not accepted: an option's value shows in"
                        + " process lists and shell histories; name an environment variable holding it with"
                        + " --password-env VAR, or leave both out to be asked");
            }
            if (user != null && tokenEnv != null) {
                throw new CommandLine.ParameterException(line, "give --user or --token-env, not both");
            }
            if (passwordEnv != null && user == null) {
                throw new CommandLine.ParameterException(line, "--password-env goes with --user");
            }
            if (tokenEnv != null) {
                return new OpConCredentials.ApplicationToken(variable(line, environment, tokenEnv, "--token-env"));
            }
            if (user == null) {
                throw new CommandLine.ParameterException(line, "OpCon needs a user (--user U, with --password-env VAR"
                        + " or a prompt) or an application token (--token-env VAR)");
            }
            if (passwordEnv != null) {
                return new OpConCredentials.User(user, variable(line, environment, passwordEnv, "--password-env"));
            }
            Console console = System.console();
            if (console == null) {
                throw new CommandLine.ParameterException(line, "no terminal to ask for " + user + "'s OpCon password"
                        + " on: give it in an environment variable named by --password-env VAR");
            }
            char[] password = console.readPassword("OpCon password for %s: ", user);
            if (password == null || password.length == 0) {
                throw new CommandLine.ParameterException(line, "no OpCon password was given");
            }
            return new OpConCredentials.User(user, new String(password));
        }

        private static String variable(CommandLine line, Map<String, String> environment, String name, String option) {
            String value = environment.get(name);
            if (value == null || value.isEmpty()) {
                throw new CommandLine.ParameterException(line, "the environment variable " + name + " (" + option
                        + ") is not set");
            }
            return value;
        }
    }

    /** The polling of OpCon's asynchronous work the commands use. */
    static OpConClient.Polling polling() {
        return OpConClient.Polling.DEFAULT;
    }

    /** The JSON form of a Deployment record (its saved plan left out: {@code deploy plan} shows plans). */
    static Map<String, Object> toJson(ScheduledDeployment d) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", d.id());
        json.put("name", d.name());
        json.put("kind", d.kind() == dev.stagehand.opcon.DeploymentKind.PACKAGE ? "package" : "schedule");
        json.put("package", d.packageId());
        json.put("version", d.version());
        json.put("target", d.target());
        json.put("parameters", d.parametersFile());
        json.put("scheduledAt", d.scheduledAt().toOffsetDateTime().toString());
        json.put("zone", d.scheduledAt().getZone().getId());
        json.put("status", d.status().text());
        json.put("requestedBy", d.requestedBy());
        json.put("created", d.createdAt().toString());
        json.put("updated", d.updatedAt().toString());
        json.put("server", d.serverName());
        json.put("scheduleDate", d.scheduleDate().toString());
        json.put("dailySchedule", d.dailyScheduleId());
        json.put("job", d.jobName());
        json.put("action", d.actionId());
        json.put("message", d.message());
        return json;
    }
}
