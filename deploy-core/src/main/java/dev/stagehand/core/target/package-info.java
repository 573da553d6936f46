/**
 * Deployment targets the core provides: {@link dev.stagehand.core.target.LocalTarget}, the
 * deployer's own machine, and the file stamps that let a deployment skip unchanged files
 * without reading them.
 */
package dev.stagehand.core.target;
