package dev.stagehand.api.spi;

import java.util.Optional;

/** Looks up script handlers by name or by a script's extension. */
public interface ScriptHandlers {

    /** The handler named (ignoring case) by {@code scriptHandler}. */
    Optional<ScriptHandler> byName(String name);

    /** The handler inferred from a script path's extension. */
    Optional<ScriptHandler> forScript(String scriptPath);
}
