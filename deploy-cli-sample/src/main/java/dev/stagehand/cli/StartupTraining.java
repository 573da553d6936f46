package dev.stagehand.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.commons.io.file.PathUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The run the launch scripts make the class-data sharing archive of deploy.jar with
 * ({@code java -XX:ArchiveClassesAtExit=deploy.jsa -cp deploy.jar dev.stagehand.cli.StartupTraining},
 * see {@code lib/launch.sh}): the JVM archives the classes a run loads, so the archive is made by
 * commands people run (the usage of every command, then validate, plan and install of the
 * README's sample, shipped in the jar) in a folder of its own, not by whichever command happens
 * to come first after a build. It touches nothing outside that folder and prints nothing.
 */
public final class StartupTraining {

    private static final Logger LOG = LoggerFactory.getLogger(StartupTraining.class);

    /** Where the sample lies in the jar (or the classes folder): source/ and parameters.json. */
    static final String SAMPLE = "startup";

    private StartupTraining() {
    }

    public static void main(String[] args) throws IOException {
        Path work = Files.createTempDirectory("deploy-startup-");
        try {
            run(work);
        } finally {
            PathUtils.deleteDirectory(work);
        }
    }

    /** Runs the commands in {@code work}; the exit code of each, in order. */
    static List<Integer> run(Path work) throws IOException {
        copySample(work);
        Path parameters = work.resolve("parameters.json");
        // The sample installs into build/ of the folder it is run from: here, into work/.
        String install = work.resolve("install").toString().replace('\\', '/');
        String text = Files.readString(parameters).replace("./build/sample-install", install)
                .replace("build/sample-install", install);
        Files.writeString(parameters, text);
        String source = work.resolve("source").toString();
        String state = work.resolve("state").toString();
        List<String[]> commands = new ArrayList<>();
        commands.add(new String[] {"--help"});
        commands.add(new String[] {"--version"});
        for (Class<?> subcommand : DeployCommand.SUBCOMMANDS) {
            String name = subcommand.getAnnotation(picocli.CommandLine.Command.class).name();
            commands.add(new String[] {name, "--help"});
        }
        String[] deployment = {"--source", source, "--root", "Cmf.Sample.Root", "--parameters", parameters.toString()};
        commands.add(concat(new String[] {"validate", source}));
        commands.add(concat(new String[] {"plan"}, deployment, new String[] {"--state", state}));
        commands.add(concat(new String[] {"plan", "--json"}, deployment, new String[] {"--state", state}));
        commands.add(concat(new String[] {"install", "--yes"}, deployment, new String[] {"--state", state}));
        commands.add(new String[] {"status", "--state", state});
        commands.add(new String[] {"plugins"});
        List<Integer> codes = new ArrayList<>();
        CommandEnvironment environment = new CommandEnvironment(null, Map.of());
        for (String[] command : commands) {
            picocli.CommandLine line = DeployCommand.commandLine(environment, command);
            PrintWriter discard = new PrintWriter(Writer.nullWriter());
            line.setOut(discard);
            line.setErr(discard);
            int code = line.execute(command);
            LOG.debug("training: deploy {} exited with {}", String.join(" ", command), code);
            codes.add(code);
        }
        return codes;
    }

    private static void copySample(Path work) throws IOException {
        URI sample;
        try {
            sample = StartupTraining.class.getResource(SAMPLE).toURI();
        } catch (URISyntaxException | NullPointerException e) {
            throw new IOException("no training sample " + SAMPLE + " beside " + StartupTraining.class, e);
        }
        if (sample.getScheme().equals("jar")) {
            try (FileSystem jar = FileSystems.newFileSystem(sample, Map.of())) {
                PathUtils.copyDirectory(jar.provider().getPath(sample), work);
            }
        } else {
            PathUtils.copyDirectory(Path.of(sample), work);
        }
    }

    private static String[] concat(String[]... parts) {
        List<String> all = new ArrayList<>();
        for (String[] part : parts) {
            all.addAll(List.of(part));
        }
        return all.toArray(String[]::new);
    }
}
