/**
 * The machines a deployment changes. Step handlers touch a target only through
 * {@link dev.stagehand.api.target.DeploymentTarget} and the capabilities it offers
 * ({@link dev.stagehand.api.target.Flushing}, {@link dev.stagehand.api.target.FolderStaging},
 * {@link dev.stagehand.api.target.FileStamps}, {@link dev.stagehand.api.target.FolderStamps}, {@link dev.stagehand.api.target.ContentHashing},
 * {@link dev.stagehand.api.target.ConcurrentAccess}, {@link dev.stagehand.api.target.ExclusiveCreation},
 * {@link dev.stagehand.api.target.Appending}),
 * so that local, SSH and other targets are interchangeable.
 * {@link dev.stagehand.api.target.TargetProvider}s open targets by URI scheme.
 */
package dev.stagehand.api.target;
