<#
.SYNOPSIS
Installs or upgrades Tandem as a Windows service (run it again with a new tandem.exe to upgrade).

.DESCRIPTION
- copies tandem.exe to "$env:ProgramFiles\Tandem" (stopping the service first on an upgrade);
- creates the service "Tandem" running
    tandem.exe serve --state C:\ProgramData\Tandem\tandem.db --logs C:\ProgramData\Tandem\logs
  under its own virtual account NT SERVICE\Tandem, started automatically (delayed) at boot;
- sets the recovery actions (restart after 5 s, 30 s, then every 60 s; the failure count resets after a day) and
  the failure flag, so that a non-zero exit of the service, not only a crash, triggers them;
- restricts C:\ProgramData\Tandem (the state database with contact snapshots and encrypted secrets, its key
  tandem.db.key, and the diagnostic files) to the service account, SYSTEM and Administrators, without inheritance;
- creates the state database, or brings its schema up to date, with "tandem init", and starts the service.

.EXAMPLE
PS> .\install.ps1 -Binary .\artifacts\publish\win-x64\tandem.exe
#>
#Requires -RunAsAdministrator
[CmdletBinding()]
param(
    # The tandem.exe to install (scripts/publish win-x64 builds it); by default the one beside this script.
    [string] $Binary = (Join-Path $PSScriptRoot 'tandem.exe'),
    [string] $InstallDir = (Join-Path $env:ProgramFiles 'Tandem'),
    [string] $DataDir = (Join-Path $env:ProgramData 'Tandem'),
    [string] $ServiceName = 'Tandem'
)

Set-StrictMode -Version 3.0
$ErrorActionPreference = 'Stop'

# sc.exe and icacls report failure through their exit code only.
function Invoke-Native {
    param([Parameter(Mandatory)] [string] $FilePath, [Parameter(ValueFromRemainingArguments)] [string[]] $Arguments)
    $output = & $FilePath @Arguments 2>&1
    if ($LASTEXITCODE -ne 0) {
        throw "$FilePath $($Arguments -join ' ') failed with exit code ${LASTEXITCODE}: $output"
    }
}

if (-not (Test-Path -LiteralPath $Binary -PathType Leaf)) {
    throw "tandem.exe not found at '$Binary' (run scripts/publish win-x64, or pass -Binary PATH)"
}

$account = "NT SERVICE\$ServiceName"
$exe = Join-Path $InstallDir 'tandem.exe'
$stateDb = Join-Path $DataDir 'tandem.db'
$logsDir = Join-Path $DataDir 'logs'
$binaryPathName = "`"$exe`" serve --state `"$stateDb`" --logs `"$logsDir`""

# 1. An upgrade stops the service first: the in-flight batch finishes, and "tandem init" below may migrate the
#    schema, which must not happen under the older running version.
$existing = Get-Service -Name $ServiceName -ErrorAction SilentlyContinue
if ($null -ne $existing -and $existing.Status -ne 'Stopped') {
    Write-Host "Stopping $ServiceName for the upgrade"
    Stop-Service -Name $ServiceName
    $existing.WaitForStatus('Stopped', [TimeSpan]::FromMinutes(5))
}

# 2. The binary, copied beside its final name and moved over it.
New-Item -ItemType Directory -Force -Path $InstallDir | Out-Null
$staged = "$exe.new"
Copy-Item -LiteralPath $Binary -Destination $staged -Force
Move-Item -LiteralPath $staged -Destination $exe -Force

# 3. The service. New-Service takes the command line as one string, so the quotes in it survive (sc.exe binPath=
#    arguments lose embedded quotes in Windows PowerShell 5.1).
if ($null -eq $existing) {
    New-Service -Name $ServiceName -BinaryPathName $binaryPathName -DisplayName 'Tandem synchronization service' `
        -Description 'Keeps groups of mailbox folders identical (contacts, calendars, tasks, notes).' `
        -StartupType Automatic | Out-Null
    Write-Host "Created service $ServiceName"
} else {
    $service = Get-CimInstance -ClassName Win32_Service -Filter "Name='$ServiceName'"
    $result = Invoke-CimMethod -InputObject $service -MethodName Change -Arguments @{ PathName = $binaryPathName }
    if ($result.ReturnValue -ne 0) { throw "could not update the command line of $ServiceName (Win32_Service.Change returned $($result.ReturnValue))" }
}
# Its own virtual account: no password to manage, no rights beyond what is granted to it below.
Invoke-Native sc.exe config $ServiceName obj= $account start= delayed-auto
Invoke-Native sc.exe sidtype $ServiceName unrestricted
# The single-file build unpacks its native SQLite library once; into the protected data folder rather than the
# service profile's temp folder. Tiered PGO is off in the program for one-shot runs; the long-running service wants it.
New-ItemProperty -Path "HKLM:\SYSTEM\CurrentControlSet\Services\$ServiceName" -Name Environment -PropertyType MultiString `
    -Value @("DOTNET_BUNDLE_EXTRACT_BASE_DIR=$(Join-Path $DataDir 'cache')", "DOTNET_TieredPGO=1") -Force | Out-Null
# Recovery: restart after 5 s, then 30 s, then every 60 s; the failure count goes back to zero after a day without one.
Invoke-Native sc.exe failure $ServiceName reset= 86400 actions= restart/5000/restart/30000/restart/60000
# Without the flag, only a crash counts as a failure; with it, the service stopping with a non-zero exit code
# (what "tandem serve" does on a fatal error) triggers the actions too.
Invoke-Native sc.exe failureflag $ServiceName 1

# 4. The data folder: the service account, SYSTEM and Administrators only. ProgramData lets every user read (and
#    create files in) its subfolders by default, so inheritance is cut and the existing entries replaced.
New-Item -ItemType Directory -Force -Path $DataDir | Out-Null
New-Item -ItemType Directory -Force -Path $logsDir | Out-Null
New-Item -ItemType Directory -Force -Path (Join-Path $DataDir 'cache') | Out-Null
Invoke-Native icacls.exe $DataDir /inheritance:r /grant:r "${account}:(OI)(CI)F" '*S-1-5-18:(OI)(CI)F' '*S-1-5-32-544:(OI)(CI)F'
# Files left by an earlier version get the folder's entries again.
Invoke-Native icacls.exe "$DataDir\*" /reset /T /C /Q

# 5. The state database: created on a first install, schema brought up to date on an upgrade.
& $exe init --state $stateDb
if ($LASTEXITCODE -ne 0) { throw "tandem init --state $stateDb failed with exit code $LASTEXITCODE" }

# 6. Start it.
Start-Service -Name $ServiceName
Write-Host "Tandem is running as $account. Status: Get-Service $ServiceName; diagnostic files: $logsDir; state: $stateDb"
