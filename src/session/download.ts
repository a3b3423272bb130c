// Saving what the app made (exports of a file's analysis or of a camera recording, snapshots) on the user's
// machine: the browser's download of a blob made here; nothing is uploaded.

import { exportName, resultsToCsv, resultsToJson } from '../video/exporters';
import type { AnalysisResults } from '../video/results';

export function saveBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** One row per processed frame per face, as CSV or JSON. */
export function saveResults(results: AnalysisResults, format: 'csv' | 'json'): void {
  const blob =
    format === 'csv'
      ? new Blob([resultsToCsv(results)], { type: 'text/csv' })
      : new Blob([resultsToJson(results)], { type: 'application/json' });
  saveBlob(blob, exportName(results.meta.fileName, `emotions.${format}`));
}
