// A face's steady label over time: the majority vote of its predictions over a span of seconds (the same
// span at any frame rate), and a held label that a new one replaces only when it wins clearly.

import { argmax, majorityVote, type Vote } from './vote';

export interface SmoothingConfig {
  /**
   * Frames in the vote at the nominal frame rate (the brief's ten-frame vote). The vote spans
   * `windowLength / nominalFps` seconds at every frame rate: 10 frames at 10 fps = the last 1.0 s, which
   * holds 30 frames at 30 fps and 10 at 10 fps. Default 10.
   */
  readonly windowLength: number;
  /** The frame rate at which `windowLength` frames are meant. Default 10 (so the default span is 1 s). */
  readonly nominalFps: number;
  /**
   * Hysteresis: a new label takes over from the held one only when its votes exceed the held label's by
   * at least this share of the window's frames. 0 switches on any plurality. Default 0.3: on a clean
   * switch the new label takes over once it holds 65% of the span, 0.6–0.65 s after the change at 1 s.
   * Measured (bench/labelsOverTime.mjs, still clip, detector every 6th frame): 0.2 let a face that is
   * happy in 75–80% of its frames turn sad for 0.6 s; 0.3 held it.
   */
  readonly switchMargin: number;
}

export const DEFAULT_SMOOTHING_CONFIG: SmoothingConfig = {
  windowLength: 10,
  nominalFps: 10,
  switchMargin: 0.3,
};

/** The span of the vote in seconds. */
export function windowSeconds(config: SmoothingConfig): number {
  return config.windowLength / config.nominalFps;
}

/** Float rounding must not drop the oldest frame of an exact span (ten frames 0.1 s apart in 1 s). */
const SPAN_EPSILON = 1e-6;

export class LabelSmoother {
  /** Predictions within the span, oldest first, with their times in seconds. */
  private readonly recent: { time: number; probabilities: ArrayLike<number> }[] = [];
  private held: Vote | null = null;

  constructor(private readonly config: SmoothingConfig) {}

  /** The frames the vote now counts. */
  get frames(): number {
    return this.recent.length;
  }

  /** Adds the prediction made at `time` (seconds, non-decreasing; an earlier time restarts the span). */
  push(time: number, probabilities: ArrayLike<number>): Vote {
    const last = this.recent.at(-1);
    if (last && time < last.time) this.recent.length = 0;
    this.recent.push({ time, probabilities });
    const span = windowSeconds(this.config);
    while ((this.recent[0]?.time ?? time) <= time - span + SPAN_EPSILON) this.recent.shift();
    const window = this.recent.map((r) => r.probabilities);
    const winner = majorityVote(window) as Vote; // never empty: this frame is in it
    const held = this.held;
    if (!held || winner.label === held.label) return (this.held = winner);
    const heldNow = tally(window, held.label);
    const lead = (winner.votes - heldNow.votes) / window.length;
    this.held = lead >= this.config.switchMargin ? winner : heldNow;
    return this.held;
  }
}

/** The vote `label` gets from `window`: frames whose top label it is, and its mean probability. */
function tally(window: readonly ArrayLike<number>[], label: number): Vote {
  let votes = 0;
  let sum = 0;
  for (const probs of window) {
    sum += probs[label] ?? 0;
    if (argmax(probs) === label) votes += 1;
  }
  return { label, votes, confidence: sum / window.length };
}
