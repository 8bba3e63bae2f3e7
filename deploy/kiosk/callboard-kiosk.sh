#!/usr/bin/env bash
# Chromium in kiosk mode for a lobby kiosk or a waiting-room screen, restarted if it crashes.
#   callboard-kiosk.sh http://hub:8080/display/?device=board-1
#   callboard-kiosk.sh http://hub:8080/kiosk/?device=kiosk-1
# Started from the desktop session's autostart (callboard-kiosk.desktop).
set -u
URL="${1:?usage: callboard-kiosk.sh URL}"
PROFILE="${XDG_CONFIG_HOME:-$HOME/.config}/callboard-kiosk"
mkdir -p "$PROFILE"

# Screen never blanks or sleeps (X11); under Wayland set the compositor's idle to never.
if command -v xset >/dev/null 2>&1 && [ -n "${DISPLAY:-}" ]; then
  xset s off; xset s noblank; xset -dpms
fi

while true; do
  # A crash or a kill leaves "exited_cleanly": false; clear it so no "restore pages?" bubble appears.
  sed -i 's/"exited_cleanly":false/"exited_cleanly":true/; s/"exit_type":"Crashed"/"exit_type":"Normal"/' \
    "$PROFILE/Default/Preferences" 2>/dev/null || true
  # Flags explained in docs/kiosk.md. Sound and speech without a tap; no zoom, swipe-back or
  # pull-to-refresh; no translate bar, password or restore prompts; nothing updated behind our back.
  /usr/bin/chromium \
    --kiosk "$URL" \
    --user-data-dir="$PROFILE" \
    --lang="${CALLBOARD_KIOSK_LANG:-zh-CN}" \
    --autoplay-policy=no-user-gesture-required \
    --enable-speech-dispatcher \
    --noerrdialogs --disable-infobars --disable-session-crashed-bubble \
    --disable-pinch --overscroll-history-navigation=0 --pull-to-refresh=0 \
    --disable-translate --disable-features=Translate,TranslateUI \
    --password-store=basic \
    --disable-background-networking --disable-component-update --disable-sync --no-first-run \
    --check-for-update-interval=31536000
  sleep 2
done
