// How much of a file its decoded frames cover: a file whose index is intact but whose data stops early (a
// download cut off) decodes without an error up to the cut, so the end of decoding alone cannot tell.

export interface Coverage {
  /** The duration the container states, seconds. */
  readonly statedSeconds: number;
  /** From the start to the end of the last decoded frame, seconds. */
  readonly decodedSeconds: number;
  /** Frames the timestamps skip inside the decoded part (gaps of more than one frame span). */
  readonly missingFrames: number;
  /** Decoding ended before the stated duration (by more than END_TOLERANCE_FRAMES frames). */
  readonly endedEarly: boolean;
  /** Ended early, or frames are missing: the result is not the whole file. */
  readonly incomplete: boolean;
}

/**
 * Decoding may stop this many frame spans short of the stated duration and still count as complete:
 * containers round the duration, and an edit list or the audio track may run a little longer.
 */
export const END_TOLERANCE_FRAMES = 2;

/** Tallies decoded frame times in order, then says what they cover. */
export class CoverageCounter {
  private last: number | null = null;
  private missing = 0;

  constructor(
    private readonly statedSeconds: number,
    /** The file's frame rate (average), for the span of one frame. */
    private readonly frameRate: number,
  ) {}

  /** The next decoded frame's presentation time, seconds. */
  add(timestamp: number): void {
    const span = 1 / this.frameRate;
    if (this.last !== null) {
      const skipped = Math.round((timestamp - this.last) / span) - 1;
      // A gap of under two spans is timing jitter, not a lost frame.
      if (timestamp - this.last > 1.5 * span) this.missing += Math.max(0, skipped);
    }
    this.last = timestamp;
  }

  result(): Coverage {
    const span = 1 / this.frameRate;
    const decodedSeconds = this.last === null ? 0 : Math.min(this.statedSeconds, this.last + span);
    const endedEarly = decodedSeconds < this.statedSeconds - END_TOLERANCE_FRAMES * span;
    return {
      statedSeconds: this.statedSeconds,
      decodedSeconds,
      missingFrames: this.missing,
      endedEarly,
      incomplete: endedEarly || this.missing > 0,
    };
  }
}

/** The user's words for an incomplete file, or null for a whole one. */
export function describeCoverage(coverage: Coverage): string | null {
  if (!coverage.incomplete) return null;
  const parts: string[] = [];
  if (coverage.endedEarly)
    parts.push(
      `the file ended early: its frames stop at ${coverage.decodedSeconds.toFixed(2)} s of the ` +
        `${coverage.statedSeconds.toFixed(2)} s it states (${percent(coverage)} analysed; cut off or damaged?)`,
    );
  if (coverage.missingFrames > 0)
    parts.push(`${coverage.missingFrames} frame${coverage.missingFrames === 1 ? ' is' : 's are'} missing`);
  return parts.join('; ');
}

function percent(coverage: Coverage): string {
  const share = coverage.statedSeconds > 0 ? coverage.decodedSeconds / coverage.statedSeconds : 0;
  return `${Math.floor(share * 100)}%`;
}
