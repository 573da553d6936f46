# Stops the host service if it runs; every deployment variable is in $env:DEPLOY_<NAME>.
$ErrorActionPreference = 'Stop'
$name = if ($env:DEPLOY_PRODUCT_HOST_SERVICENAME) { $env:DEPLOY_PRODUCT_HOST_SERVICENAME } else { 'CmfHost' }
$service = Get-Service -Name $name -ErrorAction SilentlyContinue
if ($service -and $service.Status -eq 'Running') {
    Write-Output "stopping $name"
    Stop-Service -Name $name
} else {
    Write-Output "$name is not running"
}
