#!/bin/sh
# Writes the central Mosquitto's password file (central.conf).
#   make-central-passwd.sh FILE CONSOLE_PASSWORD [SITE_ID SITE_PASSWORD]...
# The console logs in as "callboard-central"; each site's bridge with its site id and the
# password in that site's site-bridge.conf. Needs mosquitto_passwd (Debian package "mosquitto").
set -eu
if [ $# -lt 2 ] || [ $(( $# % 2 )) -ne 0 ]; then
  echo "usage: $0 FILE CONSOLE_PASSWORD [SITE_ID SITE_PASSWORD]..." >&2
  exit 2
fi
file=$1
console_password=$2
shift 2
umask 077
: > "$file"
mosquitto_passwd -b "$file" callboard-central "$console_password"
while [ $# -gt 0 ]; do
  mosquitto_passwd -b "$file" "$1" "$2"
  shift 2
done
echo "wrote $file"
