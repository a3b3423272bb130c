// The open video file: whole-file analysis with progress and cancel, the timeline, the per-face summary
// and the exports (CSV, JSON, annotated WebM).

import { useMemo, useState } from 'react';
import type { Session } from '../session/controller';
import { validateFrameStep } from '../session/fileJobs';
import { emotionStyle } from '../draw/emotionStyle';
import type { TrackSummary } from '../video/results';
import { Timeline } from './Timeline';
import { useStore } from './useStore';

const percent = (x: number) => `${Math.round(x * 100)}%`;

function clock(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

export function FilePanel({ session }: { readonly session: Session }) {
  const app = useStore(session.state);
  const jobs = useStore(session.jobs.state);
  const [stepText, setStepText] = useState('1');
  const step = Number(stepText);
  const stepProblem = validateFrameStep(step);
  const { results, progress, status } = jobs;
  const rows = results?.frames.length ?? 0;
  // The summary is recomputed as rows arrive (the progress updates a few times a second).
  const tracks = useMemo(() => (results && rows > 0 ? results.summary() : []), [results, rows]);
  const analysing = status === 'analysing';
  const exporting = jobs.exportProgress !== null;
  const file = app.file;
  const fileShown = results ? results.meta.fileName === file?.name : false;

  if (!file && !results) return null;
  return (
    <section className="file-panel" aria-label="Video file analysis">
      {file && (
        <p data-testid="file-info">
          <strong>{file.name}</strong> — {clock(file.durationSeconds)}, {file.frameRate.toFixed(1)} fps,{' '}
          {file.width}×{file.height}, {file.codec}
        </p>
      )}
      {file && (
        <div className="controls">
          <label>
            Analyse every{' '}
            <input
              type="number"
              min={1}
              max={100}
              value={stepText}
              aria-invalid={stepProblem !== null}
              aria-describedby="step-help"
              onChange={(e) => setStepText(e.target.value)}
              disabled={analysing}
            />{' '}
            th frame
          </label>
          <button
            type="button"
            disabled={analysing || exporting || stepProblem !== null || app.phase !== 'ready'}
            onClick={() => void session.jobs.analyzeAll(step)}
          >
            Analyse whole file
          </button>
          {analysing && (
            <button type="button" onClick={() => session.jobs.cancel()}>
              Cancel analysis
            </button>
          )}
        </div>
      )}
      <p id="step-help" className={stepProblem ? 'notice' : 'hint'}>
        {stepProblem ?? '1 analyses every frame; larger steps are faster.'}
      </p>
      {progress && analysing && (
        <div className="progress">
          <progress max={progress.total} value={progress.processed} aria-label="Analysis progress" />
          <span data-testid="analysis-progress">
            {progress.processed} / {progress.total} frames · {progress.framesPerSecond.toFixed(1)} frames/s
            {progress.etaSeconds !== null && ` · about ${clock(progress.etaSeconds)} left`}
          </span>
        </div>
      )}
      {jobs.message && (
        <p role="status" data-testid="analysis-message">
          {jobs.message}
        </p>
      )}
      {results && rows > 0 && (
        <>
          <h2>
            Results: {results.meta.fileName} ({rows} frames, {results.meta.modelName})
          </h2>
          <Timeline
            results={results}
            tracks={tracks}
            version={rows}
            onSeek={fileShown ? (t) => session.seek(t) : null}
          />
          <SummaryTable
            tracks={tracks}
            labels={results.meta.labels}
            onSeek={fileShown ? (t) => session.seek(t) : null}
          />
          {!analysing && (
            <div className="controls">
              <button type="button" onClick={() => session.jobs.exportCsv()}>
                Download CSV
              </button>
              <button type="button" onClick={() => session.jobs.exportJson()}>
                Download JSON
              </button>
              <button type="button" disabled={exporting} onClick={() => void session.jobs.exportWebm()}>
                {exporting
                  ? `Making video… ${percent(jobs.exportProgress ?? 0)}`
                  : 'Download annotated video (WebM)'}
              </button>
              {exporting && (
                <button type="button" onClick={() => session.jobs.cancel()}>
                  Cancel video
                </button>
              )}
            </div>
          )}
        </>
      )}
    </section>
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
