#!/bin/sh
# Callboard release management on an installed system, shared by every form of the package:
# the .deb's maintainer scripts (built with this file inlined), the .tar.gz's install.sh, and the
# installed `callboard rollback` / `callboard status`.
#
# Layout:
#   /opt/callboard/releases/VERSION/   one release: its own Node.js, node_modules, hub, apps, bridge
#   /opt/callboard/current  -> releases/VERSION (or -> previous after a rollback)
#   /opt/callboard/previous            the release that ran before the last upgrade (hard links)
#   /opt/callboard/previous.env        its version and the data backup taken before the upgrade
#   /etc/callboard/                    configuration (root:callboard 0750), kept on removal
#   /var/lib/callboard/                the hub's data dir (callboard 0750), kept on removal
#
# POSIX sh only (dash on Debian). As a command: release.sh rollback | status.

CB_HOME=${CB_HOME:-/opt/callboard}
CB_ETC=${CB_ETC:-/etc/callboard}
CB_DATA=${CB_DATA:-/var/lib/callboard}
CB_USER=callboard

cb_say() { printf 'callboard: %s\n' "$*"; }
cb_die() {
  printf 'callboard: %s\n' "$*" >&2
  exit 1
}

cb_has_systemd() { [ -d /run/systemd/system ] && command -v systemctl >/dev/null 2>&1; }
cb_version_of() { cat "$1/VERSION" 2>/dev/null || echo unknown; }
cb_has_data() { ls "$CB_DATA"/*.db >/dev/null 2>&1; }
cb_stamp() { date -u +%Y%m%dT%H%M%SZ; }

# The pid of a hub holding the data dir (hub.lock), if that process is alive.
cb_hub_pid() {
  pid=$(cat "$CB_DATA/hub.lock" 2>/dev/null) || return 1
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null && echo "$pid"
}

cb_stop_hub() {
  if cb_has_systemd; then systemctl stop callboard-hub.service 2>/dev/null || true; fi
  if pid=$(cb_hub_pid); then
    cb_die "a hub (process $pid) is running on $CB_DATA: stop it first (systemctl stop callboard-hub), then try again"
  fi
}

# Starts the hub if its unit is enabled, then waits for its health check. Non-zero if it fails.
cb_start_hub_if_enabled() {
  cb_has_systemd || return 0
  systemctl is-enabled --quiet callboard-hub.service 2>/dev/null || return 0
  systemctl start callboard-hub.service || return 1
  "$CB_HOME/current/bin/callboard" health --wait 60
}

cb_create_user() {
  getent group "$CB_USER" >/dev/null || groupadd --system "$CB_USER"
  if ! getent passwd "$CB_USER" >/dev/null; then
    nologin=$(command -v nologin || echo /bin/false)
    useradd --system --gid "$CB_USER" --home-dir "$CB_DATA" --no-create-home --shell "$nologin" \
      --comment 'Callboard queue hub' "$CB_USER"
  fi
}

# Configuration and data dirs; a first configuration from the release's site template.
cb_create_dirs() {
  rel=$1
  install -d -m 0755 "$CB_HOME"
  install -d -o root -g "$CB_USER" -m 0750 "$CB_ETC"
  install -d -o "$CB_USER" -g "$CB_USER" -m 0750 "$CB_DATA"
  # A data dir kept from an earlier install, whose user was re-created with another uid.
  [ "$(stat -c %U "$CB_DATA")" = "$CB_USER" ] || chown -R "$CB_USER:$CB_USER" "$CB_DATA"
  install -d -o "$CB_USER" -g "$CB_USER" -m 0750 "$CB_DATA/backups"
  if [ ! -e "$CB_ETC/callboard.config.json" ]; then
    install -o root -g "$CB_USER" -m 0640 "$rel/config/callboard.site.json" "$CB_ETC/callboard.config.json"
    cb_say "wrote a first configuration to $CB_ETC/callboard.config.json: edit it for this site"
  fi
  if [ ! -e "$CB_ETC/bridge.config.json" ]; then
    install -o root -g "$CB_USER" -m 0640 "$rel/config/bridge.example.json" "$CB_ETC/bridge.config.json"
  fi
}

# Before the files of version $1 replace the running release: stop the hub, back the data up
# with the running release's own CLI, and keep that release for `callboard rollback`.
cb_pre_upgrade() {
  new=$1
  cur=$(readlink -f "$CB_HOME/current" 2>/dev/null) || cur=""
  if [ -z "$cur" ] || [ ! -x "$cur/bin/callboard" ]; then return 0; fi
  old=$(cb_version_of "$cur")
  cb_stop_hub
  stamp=$(cb_stamp)
  backup=""
  if cb_has_data; then
    install -d -o "$CB_USER" -g "$CB_USER" -m 0750 "$CB_DATA/backups"
    backup="$CB_DATA/backups/pre-upgrade-$old-to-$new-$stamp.cbk"
    cb_say "backing up the data before the upgrade from $old to $new: $backup"
    "$cur/bin/callboard" backup "$backup" || cb_die "the backup before the upgrade failed; nothing was changed"
    chown "$CB_USER:$CB_USER" "$backup"
  fi
  # Hard links: no extra space, and the old files survive the package manager replacing them.
  if [ "$cur" != "$CB_HOME/previous" ]; then
    rm -rf "$CB_HOME/previous.new"
    cp -al "$cur" "$CB_HOME/previous.new" 2>/dev/null || cp -a "$cur" "$CB_HOME/previous.new"
    rm -rf "$CB_HOME/previous"
    mv "$CB_HOME/previous.new" "$CB_HOME/previous"
  fi
  {
    echo "PREVIOUS_VERSION=$old"
    echo "PREVIOUS_BACKUP=$backup"
    echo "UPGRADED_TO=$new"
    echo "UPGRADED_AT=$stamp"
  } >"$CB_HOME/previous.env"
}

# After the files of version $1 are in place ($2: the version it replaces, empty on a first
# install): user, dirs, `current`, store migrations; on an upgrade the hub is started again if its
# unit is enabled, and health-checked. Non-zero if the data or the new hub is not right.
cb_post_install() {
  new=$1
  replaced=${2:-}
  rel="$CB_HOME/releases/$new"
  [ -x "$rel/bin/callboard" ] || cb_die "release $new is not in $rel"
  cb_create_user
  cb_create_dirs "$rel"
  ln -sfn "releases/$new" "$CB_HOME/current"
  if cb_has_systemd; then systemctl daemon-reload || true; fi
  # Also on a first install: an empty data dir is stamped with this release's schema, so that
  # `create-admin` before the first start writes data of a known schema.
  if cb_has_data; then cb_say "bringing the data in $CB_DATA to release $new"; fi
  if ! "$rel/bin/callboard" migrate; then
    cb_say "the store migration FAILED; the hub was not started."
    cb_rollback_hint
    return 1
  fi
  if cb_has_systemd && systemctl is-enabled --quiet callboard-hub.service 2>/dev/null; then
    if ! cb_start_hub_if_enabled; then
      cb_say "the hub of release $new FAILED its health check (journalctl -u callboard-hub)."
      cb_rollback_hint
      return 1
    fi
    if systemctl is-enabled --quiet callboard-bridge.service 2>/dev/null; then
      systemctl restart callboard-bridge.service || true
    fi
    cb_say "release $new is running"
  elif [ -z "$replaced" ]; then
    cb_say "release $new installed. The services are not started on a first install:"
    cb_say "  1. edit $CB_ETC/callboard.config.json, check it: callboard check-config"
    cb_say "  2. first admin: CALLBOARD_ADMIN_PASSWORD=... callboard create-admin --username admin --name 'IT'"
    cb_say "  3. systemctl enable --now callboard-hub      (kiosk PCs: callboard-bridge)"
  else
    cb_say "release $new installed over $replaced; the hub is not enabled here: start it (systemctl start callboard-hub)"
  fi
}

cb_rollback_hint() {
  if [ -f "$CB_HOME/previous.env" ]; then
    prev=$(sed -n 's/^PREVIOUS_VERSION=//p' "$CB_HOME/previous.env")
    cb_say "to return to release $prev and the data backup taken before the upgrade, run: sudo callboard rollback"
  fi
}

# `callboard rollback`: back to the release that ran before the last upgrade, with its data.
cb_rollback() {
  [ "$(id -u)" = 0 ] || cb_die "rollback must run as root: sudo callboard rollback"
  if [ ! -f "$CB_HOME/previous.env" ] || [ ! -x "$CB_HOME/previous/bin/callboard" ]; then
    cb_die "no previous release is kept here: a rollback is possible after an upgrade"
  fi
  PREVIOUS_VERSION="" PREVIOUS_BACKUP="" ROLLED_BACK_AT=""
  . "$CB_HOME/previous.env"
  [ -z "$ROLLED_BACK_AT" ] || cb_die "already rolled back to $PREVIOUS_VERSION (at $ROLLED_BACK_AT)"
  cur=$(readlink -f "$CB_HOME/current")
  from=$(cb_version_of "$cur")
  cb_say "rolling back from $from to $PREVIOUS_VERSION"
  cb_stop_hub
  stamp=$(cb_stamp)
  if [ -n "$PREVIOUS_BACKUP" ]; then
    [ -f "$PREVIOUS_BACKUP" ] || cb_die "the backup taken before the upgrade is missing: $PREVIOUS_BACKUP"
    aside="$CB_DATA/replaced-by-rollback-$stamp"
    install -d -o "$CB_USER" -g "$CB_USER" -m 0750 "$aside"
    for f in "$CB_DATA"/*.db "$CB_DATA/secret.key" "$CB_DATA/archive"; do
      if [ -e "$f" ]; then mv "$f" "$aside/"; fi
    done
    cb_say "the data as release $from left it is kept in $aside"
    if ! "$CB_HOME/previous/bin/callboard" restore "$PREVIOUS_BACKUP"; then
      for f in "$aside"/*; do if [ -e "$f" ]; then mv "$f" "$CB_DATA/"; fi; done
      cb_die "restoring $PREVIOUS_BACKUP failed; the data was put back and release $from stays"
    fi
    # Backups never hold the identity key (docs/security.md): the site's key goes back beside the
    # restored data, or every identity hash in it would stop matching.
    if [ -f "$aside/secret.key" ]; then cp -p "$aside/secret.key" "$CB_DATA/secret.key"; fi
  fi
  ln -sfn previous "$CB_HOME/current"
  echo "ROLLED_BACK_AT=$stamp" >>"$CB_HOME/previous.env"
  if ! cb_start_hub_if_enabled; then cb_die "release $PREVIOUS_VERSION did not come up either (journalctl -u callboard-hub)"; fi
  cb_say "now on release $PREVIOUS_VERSION with the data of $(basename "${PREVIOUS_BACKUP:-none}")"
  cb_say "the package manager still lists $from: install a fixed release when there is one"
}

cb_status() {
  cur=$(readlink -f "$CB_HOME/current" 2>/dev/null) || cur=""
  echo "current release:  $(cb_version_of "$cur") ($cur)"
  if [ -f "$CB_HOME/previous.env" ]; then
    sed 's/^/previous.env:     /' "$CB_HOME/previous.env"
  else
    echo "previous release: none kept"
  fi
  echo "releases:         $(ls "$CB_HOME/releases" 2>/dev/null | tr '\n' ' ')"
}

# Package removal (configuration and data stay): stop and disable the units, drop what the
# package manager does not own.
cb_remove() {
  if cb_has_systemd; then
    systemctl disable --now callboard-hub.service callboard-bridge.service 2>/dev/null || true
  fi
  rm -rf "$CB_HOME/current" "$CB_HOME/previous" "$CB_HOME/previous.new" "$CB_HOME/previous.env"
}

# Purge: configuration, data and the bridge's state go too. The system user stays (its uid may
# still own files elsewhere, e.g. backups copied to a USB disk).
cb_purge() {
  rm -rf "$CB_ETC" "$CB_DATA" /var/lib/callboard-bridge "$CB_HOME"
}

if [ "${CB_LIBRARY_ONLY:-}" != 1 ]; then
  set -e
  case "${1:-}" in
    rollback) cb_rollback ;;
    status) cb_status ;;
    *) cb_die "usage: release.sh rollback|status" ;;
  esac
fi
