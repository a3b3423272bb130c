// The faces as text, in a polite live region: "Face 1: happy 87%", one entry per face.

import { useEffect, useState } from 'react';
import type { Session } from '../session/controller';
import { faceCaption } from '../draw/drawOverlay';
import { emotionStyle } from '../draw/emotionStyle';

interface Entry {
  readonly id: number;
  readonly label: string;
  readonly text: string;
}

const REFRESH_MS = 500;

export function FaceList({ session }: { readonly session: Session }) {
  const [entries, setEntries] = useState<readonly Entry[] | null>(null);
  const [skipped, setSkipped] = useState(0);

  useEffect(() => {
    // Frames arrive at up to 60 Hz; the text is refreshed twice a second so screen readers can keep up.
    const timer = setInterval(() => {
      const result = session.frame.get().result;
      if (!result) return setEntries(null);
      setSkipped(result.skippedFaces);
      setEntries((old) => {
        const next = result.faces.map((f) => ({
          id: f.trackId,
          label: f.smoothedLabel,
          text: `Face ${f.trackId}: ${faceCaption(f.smoothedLabel, f.smoothedConfidence)}`,
        }));
        const same = old && old.length === next.length && old.every((e, i) => e.text === next[i]?.text);
        return same ? old : next;
      });
    }, REFRESH_MS);
    return () => clearInterval(timer);
  }, [session]);

  return (
    <section className="faces" aria-label="Faces">
      <ul aria-live="polite" data-testid="face-list">
        {entries?.length === 0 && <li className="no-face">No face found in view.</li>}
        {entries?.map((e) => (
          <li key={e.id} data-label={e.label}>
            <span aria-hidden="true">{emotionStyle(e.label).emoji} </span>
            {e.text}
          </li>
        ))}
      </ul>
      {skipped > 0 && <p role="status">{skipped} more faces were found than can be classified at once.</p>}
    </section>
  );
}
