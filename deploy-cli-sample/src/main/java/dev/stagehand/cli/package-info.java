/**
 * The sample {@code deploy} command line. It uses only the public API of deploy-core, so
 * anything it does an embedding tool can do.
 */
package dev.stagehand.cli;
