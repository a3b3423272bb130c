// The page: controls, the video stage with its overlay, the face list, the file panel and the stats.

import { useCallback, useRef } from 'react';
import type { Session } from '../session/controller';
import { describeModel } from '../session/models';
import { FacePanel } from './FacePanel';
import { FilePanel } from './FilePanel';
import { Intro } from './Intro';
import { PhotosPanel } from './PhotosPanel';
import { RecordButton, RecordingPanel } from './RecordingPanel';
import { SettingsPanel } from './SettingsPanel';
import { StatsPanel } from './StatsPanel';
import { useFileDrop } from './useFileDrop';
import { useStore } from './useStore';
import { VideoStage } from './VideoStage';

interface Props {
  readonly session: Session;
  /** Problems with the page's URL parameters, shown once. */
  readonly launchProblems: readonly string[];
}

function switchBackend(name: string): void {
  const url = new URL(location.href);
  url.searchParams.set('backend', name);
  location.assign(url.toString());
}

export function App({ session, launchProblems }: Props) {
  const state = useStore(session.state);
  const jobs = useStore(session.jobs.state);
  const ready = state.phase === 'ready';
  const fileInput = useRef<HTMLInputElement>(null);
  const openFiles = useCallback((files: File[]) => void session.openFiles(files), [session]);
  const dragging = useFileDrop(openFiles);
  const photosBusy = useStore(session.photos.state).status === 'labelling';
  const recording = useStore(session.capture.recorder.state).recording;
  const fileBusy = jobs.status === 'analysing' || jobs.exportProgress !== null;
  return (
    <main>
      {dragging && (
        <div className="drop-hint" aria-hidden="true">
          Drop a video or photos to annotate them
        </div>
      )}
      <header>
        <h1>Live emotion recognition</h1>
        <p className="tagline">Runs entirely in your browser — video never leaves this device.</p>
      </header>
      <Intro
        models={state.models}
        labels={state.models.find((m) => m.id === state.selectedModel)?.spec?.labels ?? []}
      />

      <div className="controls">
        {state.source === 'camera' ? (
          <>
            <button type="button" onClick={() => session.stopSource()}>
              Stop camera
            </button>
            <RecordButton session={session} />
          </>
        ) : (
          <button type="button" disabled={!ready} onClick={() => void session.startCamera()}>
            Start camera
          </button>
        )}
        {state.cameras.length > 1 && (
          <label>
            Camera{' '}
            <select
              value={state.cameraId ?? ''}
              onChange={(e) => void session.startCamera(e.target.value || null)}
            >
              <option value="">Default (front)</option>
              {state.cameras.map((c) => (
                <option key={c.deviceId} value={c.deviceId}>
                  {c.label}
                </option>
              ))}
            </select>
          </label>
        )}
        <button type="button" disabled={!ready} onClick={() => fileInput.current?.click()}>
          Open video or photo
        </button>
        {state.source !== 'none' && (
          <button type="button" onClick={() => void session.capture.saveSnapshot()}>
            Snapshot
          </button>
        )}
        <input
          ref={fileInput}
          type="file"
          accept="video/*,image/*"
          multiple
          hidden
          data-testid="file-input"
          onChange={(e) => {
            const files = Array.from(e.target.files ?? []);
            e.target.value = ''; // the same file can be chosen again
            if (files.length > 0) openFiles(files);
          }}
        />
        <label>
          Model{' '}
          <select
            value={state.selectedModel ?? ''}
            disabled={!ready || state.modelLoading || fileBusy || recording || photosBusy}
            title={recording ? 'A recording keeps one model: stop it to change the model' : undefined}
            onChange={(e) => void session.selectModel(e.target.value)}
          >
            {state.models.map((m) => (
              <option key={m.id} value={m.id} disabled={Boolean(m.unavailable)}>
                {describeModel(m)}
              </option>
            ))}
          </select>
        </label>
        <label>
          Backend{' '}
          <select
            value={state.backend?.name ?? ''}
            disabled={!ready}
            onChange={(e) => switchBackend(e.target.value)}
          >
            {state.backends.map((b) => (
              <option key={b.name} value={b.name} disabled={!b.available}>
                {b.name}
                {b.available ? '' : ' (unavailable)'}
                {b.threads && b.threads > 1 ? ` (${b.threads} threads)` : ''}
              </option>
            ))}
          </select>
        </label>
      </div>

      <p className="status" role="status" data-testid="status">
        {state.phase === 'ready'
          ? state.modelLoading
            ? 'Loading model…'
            : `Backend: ${state.backend?.reason ?? ''}`
          : state.status}
      </p>
      {launchProblems.map((p) => (
        <p key={p} className="notice" role="alert">
          Ignored URL setting: {p}.
        </p>
      ))}
      {state.notice && (
        <p className="notice" role="alert">
          {state.notice}
        </p>
      )}
      {state.cameraError && (
        <div className="error" role="alert" data-testid="camera-error">
          <p>{state.cameraError.message}</p>
          <button type="button" onClick={() => void session.startCamera()}>
            Retry
          </button>
        </div>
      )}
      {state.fileError && (
        <p className="error" role="alert" data-testid="file-error">
          {state.fileError}
        </p>
      )}
      {state.models
        .filter((m) => m.unavailable)
        .map((m) => (
          <p key={m.id} className="notice">
            {m.name} is unavailable: {m.unavailable}
          </p>
        ))}

      <VideoStage session={session} source={state.source} settings={state.settings} />
      {state.photo && (
        <p data-testid="photo-info">
          <strong>{state.photo.name}</strong> — {state.photo.width}×{state.photo.height}
          {state.photo.shownWidth < state.photo.width &&
            `, analysed at ${state.photo.shownWidth}×${state.photo.shownHeight}`}
        </p>
      )}
      {state.source !== 'none' && <FacePanel session={session} />}
      <PhotosPanel session={session} />
      <RecordingPanel session={session} />
      <FilePanel session={session} />
      <SettingsPanel session={session} />
      <StatsPanel stats={state.stats} backend={state.backend?.name ?? '–'} />
    </main>
  );
}
