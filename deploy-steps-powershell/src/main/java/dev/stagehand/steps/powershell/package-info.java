/**
 * PowerShell step handlers (RunPowershell) and the PowerShell script handler; arrives with the PowerShell issue.
 */
package dev.stagehand.steps.powershell;
