package dev.stagehand.api.spi;

import java.util.Optional;

/** Looks up script handlers by name or by a script's extension. */
public interface ScriptHandlers {

    /**
     * The handler named (ignoring case) by {@code scriptHandler}.
     *
     * @param name the name as the step writes it
     * @return the handler; empty when none has that name
     */
    Optional<ScriptHandler> byName(String name);

    /**
     * The handler inferred from a script path's extension.
     *
     * @param scriptPath the script's path in the package
     * @return the handler; empty when no handler claims the extension
     */
    Optional<ScriptHandler> forScript(String scriptPath);
}
