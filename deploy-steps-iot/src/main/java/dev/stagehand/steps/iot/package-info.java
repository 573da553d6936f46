/**
 * IoT repository step handlers (DeployRepositoryFiles, GenerateRepositoryIndex); arrives with the IoT issue.
 */
package dev.stagehand.steps.iot;
