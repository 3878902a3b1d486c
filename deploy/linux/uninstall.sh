#!/usr/bin/env bash
# Removes the Tandem service installed by install.sh: stops and disables it, removes the unit, the binary and the
# cache. The state (/var/lib/tandem: groups, connections, encrypted secrets and their key), the diagnostic files
# (/var/log/tandem), the settings (/etc/tandem) and the user `tandem` are KEPT, so installing again carries on where
# it stopped; --purge deletes them too (the synchronization state cannot be recovered afterwards).
#
#   deploy/linux/uninstall.sh [--purge] [--root DIR] [--no-systemctl]
set -euo pipefail

root=/
purge=false
use_systemctl=true
service_user=tandem

die() { echo "uninstall.sh: $*" >&2; exit 1; }

while [ $# -gt 0 ]; do
  case "$1" in
    --purge) purge=true; shift ;;
    --root) [ $# -ge 2 ] || die "--root needs a directory"; root=$2; shift 2 ;;
    --no-systemctl) use_systemctl=false; shift ;;
    -h|--help) sed -n '2,7p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown argument '$1' (see --help)" ;;
  esac
done

[ "$(id -u)" -eq 0 ] || die "run as root"
[ -d "$root" ] || die "--root $root is not a directory"
root=$(cd "$root" && pwd)
prefix=${root%/}
real_root=false; [ "$root" = / ] && real_root=true
$real_root || use_systemctl=false

if $use_systemctl && [ -d /run/systemd/system ]; then
  # disable --now: the in-flight batch finishes (TimeoutStopSec) before the process exits.
  systemctl disable --now tandem.service 2>/dev/null || true
fi

rm -f "$prefix/etc/systemd/system/tandem.service" "$prefix/usr/local/bin/tandem"
rm -rf "$prefix/var/cache/tandem"
if $use_systemctl && [ -d /run/systemd/system ]; then
  systemctl daemon-reload
  systemctl reset-failed tandem.service 2>/dev/null || true
fi

if $purge; then
  rm -rf "$prefix/var/lib/tandem" "$prefix/var/log/tandem" "$prefix/etc/tandem"
  # userdel drops the user's own group only where login.defs says USERGROUPS_ENAB: remove it explicitly.
  if $real_root; then
    if getent passwd "$service_user" >/dev/null; then userdel "$service_user"; fi
    if getent group "$service_user" >/dev/null; then groupdel "$service_user"; fi
  else
    has() { [ -f "$prefix/etc/$1" ] && awk -F: -v u="$service_user" '$1 == u { f = 1 } END { exit !f }' "$prefix/etc/$1"; }
    if has passwd; then userdel --prefix "$root" "$service_user"; fi
    if has group; then groupdel --prefix "$root" "$service_user"; fi
  fi
  echo "removed tandem, its state, diagnostic files, settings and user"
else
  echo "removed the tandem service; kept the state in /var/lib/tandem, the diagnostic files in /var/log/tandem," \
    "the settings in /etc/tandem and the user $service_user (--purge removes them)"
fi
