// The camera session's recording: its length while it runs; then its results and downloads (CSV, JSON),
// kept after the camera stops until the next recording starts.

import type { Session } from '../session/controller';
import { clock, ResultsView } from './ResultsView';
import { TableDownloads } from './TableDownloads';
import { useStore } from './useStore';

export function RecordingPanel({ session }: { readonly session: Session }) {
  const rec = useStore(session.capture.recorder.state);
  if (!rec.recording && !rec.results && !rec.message) return null;
  return (
    <section className="file-panel" aria-label="Camera recording">
      {rec.recording && (
        <p className="recording" data-testid="recording-progress">
          <span aria-hidden="true">● </span>Recording: {clock(rec.seconds)}, {rec.frames} frames
        </p>
      )}
      {rec.message && (
        <p role="status" data-testid="recording-message">
          {rec.message}
        </p>
      )}
      {rec.results && !rec.recording && (
        <>
          <ResultsView results={rec.results} onSeek={null} />
          <div className="controls">
            <TableDownloads what="recording" onSave={(format) => session.capture.saveRecording(format)} />
          </div>
        </>
      )}
    </section>
  );
}

/** Record / Stop recording, beside the camera's own button; a new recording asks before replacing an unsaved one. */
export function RecordButton({ session }: { readonly session: Session }) {
  const rec = useStore(session.capture.recorder.state);
  const modelLoading = useStore(session.state).modelLoading;
  if (rec.recording)
    return (
      <button type="button" onClick={() => session.capture.stopRecording()}>
        Stop recording
      </button>
    );
  const unsaved = rec.results !== null && !rec.saved;
  return (
    <button
      type="button"
      disabled={modelLoading}
      onClick={() => {
        if (unsaved && !confirm('Replace the last recording? It has not been downloaded.')) return;
        session.capture.startRecording();
      }}
    >
      Record
    </button>
  );
}
