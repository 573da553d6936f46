/**
 * What plugins implement and what they are handed: step handlers, package type handlers and
 * script handlers (all found by {@link java.util.ServiceLoader}), the contexts they run in, the
 * scoped stores they keep state in, and what they tell the planner.
 */
package dev.stagehand.api.spi;
