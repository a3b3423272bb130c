// The page, stage first: a short header and one bar of controls, the messages, then the video (or photo)
// with its overlay and, beside it on wide screens and under it on narrow ones, a card per face. The
// introduction, the file, recording and settings panels and the stats come after.

import { useCallback } from 'react';
import type { Session } from '../session/controller';
import { ControlBar } from './ControlBar';
import { FacePanel } from './FacePanel';
import { FilePanel } from './FilePanel';
import { Intro } from './Intro';
import { Messages, StatusLine } from './Messages';
import { PhotosPanel } from './PhotosPanel';
import { RecordingPanel } from './RecordingPanel';
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

export function App({ session, launchProblems }: Props) {
  const state = useStore(session.state);
  const openFiles = useCallback((files: File[]) => void session.openFiles(files), [session]);
  const dragging = useFileDrop(openFiles);
  const showing = state.source !== 'none';
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
      <ControlBar session={session} openFiles={openFiles} />
      {/* One line while the introduction is closed: its summary sits beside the status. */}
      <div className="status-row">
        <StatusLine session={session} />
        <Intro
          models={state.models}
          labels={state.models.find((m) => m.id === state.selectedModel)?.labels ?? []}
          showing={showing}
        />
      </div>
      <Messages session={session} launchProblems={launchProblems} />
      {/* Always present, so that the first thing said into it is heard. */}
      <p className="visually-hidden" aria-live="polite" data-testid="announcer">
        {state.announcement}
      </p>

      <div className={showing ? 'workspace showing' : 'workspace'}>
        <div className="stage-column">
          <VideoStage session={session} source={state.source} settings={state.settings} />
          {state.photo && (
            <p data-testid="photo-info">
              <strong>{state.photo.name}</strong> — {state.photo.width}×{state.photo.height}
              {state.photo.shownWidth < state.photo.width &&
                `, analysed at ${state.photo.shownWidth}×${state.photo.shownHeight}`}
            </p>
          )}
        </div>
        {showing && <FacePanel session={session} />}
      </div>
      <PhotosPanel session={session} />
      <RecordingPanel session={session} />
      <FilePanel session={session} />
      <SettingsPanel session={session} />
      <StatsPanel stats={state.stats} backend={state.backend?.name ?? '–'} />
    </main>
  );
}
