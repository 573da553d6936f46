package dev.stagehand.cli;

import dev.stagehand.opcon.BatchScheduleServer;
import dev.stagehand.opcon.database.DeploymentDatabase;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code deploy server set|show}: the BatchScheduleServer definitions of the deployment database. */
@Command(name = "server", mixinStandardHelpOptions = true,
        description = "Defines and shows the OpCon systems (BatchScheduleServer) that schedule deployments.",
        subcommands = {ServerCommand.Set.class, ServerCommand.Show.class})
final class ServerCommand implements Runnable {

    @Spec
    CommandLine.Model.CommandSpec spec;

    @ParentCommand
    DeployCommand deploy;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "deploy server needs a command: set or show");
    }

    @Command(name = "set", mixinStandardHelpOptions = true,
            description = "Adds or replaces a BatchScheduleServer definition. TLS is always on.")
    static final class Set implements Callable<Integer> {
        @Spec
        CommandLine.Model.CommandSpec spec;

        @ParentCommand
        ServerCommand server;

        @Option(names = "--name", required = true, paramLabel = "NAME", description = "The definition's name.")
        String name;

        @Option(names = "--address", required = true, paramLabel = "HOST",
                description = "The host of OpCon's REST API, as its certificate names it.")
        String address;

        @Option(names = "--server-port", paramLabel = "PORT", defaultValue = "9011",
                description = "The seed's Server Port (default: ${DEFAULT-VALUE}); stored and shown, not used by the client.")
        int serverPort;

        @Option(names = "--api-port", paramLabel = "PORT", defaultValue = "9010",
                description = "The REST API's TLS port (default: ${DEFAULT-VALUE}).")
        int apiPort;

        @Option(names = "--ca-file", paramLabel = "PEM", description = "PEM file of the internal CA to trust.")
        Path caFile;

        @Option(names = "--truststore", paramLabel = "FILE", description = "A trust store (PKCS12, JKS) to trust instead.")
        Path trustStore;

        @Option(names = "--truststore-password-env", paramLabel = "VAR",
                description = "The environment variable holding the trust store's password.")
        String trustStorePasswordEnv;

        @Option(names = "--time-zone", paramLabel = "ZONE",
                description = "The OpCon server's time zone (default: this machine's); the API does not report it.")
        String timeZone;

        @CommandLine.Mixin
        OpConOptions.Config config = new OpConOptions.Config();

        @Override
        public Integer call() throws IOException {
            CommandLine line = spec.commandLine();
            for (Path file : java.util.Arrays.asList(caFile, trustStore)) {
                if (file != null && !Files.isRegularFile(file)) {
                    throw new CommandLine.ParameterException(line, "no such file: " + file);
                }
            }
            ZoneId zone;
            try {
                zone = timeZone == null ? ZoneId.systemDefault() : ZoneId.of(timeZone);
            } catch (DateTimeException e) {
                throw new CommandLine.ParameterException(line, "--time-zone " + timeZone + " is not a time zone (give"
                        + " a region such as Europe/Lisbon, or an offset such as +01:00)");
            }
            BatchScheduleServer definition;
            try {
                definition = new BatchScheduleServer(name, address, serverPort, apiPort, true,
                        caFile == null ? null : caFile.toAbsolutePath().normalize(),
                        trustStore == null ? null : trustStore.toAbsolutePath().normalize(), trustStorePasswordEnv, zone);
            } catch (dev.stagehand.api.DeploymentException e) {
                throw new CommandLine.ParameterException(line, e.getMessage());
            }
            DeploymentDatabase database = config.open(server.deploy);
            database.saveServer(definition);
            PrintWriter out = line.getOut();
            out.println("Saved the BatchScheduleServer " + name + " in " + database.settings().url() + ":");
            print(out, definition);
            out.flush();
            return 0;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Shows the BatchScheduleServer definitions.")
    static final class Show implements Callable<Integer> {
        @Spec
        CommandLine.Model.CommandSpec spec;

        @ParentCommand
        ServerCommand server;

        @Option(names = "--json", description = "Print as JSON.")
        boolean json;

        @CommandLine.Mixin
        OpConOptions.Config config = new OpConOptions.Config();

        @Override
        public Integer call() throws IOException {
            List<BatchScheduleServer> servers = config.open(server.deploy).servers();
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                out.println(JsonOutput.document(Map.of("servers", servers.stream().map(Show::toJson).toList())));
            } else if (servers.isEmpty()) {
                out.println("No BatchScheduleServer is defined: define one with deploy server set --name NAME --address"
                        + " HOST.");
            } else {
                servers.forEach(s -> print(out, s));
            }
            out.flush();
            return 0;
        }

        private static Map<String, Object> toJson(BatchScheduleServer s) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("name", s.name());
            json.put("address", s.address());
            json.put("serverPort", s.serverPort());
            json.put("apiPort", s.apiPort());
            json.put("usingTls", s.usingTls());
            json.put("caFile", s.caFile() == null ? null : s.caFile().toString());
            json.put("truststore", s.trustStore() == null ? null : s.trustStore().toString());
            json.put("truststorePasswordEnv", s.trustStorePasswordEnv());
            json.put("timeZone", s.timeZone().getId());
            return json;
        }
    }

    static void print(PrintWriter out, BatchScheduleServer s) {
        out.println("  " + s.name());
        out.println("    server address  " + s.address());
        out.println("    server port     " + s.serverPort() + "  (stored as the seed asks; the client does not use it)");
        out.println("    API port        " + s.apiPort() + "  (" + s.apiBase() + ")");
        out.println("    using TLS       " + (s.usingTls() ? "yes" : "NO: the client refuses this definition"));
        out.println("    trusts          " + (s.caFile() != null ? "the CA certificates of " + s.caFile()
                : s.trustStore() != null ? "the trust store " + s.trustStore() + (s.trustStorePasswordEnv() == null
                ? "" : " (password from $" + s.trustStorePasswordEnv() + ")") : "the JDK's certificate authorities"));
        out.println("    time zone       " + s.timeZone().getId());
    }
}
