/**
 * Typed events a deployment reports to its listeners: the CLI's progress, the JSON event
 * stream and the journal are all listeners.
 */
package dev.stagehand.api.event;
