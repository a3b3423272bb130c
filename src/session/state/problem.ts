// A failure as the page shows it: one plain message (what happened, what still works, what to do) and,
// apart, the technical detail behind a "Details" disclosure, so that no URL or stack text is in the way.

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
