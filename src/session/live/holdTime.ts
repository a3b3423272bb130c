// How long a face has held its smoothed label, as its card says it. The card reads the clock once per
// refresh and asks every face with that one reading; a label that changed after the reading (the frame loop
// runs between refreshes) would otherwise come out as "-1 s", so the time is clamped at zero.

/** Seconds from `since` to `now` (both ms on one clock), never below zero. */
export function heldSeconds(since: number, now: number): number {
  return Math.max(0, (now - since) / 1000);
}

/** "0 s" … "59 s", then whole minutes: "3 min". */
export function describeHeld(seconds: number): string {
  const s = Math.max(0, seconds);
  return s < 60 ? `${Math.floor(s)} s` : `${Math.floor(s / 60)} min`;
}
