// The open video file: whole-file analysis with progress and cancel, the timeline, the per-face summary
// and the exports (CSV, JSON, annotated WebM).

import { useState } from 'react';
import type { Session } from '../session/controller';
import { stepHint } from '../session/jobs/fileJobs';
import { validateFrameStep } from '../video/results';
import { clock, percent, ResultsView } from './ResultsView';
import { TableDownloads } from './TableDownloads';
import { useStore } from './useStore';

export function FilePanel({ session }: { readonly session: Session }) {
  const app = useStore(session.state);
  const jobs = useStore(session.jobs.state);
  const [stepText, setStepText] = useState('1');
  const step = Number(stepText);
  const stepProblem = validateFrameStep(step);
  const { results, progress, status } = jobs;
  const rows = results?.frames.length ?? 0;
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
            Analyse one frame in every{' '}
            <input
              type="number"
              min={1}
              max={100}
              value={stepText}
              aria-invalid={stepProblem !== null}
              aria-describedby="step-help"
              onChange={(e) => setStepText(e.target.value)}
              disabled={analysing}
            />
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
        {stepProblem ?? stepHint(step)}
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
          <ResultsView results={results} onSeek={fileShown ? (t) => session.seek(t) : null} />
          {!analysing && (
            <div className="controls">
              <TableDownloads onSave={(format) => session.jobs.exportTable(format)} />
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
