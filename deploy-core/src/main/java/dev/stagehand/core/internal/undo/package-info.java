/**
 * Undo: the store of file contents as they were before a step overwrote them, and the work of
 * putting files back (uninstall, rollback, {@code --on-error rollback}) or comparing them (verify).
 */
package dev.stagehand.core.internal.undo;
