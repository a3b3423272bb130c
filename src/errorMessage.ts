// The words of a thrown value, for a message: an Error's message, anything else as a string. One helper, so
// that every failure a user sees is worded from the same source; it sits at the root of src/ because the
// engine (pipeline, workers, library) and the app both use it, and it imports nothing.

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
