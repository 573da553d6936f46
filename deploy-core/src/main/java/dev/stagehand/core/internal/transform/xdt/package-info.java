/**
 * The XDT engine behind {@link dev.stagehand.core.transform.XmlDocumentTransform}: secure parsing with
 * source positions, locators, transforms, a small XPath evaluator and a writer that keeps the target's text.
 */
package dev.stagehand.core.internal.transform.xdt;
