#!/bin/sh
# Writes the Mosquitto password file for a Callboard site.
#   make-passwd.sh FILE HUB_PASSWORD [DEVICE_ID DEVICE_TOKEN]...
# The hub logs in as "callboard-hub" (give the same password to the hub as MQTT_PASSWORD);
# each device logs in with its id and the token from the hub's config or pairing.
# Needs mosquitto_passwd (Debian package "mosquitto").
set -eu
if [ $# -lt 2 ] || [ $(( $# % 2 )) -ne 0 ]; then
  echo "usage: $0 FILE HUB_PASSWORD [DEVICE_ID DEVICE_TOKEN]..." >&2
  exit 2
fi
file=$1
hub_password=$2
shift 2
umask 077
: > "$file"
mosquitto_passwd -b "$file" callboard-hub "$hub_password"
while [ $# -gt 0 ]; do
  mosquitto_passwd -b "$file" "$1" "$2"
  shift 2
done
echo "wrote $file"
