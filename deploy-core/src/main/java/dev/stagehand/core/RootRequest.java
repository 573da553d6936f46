package dev.stagehand.core;

import dev.stagehand.api.Location;
import dev.stagehand.api.ResolutionException;

/**
 * The root package a deployment starts from: {@code ID} for its highest version, or
 * {@code ID@VERSION} where VERSION is a version or a range ({@code Cmf.Root@1.2.*}).
 *
 * @param id      the root package id
 * @param version a version or range, null for the highest
 */
public record RootRequest(String id, String version) {

    /**
     * Parses {@code ID[@VERSION]}.
     *
     * @param text the request, {@code ID} or {@code ID@VERSION} (a version or a range)
     * @return the request
     */
    public static RootRequest parse(String text) {
        String trimmed = text == null ? "" : text.trim();
        int at = trimmed.indexOf('@');
        String id = at < 0 ? trimmed : trimmed.substring(0, at).trim();
        String version = at < 0 ? null : trimmed.substring(at + 1).trim();
        if (id.isEmpty() || (version != null && version.isEmpty())) {
            throw new ResolutionException("root '" + text + "' is not ID or ID@VERSION", Location.UNKNOWN);
        }
        return new RootRequest(id, version);
    }

    @Override
    public String toString() {
        return version == null ? id : id + "@" + version;
    }
}
