/**
 * Secure XML reading into {@link dev.stagehand.api.model.XmlElement} trees with line and column
 * of every element; DTDs and external entities are refused.
 */
package dev.stagehand.core.internal.xml;
