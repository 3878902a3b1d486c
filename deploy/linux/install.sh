#!/usr/bin/env bash
# Installs (or upgrades: run it again with the new binary) Tandem as a systemd service:
#   - the system user and group `tandem` (no login, home /var/lib/tandem);
#   - the binary as /usr/local/bin/tandem (replaced atomically, so a running copy is never half-written);
#   - the unit as /etc/systemd/system/tandem.service (local changes belong in `systemctl edit tandem`);
#   - /var/lib/tandem (the state database and its key), /var/log/tandem (diagnostic files) and /var/cache/tandem,
#     owned by tandem, mode 0700, every file in them 0600; /etc/tandem/tandem.env (root, 0600) for settings;
#   - the state database created, or its schema brought up to date, by `tandem init` run as tandem;
#   - the service enabled and (re)started.
#
#   deploy/linux/install.sh [--binary PATH] [--root DIR] [--no-systemctl]
#     --binary PATH   the tandem executable (default: next to this script, else artifacts/publish/linux-ARCH/tandem)
#     --root DIR      install under DIR instead of / (packaging, tests): users go to DIR/etc/passwd, nothing runs
#     --no-systemctl  do not reload, enable or start anything
set -euo pipefail

script_dir=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$script_dir/../.." && pwd)
root=/
binary=""
use_systemctl=true
service_user=tandem

die() { echo "install.sh: $*" >&2; exit 1; }

while [ $# -gt 0 ]; do
  case "$1" in
    --binary) [ $# -ge 2 ] || die "--binary needs a path"; binary=$2; shift 2 ;;
    --root) [ $# -ge 2 ] || die "--root needs a directory"; root=$2; shift 2 ;;
    --no-systemctl) use_systemctl=false; shift ;;
    -h|--help) sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown argument '$1' (see --help)" ;;
  esac
done

[ "$(id -u)" -eq 0 ] || die "run as root (it creates a system user and writes under /usr/local, /etc and /var)"
[ -d "$root" ] || die "--root $root is not a directory"
root=$(cd "$root" && pwd)
prefix=${root%/}   # "" for the real root, so "$prefix/etc" is /etc
real_root=false; [ "$root" = / ] && real_root=true
$real_root || use_systemctl=false

if [ -z "$binary" ]; then
  case "$(uname -m)" in
    x86_64) rid=linux-x64 ;;
    aarch64|arm64) rid=linux-arm64 ;;
    *) die "no published build for $(uname -m); pass --binary" ;;
  esac
  for candidate in "$script_dir/tandem" "$repo/artifacts/publish/$rid/tandem"; do
    [ -f "$candidate" ] && { binary=$candidate; break; }
  done
  [ -n "$binary" ] || die "no tandem binary found (run scripts/publish $rid first, or pass --binary PATH)"
fi
[ -f "$binary" ] || die "--binary $binary does not exist"
unit_source="$script_dir/../systemd/tandem.service"
[ -f "$unit_source" ] || die "the unit file $unit_source is missing"

bin_path=/usr/local/bin/tandem
unit_path=/etc/systemd/system/tandem.service
state_dir=/var/lib/tandem
logs_dir=/var/log/tandem
cache_dir=/var/cache/tandem
config_dir=/etc/tandem
state_db=$state_dir/tandem.db

# 1. The user. With --root, useradd --prefix writes DIR/etc/passwd and DIR/etc/group without touching this machine.
if $real_root; then
  if ! getent passwd "$service_user" >/dev/null; then
    useradd --system --user-group --home-dir "$state_dir" --no-create-home --shell /usr/sbin/nologin \
      --comment "Tandem synchronization service" "$service_user"
    echo "created system user $service_user"
  fi
  uid=$(id -u "$service_user"); gid=$(id -g "$service_user")
else
  [ -f "$prefix/etc/passwd" ] && [ -f "$prefix/etc/group" ] || die "--root $root has no etc/passwd and etc/group to add the user to"
  if ! awk -F: -v u="$service_user" '$1 == u { found = 1 } END { exit !found }' "$prefix/etc/passwd"; then
    useradd --prefix "$root" --system --user-group --home-dir "$state_dir" --no-create-home \
      --shell /usr/sbin/nologin --comment "Tandem synchronization service" "$service_user"
  fi
  uid=$(awk -F: -v u="$service_user" '$1 == u { print $3 }' "$prefix/etc/passwd")
  gid=$(awk -F: -v u="$service_user" '$1 == u { print $4 }' "$prefix/etc/passwd")
fi

# 2. An upgrade stops the running service first: `tandem init` below may migrate the schema, which must not
# happen under an older running version.
was_active=false
if $use_systemctl && systemctl is-active --quiet tandem.service 2>/dev/null; then
  was_active=true
  echo "stopping tandem.service for the upgrade (the in-flight batch finishes first)"
  systemctl stop tandem.service
fi

# 3. The binary and the unit, each written beside its final name and renamed over it.
install_file() { # mode source destination
  local dest="$prefix$3" tmp
  mkdir -p "$(dirname "$dest")"
  tmp=$(mktemp "$dest.XXXXXX")
  cp "$2" "$tmp"
  chown 0:0 "$tmp"
  chmod "$1" "$tmp"
  mv -f "$tmp" "$dest"
}
install_file 0755 "$binary" "$bin_path"
install_file 0644 "$unit_source" "$unit_path"

# 4. Directories the service owns alone. systemd would create them too (StateDirectory= etc.); creating them here
# lets `tandem init` run before the first start, and tightens what an older install left readable.
for dir in "$state_dir" "$logs_dir" "$cache_dir"; do
  mkdir -p "$prefix$dir"
  chown -R "$uid:$gid" "$prefix$dir"
  chmod 0700 "$prefix$dir"
  find "$prefix$dir" -mindepth 1 -type f -exec chmod go-rwx {} +
  find "$prefix$dir" -mindepth 1 -type d -exec chmod 0700 {} +
done

# 5. Settings read by systemd (as root) before it starts the service: root's alone.
mkdir -p "$prefix$config_dir"
chown 0:0 "$prefix$config_dir"
chmod 0700 "$prefix$config_dir"
if [ ! -e "$prefix$config_dir/tandem.env" ]; then
  (umask 077; cat >"$prefix$config_dir/tandem.env" <<'ENV'
# Environment for tandem.service (KEY=value lines), kept on upgrades.
# TANDEM_KEY=            the secrets key, instead of /var/lib/tandem/tandem.db.key
# DOTNET_gcServer=0      e.g. .NET runtime settings
ENV
  )
fi
chown 0:0 "$prefix$config_dir/tandem.env"
chmod 0600 "$prefix$config_dir/tandem.env"

# 6. The state database: created on a first install, schema brought up to date on an upgrade. Run as the service
# user with a private umask so the database, its key and its journal files are that user's alone.
if $real_root; then
  # The single-file build unpacks its native SQLite library under DOTNET_BUNDLE_EXTRACT_BASE_DIR (else $HOME/.net):
  # the same cache the unit gives the service.
  (umask 077; cd "$state_dir" && runuser -u "$service_user" -- env HOME="$state_dir" \
    DOTNET_BUNDLE_EXTRACT_BASE_DIR="$cache_dir" "$bin_path" init --state "$state_db")
else
  echo "(--root: not running 'tandem init'; the database is created by 'tandem init --state $state_db' as $service_user)"
fi

# 7. systemd.
if $use_systemctl; then
  if [ -d /run/systemd/system ]; then
    systemctl daemon-reload
    systemctl enable tandem.service >/dev/null
    systemctl restart tandem.service
    $was_active && echo "upgraded and restarted tandem.service" || echo "enabled and started tandem.service"
    echo "status: systemctl status tandem    logs: journalctl -u tandem -f    diagnostic files: $logs_dir"
  else
    echo "systemd is not running here: start it later with 'systemctl enable --now tandem'"
  fi
else
  echo "installed under $root (systemctl not run)"
fi
