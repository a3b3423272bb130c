// A failure as the page shows it: one plain message (what happened, what still works, what to do) and,
// apart, the technical detail behind a "Details" disclosure, so that no URL or stack text is in the way.

import { errorMessage } from '../../errorMessage';
import { RecognizerError } from '../../lib';

export interface Problem {
  /** What happened. */
  readonly message: string;
  /** What still works and what to do, said after the message; a table row of the failure leaves it out. */
  readonly advice?: string;
  /** The underlying error's own words; shown only on request. */
  readonly detail?: string;
}

/** A problem with `detail` only when there is one (exactOptionalPropertyTypes: no `detail: undefined`). */
export function problem(message: string, detail?: string): Problem {
  return detail ? { message, detail } : { message };
}

/**
 * The words behind a failure, for a problem's detail: a library error's cause (the worker's or the loader's own
 * words) rather than the advice it gives a developer; anything else's message.
 */
export function failureDetail(error: unknown): string {
  return errorMessage(error instanceof RecognizerError && error.cause !== undefined ? error.cause : error);
}
