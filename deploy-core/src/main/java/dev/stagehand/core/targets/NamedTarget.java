package dev.stagehand.core.targets;

import java.util.Map;
import java.util.Objects;

/**
 * One machine of a targets file.
 *
 * @param name       its name in the file, messages, progress and results
 * @param uri        the URI a provider opens, key and known_hosts files made absolute in its query
 * @param parameters variable values of this target only, over parameters.json and under {@code --set}
 */
public record NamedTarget(String name, String uri, Map<String, String> parameters) {

    /**
     * Checks the name and URI and keeps a copy of the parameters.
     *
     * @param name       the target's name in the targets file
     * @param uri        the URI a provider opens
     * @param parameters variable values of this target only
     */
    public NamedTarget {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(uri, "uri");
        parameters = Map.copyOf(parameters);
    }
}
