// The one error type the library throws: a code to branch on and a message that says what happened and
// what to do next.

/** What went wrong, for code that branches on it; the message says it for a person. */
export type RecognizerErrorCode =
  | 'invalid-option'
  | 'unknown-model'
  | 'model-unavailable'
  | 'start-failed'
  | 'invalid-input'
  | 'unreadable-file'
  | 'disposed'
  | 'session-closed'
  | 'worker-failed';

/** Every failure of the library's calls. `code` is stable; `message` is for a person. */
export class RecognizerError extends Error {
  constructor(
    /** What went wrong, for code that branches on it. */
    readonly code: RecognizerErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'RecognizerError';
  }
}
