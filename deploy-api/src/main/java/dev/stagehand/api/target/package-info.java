/**
 * The machines a deployment changes. Step handlers touch a target only through
 * {@link dev.stagehand.api.target.DeploymentTarget}, so that local, SSH and other targets are
 * interchangeable.
 */
package dev.stagehand.api.target;
