package dev.stagehand.core;

import java.util.List;

/**
 * What to uninstall: a root with what it needs that nothing else installed needs, or packages by
 * id (refused while another installed package needs one).
 *
 * @param packages         the package ids
 * @param withDependencies true for a root
 */
public record UninstallRequest(List<String> packages, boolean withDependencies) {

    public UninstallRequest {
        packages = List.copyOf(packages);
        if (packages.isEmpty()) {
            throw new IllegalArgumentException("no package to uninstall");
        }
    }

    public static UninstallRequest root(String id) {
        return new UninstallRequest(List.of(id), true);
    }

    public static UninstallRequest packages(List<String> ids) {
        return new UninstallRequest(ids, false);
    }
}
