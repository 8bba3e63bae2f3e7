#!/bin/sh
# Installs, upgrades or removes Callboard from this unpacked .tar.gz, for Linux distributions
# without dpkg. Same layout and steps as the .deb (see release/lib/release.sh):
#   sudo ./install.sh              install, or upgrade the installed release (backup + migrations)
#   sudo ./install.sh --uninstall  remove the program; /etc/callboard and /var/lib/callboard stay
#   sudo ./install.sh --purge      remove the program, its configuration and its data
#   sudo callboard rollback        after an upgrade: back to the previous release and its data
# Needs nothing from the network: the release carries its own Node.js.
set -e
HERE=$(cd "$(dirname "$0")" && pwd)
VERSION=$(cat "$HERE/release/VERSION")
ARCH=$(cat "$HERE/release/ARCH")
CB_LIBRARY_ONLY=1
. "$HERE/release/lib/release.sh"
UNIT_DIR=/etc/systemd/system
BIN_DIR=/usr/local/bin

[ "$(id -u)" = 0 ] || cb_die "run as root: sudo $0 $*"

case "${1:-}" in
  --uninstall | --purge)
    cb_remove
    rm -f "$UNIT_DIR/callboard-hub.service" "$UNIT_DIR/callboard-bridge.service"
    rm -f "$BIN_DIR/callboard" "$BIN_DIR/callboard-bridge" "$BIN_DIR/callboard-kiosk"
    rm -rf "$CB_HOME/releases"
    rmdir "$CB_HOME" 2>/dev/null || true
    if [ "$1" = --purge ]; then cb_purge; fi
    if cb_has_systemd; then systemctl daemon-reload || true; fi
    if [ "$1" = --purge ]; then
      cb_say "removed, with the configuration and the data"
    else
      cb_say "removed; kept $CB_ETC and $CB_DATA"
    fi
    exit 0
    ;;
  "") ;;
  *) cb_die "usage: $0 [--uninstall | --purge]" ;;
esac

case "$(uname -m)" in
  x86_64 | amd64) machine=x64 ;;
  aarch64 | arm64) machine=arm64 ;;
  *) machine=$(uname -m) ;;
esac
[ "$machine" = "$ARCH" ] || cb_die "this is the $ARCH release; this machine is $(uname -m): use the $machine one"

replaced=""
if [ -x "$CB_HOME/current/bin/callboard" ]; then replaced=$(cb_version_of "$(readlink -f "$CB_HOME/current")"); fi
cb_pre_upgrade "$VERSION"
rel="$CB_HOME/releases/$VERSION"
install -d -m 0755 "$CB_HOME/releases"
rm -rf "$rel.new"
cp -a "$HERE/release" "$rel.new"
chown -R root:root "$rel.new"
rm -rf "$rel"
mv "$rel.new" "$rel"
install -m 0644 "$rel/deploy/systemd/callboard-hub.service" "$rel/deploy/systemd/callboard-bridge.service" "$UNIT_DIR/"
install -d "$BIN_DIR"
ln -sfn "$CB_HOME/current/bin/callboard" "$BIN_DIR/callboard"
ln -sfn "$CB_HOME/current/bin/callboard-bridge" "$BIN_DIR/callboard-bridge"
ln -sfn "$CB_HOME/current/deploy/kiosk/callboard-kiosk.sh" "$BIN_DIR/callboard-kiosk"
cb_post_install "$VERSION" "$replaced"
# Releases other than this one and the kept previous one are no longer needed.
for old in "$CB_HOME/releases"/*; do
  if [ "$old" != "$rel" ]; then rm -rf "$old"; fi
done
