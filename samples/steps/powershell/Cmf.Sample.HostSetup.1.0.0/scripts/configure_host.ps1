param(
    [Parameter(Mandatory = $true)][string]$SiteName,
    [int]$Port = 8080
)
# A terminating error (or a non-zero exit) fails the step with the last lines of error output.
$ErrorActionPreference = 'Stop'
$folder = Join-Path $env:DEPLOY_PRODUCT_INSTALLATIONPATH 'Host'
New-Item -ItemType Directory -Force -Path $folder | Out-Null
@{ site = $SiteName; port = $Port } | ConvertTo-Json | Set-Content -Path (Join-Path $folder 'host.json')
Write-Output "configured $SiteName on port $Port"
