/**
 * A public touchscreen must not turn into a browser: no context menu (long press), no text
 * selection or dragging, no pinch or ctrl-wheel zoom, no keyboard zoom. Chromium's kiosk flags
 * (deploy/kiosk/callboard-kiosk.sh: --disable-pinch …) do most of it; the page does it too, so a
 * kiosk started with the wrong command line still behaves. Returns the function that removes it.
 */
export function installKioskGuards(target: Window): () => void {
  const prevent = (e: Event) => e.preventDefault();
  const wheel = (e: WheelEvent) => {
    if (e.ctrlKey) e.preventDefault();
  };
  const touch = (e: TouchEvent) => {
    if (e.touches.length > 1) e.preventDefault();
  };
  const keys = (e: KeyboardEvent) => {
    if ((e.ctrlKey || e.metaKey) && ['+', '-', '=', '0', 'a', 'p', 's', 'f'].includes(e.key.toLowerCase())) e.preventDefault();
  };
  const listeners: [string, EventListener, AddEventListenerOptions][] = [
    ['contextmenu', prevent, {}],
    ['selectstart', prevent, {}],
    ['dragstart', prevent, {}],
    ['gesturestart', prevent, {}], // Safari's pinch
    ['wheel', wheel as EventListener, { passive: false }],
    ['touchmove', touch as EventListener, { passive: false }],
    ['keydown', keys as EventListener, {}],
  ];
  for (const [type, fn, opts] of listeners) target.addEventListener(type, fn, opts);
  return () => {
    for (const [type, fn, opts] of listeners) target.removeEventListener(type, fn, opts);
  };
}
