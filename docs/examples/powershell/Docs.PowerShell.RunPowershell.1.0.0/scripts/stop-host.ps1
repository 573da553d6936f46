Write-Output "stopping the host of $env:DEPLOY_PRODUCT_SITE_NAME"
