package dev.stagehand.cli;

import dev.stagehand.core.UninstallRequest;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code deploy uninstall}: removes packages through the seven stages, as the journal says they were installed. */
@Command(name = "uninstall", mixinStandardHelpOptions = true,
        description = "Removes a root and what it needs that nothing else installed needs (--root), or packages"
                + " (--package): runs their uninstall scripts, puts back the files they wrote (a file changed since"
                + " is kept and reported), dependents first, and updates the journal.")
final class UninstallCommand implements Callable<Integer> {

    @Spec
    CommandLine.Model.CommandSpec spec;

    @ParentCommand
    DeployCommand deploy;

    /** A root, or packages. */
    static final class What {
        @Option(names = "--root", paramLabel = "ID", description = "The root package, with its dependencies.")
        String root;

        @Option(names = "--package", arity = "1..*", paramLabel = "ID",
                description = "Packages to remove (refused while another installed package needs one).")
        List<String> packages;
    }

    @CommandLine.ArgGroup(exclusive = true, multiplicity = "1")
    What what;

    @CommandLine.Mixin
    UndoRun run;

    @Override
    public Integer call() throws IOException, InterruptedException {
        UninstallRequest request = what.root != null ? UninstallRequest.root(what.root)
                : UninstallRequest.packages(what.packages);
        return run.run(deploy, spec.commandLine(), "Uninstall " + String.join(", ", request.packages()),
                (stagehand, options) -> stagehand.uninstall(request, options));
    }
}
