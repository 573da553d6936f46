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

    /**
     * Checks there is something to uninstall and keeps a copy of the ids.
     *
     * @param packages         the package ids
     * @param withDependencies true for a root
     */
    public UninstallRequest {
        packages = List.copyOf(packages);
        if (packages.isEmpty()) {
            throw new IllegalArgumentException("no package to uninstall");
        }
    }

    /**
     * A root and what it needs that nothing else installed needs.
     *
     * @param id the root package
     * @return the request
     */
    public static UninstallRequest root(String id) {
        return new UninstallRequest(List.of(id), true);
    }

    /**
     * Packages by id, refused while another installed package needs one of them.
     *
     * @param ids the packages
     * @return the request
     */
    public static UninstallRequest packages(List<String> ids) {
        return new UninstallRequest(ids, false);
    }
}
