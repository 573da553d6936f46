/**
 * Turns manifest, UI and injected XML trees into the immutable model, collecting every error
 * and warning with its file, line and column.
 */
package dev.stagehand.core.internal.manifest;
