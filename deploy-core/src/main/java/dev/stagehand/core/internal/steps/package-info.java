/** The core step types: DeployPackage, DeployFiles, TaggedFile, TransformFile and Generic, and what they share. */
package dev.stagehand.core.internal.steps;
