param([string]$SiteName, [int]$Port)
Write-Output "configuring $SiteName on port $Port"
