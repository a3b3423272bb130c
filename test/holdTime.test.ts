// The hold-time clock of the face cards: never negative, whole seconds then whole minutes.

import { describe, expect, it } from 'vitest';
import { describeHeld, heldSeconds } from '../src/session/live/holdTime';

describe('hold time', () => {
  it('counts from the label change to the clock reading, in seconds', () => {
    expect(heldSeconds(1000, 3500)).toBe(2.5);
    expect(heldSeconds(1000, 1000)).toBe(0);
  });

  it('is zero, not negative, when the label changed after the clock was read', () => {
    // The case: a card redrawn with a reading up to 250 ms older than the label change.
    expect(heldSeconds(5250, 5000)).toBe(0);
    expect(describeHeld(heldSeconds(5250, 5000))).toBe('0 s');
    expect(describeHeld(-0.2)).toBe('0 s'); // Math.floor(-0.2) would say "-1 s"
  });

  it('says whole seconds below a minute and whole minutes above', () => {
    expect(describeHeld(0.9)).toBe('0 s');
    expect(describeHeld(59.99)).toBe('59 s');
    expect(describeHeld(60)).toBe('1 min');
    expect(describeHeld(185)).toBe('3 min');
  });
});
