package dev.stagehand.cli;

import dev.stagehand.api.DeploymentException;
import dev.stagehand.api.Problem;
import dev.stagehand.core.Parameters;
import dev.stagehand.core.transform.FileTransforms;
import dev.stagehand.core.transform.TransformResult;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.UnaryOperator;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code deploy transform}: one JDT or XDT transform, outside any deployment. */
@Command(name = "transform", mixinStandardHelpOptions = true,
        description = "Applies a transform file to a target file: JDT for .json, XDT for .xml and .config.")
final class TransformCommand implements Callable<Integer> {

    @Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Parameters(index = "0", paramLabel = "TARGET", description = "The file to transform (.json, .xml, .config).")
    Path target;

    @CommandLine.Parameters(index = "1", paramLabel = "TRANSFORM", description = "The JDT or XDT transform file.")
    Path transform;

    @Option(names = "--out", paramLabel = "FILE",
            description = "Write the result to FILE, in the target's encoding, instead of printing it.")
    Path out;

    @Option(names = "--parameters", paramLabel = "FILE",
            description = "parameters.json: replace $(Name) in the transform file with these values first ($$$$( is a literal $$().")
    Path parameters;

    @Option(names = "--set", paramLabel = "NAME=VALUE",
            description = "A value for $(NAME), over the parameters file (repeatable).")
    Map<String, String> values = new LinkedHashMap<>();

    @Option(names = "--json", description = "Print {\"output\": ..., \"warnings\": [...]} as JSON.")
    boolean json;

    @Override
    public Integer call() throws IOException {
        requireFile(target, "target");
        requireFile(transform, "transform");
        if (parameters != null) {
            requireFile(parameters, "parameters");
        }
        if (out != null && out.toAbsolutePath().getParent() != null && !Files.isDirectory(out.toAbsolutePath().getParent())) {
            throw new CommandLine.ParameterException(spec.commandLine(), "no such folder for --out: " + out.toAbsolutePath().getParent());
        }
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter stderr = spec.commandLine().getErr();
        TransformResult result;
        try {
            UnaryOperator<String> tagger = tagger();
            result = out == null ? FileTransforms.apply(target, transform, tagger)
                    : FileTransforms.apply(target, transform, tagger, out);
        } catch (DeploymentException e) {
            e.problems().forEach(stderr::println);
            stderr.flush();
            if (json) {
                stdout.println(JsonOutput.document(report(null, List.of(), e.problems())));
                stdout.flush();
            }
            return DeployCommand.FAILED;
        }
        result.warnings().forEach(stderr::println);
        stderr.flush();
        if (json) {
            stdout.println(JsonOutput.document(report(result.output(), result.warnings(), List.of())));
        } else if (out == null) {
            stdout.print(result.output());
            if (!result.output().endsWith("\n")) {
                stdout.println();
            }
        }
        stdout.flush();
        return 0;
    }

    /** Replaces $(Name) with the values of the parameters file and {@code --set}; null when none is given. */
    private UnaryOperator<String> tagger() throws IOException {
        if (parameters == null && values.isEmpty()) {
            return null;
        }
        Map<String, String> all = new LinkedHashMap<>(parameters == null ? Map.of() : Parameters.read(parameters));
        all.putAll(values);
        return FileTransforms.tagger(all);
    }

    private void requireFile(Path file, String what) {
        if (!Files.isRegularFile(file)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "no such " + what + " file: " + file);
        }
    }

    private Map<String, Object> report(String output, List<Problem> warnings, List<Problem> errors) {
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("output", output);
        if (out != null && output != null) {
            report.put("outputFile", out.toString());
        }
        report.put("warnings", warnings);
        if (!errors.isEmpty()) {
            report.put("errors", errors);
        }
        return report;
    }
}
