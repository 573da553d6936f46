/**
 * Deploying onto many machines: the targets file (named targets and groups) and the deployment of
 * a group, each target with its own plan, journal and lock, several at once.
 */
package dev.stagehand.core.targets;
