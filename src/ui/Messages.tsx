// What the page has to say about its state, above the stage: the one-line status, and each problem once
// (start-up or worker failure, camera, file, the models that could not be loaded) with its detail folded away.

import type { Session } from '../session/controller';
import { modelsProblem } from '../session/state/modelMessages';
import { CAMERA_BUTTON_ID } from './ControlBar';
import { ProblemMessage } from './ProblemMessage';
import { useStore } from './useStore';

interface Props {
  readonly session: Session;
  /** Problems with the page's URL parameters, shown once. */
  readonly launchProblems: readonly string[];
}

/** What is loading, or which backend runs and why (nothing once failed: the failure says it, once). */
export function StatusLine({ session }: { readonly session: Session }) {
  const state = useStore(session.state);
  const text = {
    loading: state.status,
    ready: state.modelLoading ? 'Loading model…' : `Backend: ${state.backend?.reason ?? ''}`,
    failed: '',
  }[state.phase];
  return (
    <p className="status" role="status" data-testid="status">
      {text}
    </p>
  );
}

export function Messages({ session, launchProblems }: Props) {
  const state = useStore(session.state);
  const models = modelsProblem(
    state.models,
    state.models.find((m) => m.id === state.selectedModel),
  );
  return (
    <div className="messages">
      {state.failure && <ProblemMessage problem={state.failure} testId="failure" />}
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
        <ProblemMessage problem={state.cameraError} testId="camera-error">
          <button
            type="button"
            onClick={() => {
              // This button goes with its message: the focus moves to the camera button first.
              document.getElementById(CAMERA_BUTTON_ID)?.focus();
              void session.startCamera();
            }}
          >
            Retry
          </button>
        </ProblemMessage>
      )}
      {state.fileError && <ProblemMessage problem={state.fileError} testId="file-error" />}
      {models && <ProblemMessage problem={models} tone="notice" testId="model-problem" />}
    </div>
  );
}
