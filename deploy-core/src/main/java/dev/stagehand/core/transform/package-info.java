/**
 * Document transforms used by the {@code TransformFile} step: XML Document Transforms (XDT) and
 * JSON Document Transforms (JDT) on text, {@link dev.stagehand.core.transform.FileTransforms} on
 * files, with their shared result and error types.
 */
package dev.stagehand.core.transform;
