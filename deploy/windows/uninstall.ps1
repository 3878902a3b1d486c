<#
.SYNOPSIS
Removes the Tandem Windows service installed by install.ps1.

.DESCRIPTION
Stops the service (the in-flight batch finishes first), deletes it and removes "$env:ProgramFiles\Tandem".
C:\ProgramData\Tandem (the state database, its key and the diagnostic files) is KEPT, so installing again carries
on where it stopped; -Purge deletes it too (the synchronization state cannot be recovered afterwards).

.EXAMPLE
PS> .\uninstall.ps1 -Purge
#>
#Requires -RunAsAdministrator
[CmdletBinding()]
param(
    [switch] $Purge,
    [string] $InstallDir = (Join-Path $env:ProgramFiles 'Tandem'),
    [string] $DataDir = (Join-Path $env:ProgramData 'Tandem'),
    [string] $ServiceName = 'Tandem'
)

Set-StrictMode -Version 3.0
$ErrorActionPreference = 'Stop'

$service = Get-Service -Name $ServiceName -ErrorAction SilentlyContinue
if ($null -ne $service) {
    if ($service.Status -ne 'Stopped') {
        Write-Host "Stopping $ServiceName"
        Stop-Service -Name $ServiceName
        $service.WaitForStatus('Stopped', [TimeSpan]::FromMinutes(5))
    }
    & sc.exe delete $ServiceName | Out-Null
    if ($LASTEXITCODE -ne 0) { throw "sc.exe delete $ServiceName failed with exit code $LASTEXITCODE" }
    Write-Host "Deleted service $ServiceName"
}

if (Test-Path -LiteralPath $InstallDir) {
    Remove-Item -LiteralPath $InstallDir -Recurse -Force
}

if ($Purge) {
    if (Test-Path -LiteralPath $DataDir) { Remove-Item -LiteralPath $DataDir -Recurse -Force }
    Write-Host "Removed Tandem and its state, key and diagnostic files ($DataDir)"
} else {
    Write-Host "Removed Tandem; kept its state, key and diagnostic files in $DataDir (-Purge removes them)"
}
