/**
 * What plugins implement and what they are handed: step handlers, package type handlers and
 * script handlers (all found by {@link java.util.ServiceLoader}), and the contexts they run in.
 */
package dev.stagehand.api.spi;
