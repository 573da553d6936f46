/**
 * The plugins of a deployment, found with {@link java.util.ServiceLoader}: step, package-type and
 * script handlers, target providers and database types, with the choice among plugins that claim
 * the same name.
 */
package dev.stagehand.core.internal.plugins;
