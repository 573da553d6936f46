/**
 * The OpCon REST API over {@code java.net.http}: TLS verified against the configured CA, token login with one
 * renewal, daily schedules, schedule builds and schedule actions.
 */
package dev.stagehand.opcon.client;
