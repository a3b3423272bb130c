// One card per face: smoothed label with emoji and colour, how long it has held it, bars for all seven
// probabilities, and a button to follow the face's last 30 seconds (a photo's faces have no time: only
// the label and the bars). Screen readers hear only changes:
// the announcements region says when a face appears or its smoothed label changes, never every frame.

import { useEffect, useState } from 'react';
import type { FrameResult } from '../pipeline/analyzer';
import type { Session } from '../session/controller';
import { faceCaption } from '../draw/drawOverlay';
import { emotionStyle } from '../draw/emotionStyle';
import { FollowedChart } from './FollowedChart';
import { useStore } from './useStore';

/** Cards refresh at this rate: readable, and cheap next to the frame loop. */
const REFRESH_MS = 250;

export function FacePanel({ session }: { readonly session: Session }) {
  const { settings, announcement, followedFace, source } = useStore(session.state);
  const still = source === 'photo';
  const [result, setResult] = useState<FrameResult | null>(null);
  const [now, setNow] = useState(0);

  useEffect(() => {
    const timer = setInterval(() => {
      setResult(session.frame.get().result);
      setNow(performance.now());
    }, REFRESH_MS);
    return () => clearInterval(timer);
  }, [session]);

  const faces = result?.faces ?? [];
  const followed =
    followedFace !== null && faces.some((f) => f.trackId === followedFace) ? followedFace : null;
  return (
    <section className="faces" aria-label="Faces">
      <p className="visually-hidden" aria-live="polite" data-testid="announcer">
        {announcement}
      </p>
      <ul data-testid="face-list">
        {result && faces.length === 0 && (
          <li className="no-face">{still ? 'No face found in the photo.' : 'No face found in view.'}</li>
        )}
        {faces.map((f) => {
          const style = emotionStyle(f.smoothedLabel);
          const held = session.heldSeconds(f.trackId, now);
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
              {!still && (
                <span className="held">
                  {' '}
                  for {held < 60 ? `${Math.floor(held)} s` : `${Math.floor(held / 60)} min`}
                </span>
              )}
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
