// What the screen-reader live region says. A live face's label that flickers (neutral ↔ happy on a talking
// face) would be read out on every flip, so a face is spoken of only once its label has held for a moment,
// and at most once every few seconds; the cards keep the full, current detail. A still (a photo) is
// described once, all its faces in one sentence.

import type { FrameResult } from '../../lib';
import { faceCaption } from '../../draw/drawOverlay';

export interface AnnouncementConfig {
  /** A face's label is announced only after it has held this long, ms (default 1500). */
  readonly holdMs: number;
  /** At most one announcement per face within this time, ms (default 5000). */
  readonly perFaceGapMs: number;
  /**
   * A face missing from the frames for this long is forgotten, ms (default 10000). The detector misses a
   * face now and then while its track goes on: that face must not "appear" again.
   */
  readonly forgetMs: number;
}

export const DEFAULT_ANNOUNCEMENT_CONFIG: AnnouncementConfig = {
  holdMs: 1500,
  perFaceGapMs: 5000,
  forgetMs: 10_000,
};

export interface LabelledFace {
  readonly trackId: number;
  readonly smoothedLabel: string;
}

interface FaceSpeech {
  /** The label the face shows now, and since when (ms). */
  label: string;
  since: number;
  /** The label last announced (null: the face was never announced), and when. */
  announced: string | null;
  announcedAt: number;
  /** The last frame the face was in, ms. */
  seenAt: number;
}

export class AnnouncementLimiter {
  private faces = new Map<number, FaceSpeech>();

  constructor(private readonly config: AnnouncementConfig = DEFAULT_ANNOUNCEMENT_CONFIG) {}

  /**
   * Records one frame's faces at `now` (ms); returns what to announce: "Face 2 appeared: happy" once a
   * new face's label has held, "Face 2: now sad" once a changed label has held and the face has been quiet
   * long enough. A label that flips back before it is announced is never spoken. Faces missing for
   * `forgetMs` are forgotten.
   */
  update(faces: readonly LabelledFace[], now: number): string[] {
    const said: string[] = [];
    for (const { trackId, smoothedLabel: label } of faces) {
      const face = this.faces.get(trackId) ?? {
        label,
        since: now,
        announced: null,
        announcedAt: -Infinity,
        seenAt: now,
      };
      face.seenAt = now;
      if (face.label !== label) {
        face.label = label;
        face.since = now;
      }
      const held = now - face.since >= this.config.holdMs;
      const quiet = now - face.announcedAt >= this.config.perFaceGapMs;
      if (held && quiet && face.announced !== label) {
        said.push(
          face.announced === null ? `Face ${trackId} appeared: ${label}` : `Face ${trackId}: now ${label}`,
        );
        face.announced = label;
        face.announcedAt = now;
      }
      this.faces.set(trackId, face);
    }
    for (const [trackId, face] of this.faces)
      if (now - face.seenAt >= this.config.forgetMs) this.faces.delete(trackId);
    return said;
  }

  reset(): void {
    this.faces.clear();
  }
}

/** One sentence for a photo's result: "group.jpg: 2 faces. Face 1: happy 87%. Face 2: neutral 60%." */
export function describeStill(name: string, result: FrameResult): string {
  const { faces } = result;
  if (faces.length === 0) return `${name}: no face found.`;
  const count = faces.length === 1 ? '1 face' : `${faces.length} faces`;
  const each = faces.map((f) => `Face ${f.trackId}: ${faceCaption(f.smoothedLabel, f.smoothedConfidence)}.`);
  return `${name}: ${count}. ${each.join(' ')}`;
}
