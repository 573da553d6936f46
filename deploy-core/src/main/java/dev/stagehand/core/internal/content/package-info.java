/**
 * A package's files on the deployer's machine and the glob patterns ({@code contentPath})
 * that pick them.
 */
package dev.stagehand.core.internal.content;
