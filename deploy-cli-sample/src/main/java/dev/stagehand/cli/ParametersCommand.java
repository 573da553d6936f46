package dev.stagehand.cli;

import dev.stagehand.api.DeploymentException;
import dev.stagehand.api.Problem;
import dev.stagehand.api.model.ValueType;
import dev.stagehand.api.model.VariableDeclaration;
import dev.stagehand.api.model.VariableGroup;
import dev.stagehand.api.model.WizardStep;
import dev.stagehand.core.Parameters;
import dev.stagehand.core.Stagehand;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code deploy parameters}: the setup wizard as terminal prompts, for machines without a browser.
 * The same wizard steps, groups and order as {@code deploy wizard}, the same checks; secrets are
 * read without echo when a terminal is attached.
 */
@Command(name = "parameters", mixinStandardHelpOptions = true,
        description = "Asks, in the terminal, for the values the wizard of ROOT and its packages declares, checks"
                + " them as the wizard does and writes them to a parameters file (owner-only).")
final class ParametersCommand implements Callable<Integer> {

    @Spec
    CommandLine.Model.CommandSpec spec;

    @ParentCommand
    DeployCommand deploy;

    @CommandLine.Mixin
    DeploymentOptions.Source source;

    @CommandLine.Mixin
    DeploymentOptions deployment;

    @Option(names = "--out", paramLabel = "FILE", defaultValue = "parameters.json",
            description = "Where to write the parameters (default: ${DEFAULT-VALUE}).")
    Path out;

    private PrintWriter screen;
    private Prompts prompts;

    @Override
    public Integer call() throws IOException, InterruptedException {
        Path folder = out.toAbsolutePath().getParent();
        if (folder != null && !Files.isDirectory(folder)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "no such folder for --out: " + folder);
        }
        screen = spec.commandLine().getOut();
        prompts = Prompts.of(System.console(), screen);
        try (Stagehand stagehand = deploy.load(deployment.configuration(deploy.configure(),
                source.existingFolders(spec.commandLine()), deployment.parameters, spec.commandLine()))) {
            WizardForm form = WizardForm.of(stagehand, source.rootRequest(), given());
            for (WizardStep step : form.steps()) {
                askStep(stagehand, form, step);
            }
            boolean saveSecrets = form.steps().stream().flatMap(WizardStep::allVariables)
                    .anyMatch(VariableDeclaration::isSecret) && yes(prompts.line("Save the passwords in " + out
                    + " (readable by you only)? [y/N]: "));
            Parameters.write(out, form.parameters(saveSecrets));
            screen.println("Wrote " + out + (saveSecrets ? " with the passwords" : " without the passwords (give them"
                    + " with --set or DEPLOY_VAR_<NAME> when installing)"));
            screen.flush();
            return 0;
        } catch (DeploymentException e) {
            spec.commandLine().getErr().println("deploy parameters: " + e.getMessage());
            return DeployCommand.FAILED;
        }
    }

    private Map<String, String> given() throws IOException {
        Map<String, String> values = new LinkedHashMap<>();
        if (deployment.parameters != null) {
            values.putAll(Parameters.read(deployment.parameters));
        }
        values.putAll(deployment.values);
        return values;
    }

    /** Asks a wizard step's groups and variables until its checks pass. */
    private void askStep(Stagehand stagehand, WizardForm form, WizardStep step) throws IOException,
            InterruptedException {
        while (true) {
            screen.println();
            screen.println("== " + title(step.title(), step.id()));
            ask(form, step.variables());
            for (VariableGroup group : step.groups()) {
                askGroup(stagehand, form, group);
            }
            List<Problem> problems = form.check(stagehand, step.id(), step.requiresValidation(), step.allVariables());
            if (problems.isEmpty()) {
                return;
            }
            report(problems);
        }
    }

    private void askGroup(Stagehand stagehand, WizardForm form, VariableGroup group) throws IOException,
            InterruptedException {
        while (true) {
            screen.println("-- " + title(group.title(), group.id()));
            ask(form, group.variables());
            for (VariableGroup nested : group.groups()) {
                askGroup(stagehand, form, nested);
            }
            if (!group.requiresValidation()) {
                return;
            }
            screen.println("Testing " + title(group.title(), group.id()) + "...");
            screen.flush();
            List<Problem> problems = form.check(stagehand, group.id(), true, group.allVariables());
            if (problems.isEmpty()) {
                screen.println("OK");
                return;
            }
            report(problems);
        }
    }

    private void report(List<Problem> problems) {
        screen.println("Please correct:");
        problems.forEach(p -> screen.println("  " + p.message()));
    }

    /** Asks each variable until its value is given (when required) and fits its type. */
    private void ask(WizardForm form, List<VariableDeclaration> variables) throws IOException {
        for (VariableDeclaration d : variables) {
            if (!form.firstDeclaration(d)) {
                continue;
            }
            String current = form.value(d.name());
            if (d.readOnly()) {
                screen.println(label(d) + ": " + (d.isSecret() ? "(hidden)" : current) + " (read-only)");
                continue;
            }
            while (true) {
                String shown = current.isEmpty() ? "" : " [" + (d.isSecret() ? "keep" : current) + "]";
                String prompt = label(d) + hint(d) + shown + ": ";
                String answer = d.isSecret() ? prompts.secret(prompt) : prompts.line(prompt);
                String value = answer.isEmpty() ? current : d.isSecret() ? answer : answer.strip();
                var problem = Stagehand.checkValue(d, value);
                if (problem.isEmpty()) {
                    form.set(d.name(), value);
                    break;
                }
                screen.println("  " + problem.get().message());
            }
        }
    }

    private static String hint(VariableDeclaration d) {
        if (d.valueType() == ValueType.CHOICE && !d.choices().isEmpty()) {
            return " (" + String.join("|", d.choices()) + ")";
        }
        if (d.valueType() == ValueType.BOOLEAN) {
            return " (yes/no)";
        }
        return d.required() ? " (required)" : "";
    }

    private static String label(VariableDeclaration d) {
        return d.label() == null || d.label().isBlank() ? d.name() : d.label();
    }

    private static String title(String title, String id) {
        return title == null || title.isBlank() ? String.valueOf(id) : title;
    }

    private static boolean yes(String answer) {
        String a = answer.trim().toLowerCase(java.util.Locale.ROOT);
        return a.equals("y") || a.equals("yes");
    }

    /** Where answers come from: the terminal (secrets without echo) or, when there is none, standard input. */
    private interface Prompts {
        String line(String prompt) throws IOException;

        String secret(String prompt) throws IOException;

        static Prompts of(Console console, PrintWriter screen) {
            if (console != null) {
                return new Prompts() {
                    @Override
                    public String line(String prompt) {
                        return ended(console.readLine("%s", prompt));
                    }

                    @Override
                    public String secret(String prompt) {
                        char[] typed = console.readPassword("%s", prompt);
                        return ended(typed == null ? null : new String(typed));
                    }
                };
            }
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, Charset.defaultCharset()));
            return new Prompts() {
                @Override
                public String line(String prompt) throws IOException {
                    screen.print(prompt);
                    screen.flush();
                    return ended(in.readLine());
                }

                @Override
                public String secret(String prompt) throws IOException {
                    // No terminal, so nothing echoes what is piped in; the value is not printed back.
                    String answer = line(prompt);
                    screen.println();
                    return answer;
                }
            };
        }

        private static String ended(String answer) {
            if (answer == null) {
                throw new DeploymentException("the input ended before every value was given; nothing was written",
                        dev.stagehand.api.Location.UNKNOWN);
            }
            return answer;
        }
    }
}
