/**
 * IoT repository step handlers: DeployRepositoryFiles copies packages into the IoT file repository,
 * GenerateRepositoryIndex describes them in its index.json, IoTAutomationTaskLibrariesSync keeps
 * the automation task library catalogue beside it.
 */
package dev.stagehand.steps.iot;
