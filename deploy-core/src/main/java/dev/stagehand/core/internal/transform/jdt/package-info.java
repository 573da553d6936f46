/**
 * The JSON Document Transforms (JDT) engine behind {@code JsonDocumentTransform}: the verbs, the
 * JSONPath selection of target nodes and the mapping of transform nodes back to line and column.
 */
package dev.stagehand.core.internal.transform.jdt;
