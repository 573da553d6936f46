/** Variable values, {@code $(...)} expansion and the masking of secrets. */
package dev.stagehand.core.internal.variables;
