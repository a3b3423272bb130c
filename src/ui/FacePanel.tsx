// One card per face: smoothed label with emoji and colour, how long it has held it, bars for all seven
// probabilities, and a button to follow the face's last 30 seconds (a photo's faces have no time: only
// the label and the bars). The cards hold the full detail; the page's live region (App) says only held
// changes. Each refresh takes one result and one clock reading, so a hold time is never from a clock older
// than the label it belongs to.

import { useEffect, useState } from 'react';
import type { FrameResult } from '../lib';
import type { Session } from '../session/controller';
import { faceCaption } from '../draw/drawOverlay';
import { emotionStyle } from '../draw/emotionStyle';
import { describeHeld } from '../session/live/holdTime';
import { FollowedChart } from './FollowedChart';
import { useStore } from './useStore';

/** Cards refresh at this rate: readable, and cheap next to the frame loop. */
const REFRESH_MS = 250;

/** What one refresh shows: the latest result, and each face's hold time read at the same moment. */
interface CardsView {
  readonly result: FrameResult | null;
  readonly held: ReadonlyMap<number, number>;
}

export function FacePanel({ session }: { readonly session: Session }) {
  const { settings, followedFace, source } = useStore(session.state);
  const still = source === 'photo';
  const [{ result, held }, setView] = useState<CardsView>({ result: null, held: new Map() });

  useEffect(() => {
    const timer = setInterval(() => {
      const latest = session.frame.get().result;
      const now = performance.now(); // read once for every card of this refresh
      const times = new Map(
        (latest?.faces ?? []).map((f) => [f.trackId, session.heldSeconds(f.trackId, now)]),
      );
      setView({ result: latest, held: times });
    }, REFRESH_MS);
    return () => clearInterval(timer);
  }, [session]);

  const faces = result?.faces ?? [];
  const followed =
    followedFace !== null && faces.some((f) => f.trackId === followedFace) ? followedFace : null;
  return (
    <section className="faces" aria-label="Faces">
      <ul data-testid="face-list">
        {result && faces.length === 0 && (
          <li className="no-face">{still ? 'No face found in the photo.' : 'No face found in view.'}</li>
        )}
        {faces.map((f) => {
          const style = emotionStyle(f.smoothedLabel);
          return (
            <li
              key={f.trackId}
              data-label={f.smoothedLabel}
              className="face-card"
              style={{ borderColor: style.colour }}
            >
              <span className="caption">
                <span aria-hidden="true">{style.emoji} </span>
                {`Face ${f.trackId}: ${faceCaption(f.smoothedLabel, f.smoothedConfidence)}`}
              </span>
              {!still && <span className="held"> for {describeHeld(held.get(f.trackId) ?? 0)}</span>}
              {settings.showProbabilities && (
                <dl className="bars" aria-label={`Face ${f.trackId}, this frame's probabilities`}>
                  {result?.labels.map((label, i) => {
                    const p = f.probabilities[i] ?? 0;
                    return (
                      <div key={label} className="bar-row">
                        <dt>{label}</dt>
                        <dd>
                          <span
                            className="bar"
                            style={{ width: `${p * 100}%`, background: emotionStyle(label).colour }}
                          />
                          <span className="bar-value">{Math.round(p * 100)}%</span>
                        </dd>
                      </div>
                    );
                  })}
                </dl>
              )}
              {!still && (
                <button
                  type="button"
                  aria-pressed={followed === f.trackId}
                  onClick={() => session.follow(followed === f.trackId ? null : f.trackId)}
                >
                  {followed === f.trackId ? 'Stop following' : 'Follow'}
                </button>
              )}
            </li>
          );
        })}
      </ul>
      {(result?.skippedFaces ?? 0) > 0 && (
        <p role="status">{result?.skippedFaces} more faces were found than can be classified at once.</p>
      )}
      {followed !== null && result && !still && (
        <FollowedChart session={session} trackId={followed} labels={result.labels} />
      )}
    </section>
  );
}
