package dev.stagehand.cli.crash;

import dev.stagehand.api.spi.ScriptHandler;
import dev.stagehand.api.spi.ScriptRequest;
import dev.stagehand.api.spi.StepContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

/**
 * {@code .hold} scripts, for the uninstall crash test only (packed into a plugin jar by it): the
 * script's first line names a switch file; while it exists, the handler writes the file named on
 * the second line and waits to be killed. Without the switch it does nothing.
 */
public final class HoldScriptHandler implements ScriptHandler {

    @Override
    public Set<String> names() {
        return Set.of("Hold");
    }

    @Override
    public Set<String> extensions() {
        return Set.of("hold");
    }

    @Override
    public void run(ScriptRequest request, StepContext context) throws Exception {
        java.util.List<String> lines = Files.readAllLines(context.content().resolve(request.scriptPath()));
        String switchFile = context.variables().expand(lines.get(0).trim());
        if (!Files.exists(Path.of(switchFile))) {
            return;
        }
        Files.writeString(Path.of(context.variables().expand(lines.get(1).trim())), "held");
        // Held until the test kills the process.
        new java.util.concurrent.CountDownLatch(1).await();
    }
}
