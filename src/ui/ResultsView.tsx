// Results of a whole-file analysis or a camera recording: the heading, each face's emotion over time and
// the share of time in each emotion per face. Redrawn as rows arrive.

import { useMemo } from 'react';
import { emotionStyle } from '../draw/emotionStyle';
import type { AnalysisResults, TrackSummary } from '../video/results';
import { Timeline } from './Timeline';

export const percent = (x: number) => `${Math.round(x * 100)}%`;

/** Seconds as m:ss. */
export function clock(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

interface Props {
  readonly results: AnalysisResults;
  /** Moves the video to a time (a file's results, while that file is open); null: not clickable. */
  readonly onSeek: ((time: number) => void) | null;
}

export function ResultsView({ results, onSeek }: Props) {
  const rows = results.frames.length;
  // The summary is recomputed as rows arrive (the progress updates a few times a second).
  const tracks = useMemo(() => (rows > 0 ? results.summary() : []), [results, rows]);
  return (
    <>
      <h2>
        Results: {results.meta.fileName} ({rows} frames, {results.meta.modelName})
      </h2>
      <Timeline results={results} tracks={tracks} version={rows} onSeek={onSeek} />
      <SummaryTable tracks={tracks} labels={results.meta.labels} onSeek={onSeek} />
    </>
  );
}

interface SummaryProps {
  readonly tracks: readonly TrackSummary[];
  readonly labels: readonly string[];
  readonly onSeek: ((time: number) => void) | null;
}

function SummaryTable({ tracks, labels, onSeek }: SummaryProps) {
  return (
    <table className="summary" data-testid="summary">
      <caption>Share of time in each emotion, per face</caption>
      <thead>
        <tr>
          <th scope="col">Face</th>
          <th scope="col">Seen</th>
          {labels.map((l) => (
            <th scope="col" key={l}>
              {l}
            </th>
          ))}
          <th scope="col">Most often</th>
        </tr>
      </thead>
      <tbody>
        {tracks.map((t) => (
          <tr key={t.trackId} data-face={t.trackId}>
            <th scope="row">
              {onSeek ? (
                <button type="button" className="link" onClick={() => onSeek(t.firstTime)}>
                  Face {t.trackId}
                </button>
              ) : (
                `Face ${t.trackId}`
              )}
            </th>
            <td>
              {t.firstTime.toFixed(1)}–{t.lastTime.toFixed(1)} s
            </td>
            {t.share.map((s, i) => (
              <td key={labels[i]} data-label={labels[i]}>
                {percent(s)}
              </td>
            ))}
            <td data-dominant={t.dominantLabel}>
              <span aria-hidden="true">{emotionStyle(t.dominantLabel).emoji} </span>
              {t.dominantLabel}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
