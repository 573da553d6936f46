package dev.stagehand.core.internal.plugins;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The step types of the seed and the target schemes this project knows, with the module that
 * serves each, so that a package or a target whose module is not loaded gets told which jar to add.
 */
final class KnownModules {

    private static final Map<String, String> MODULES = Map.ofEntries(
            Map.entry("runsql", "deploy-steps-sql"),
            Map.entry("enqueuesql", "deploy-steps-sql"),
            Map.entry("restoredatabasefrombackup", "deploy-steps-sql"),
            Map.entry("runxmla", "deploy-steps-sql"),
            Map.entry("runclickhousesql", "deploy-steps-clickhouse"),
            Map.entry("runpowershell", "deploy-steps-powershell"),
            Map.entry("deployrepositoryfiles", "deploy-steps-iot"),
            Map.entry("generaterepositoryindex", "deploy-steps-iot"),
            Map.entry("iotautomationtasklibrariessync", "deploy-steps-iot"),
            Map.entry("masterdata", "deploy-steps-mes"),
            Map.entry("exportedobjects", "deploy-steps-mes"),
            Map.entry("processrules", "deploy-steps-mes"),
            Map.entry("createintegrationentries", "deploy-steps-mes"),
            Map.entry("updateconfiguration", "deploy-steps-mes"),
            Map.entry("productconfiguration", "deploy-steps-mes"),
            Map.entry("productlicense", "deploy-steps-mes"),
            Map.entry("configureentitytypeoperations", "deploy-steps-mes"),
            Map.entry("configureservices", "deploy-steps-mes"));
    private static final Map<String, String> SCHEMES = Map.of("ssh", "deploy-target-ssh");

    private KnownModules() {
    }

    static Optional<String> moduleOf(String stepType) {
        return stepType == null ? Optional.empty()
                : Optional.ofNullable(MODULES.get(stepType.trim().toLowerCase(Locale.ROOT)));
    }

    static Optional<String> moduleOfScheme(String scheme) {
        return scheme == null ? Optional.empty() : Optional.ofNullable(SCHEMES.get(scheme.toLowerCase(Locale.ROOT)));
    }
}
