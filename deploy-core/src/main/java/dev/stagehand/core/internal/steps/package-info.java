/** The core step types: DeployPackage, DeployFiles, TaggedFile, TransformFile and Generic. */
package dev.stagehand.core.internal.steps;
