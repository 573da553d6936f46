/**
 * The engine behind the embedding API: reading packages, planning, the pipeline. Users call the
 * public types here; {@code internal} sub-packages are free to change.
 */
package dev.stagehand.core;
