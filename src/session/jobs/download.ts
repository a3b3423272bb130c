// Saving what the app made (exports of a file's analysis or of a camera recording, snapshots) on the user's
// machine: the browser's download of a blob made here; nothing is uploaded.

import { exportName, resultsToCsv, resultsToJson } from '../../video/exporters';
import type { AnalysisResults } from '../../video/results';

export function saveBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

export type TableFormat = 'csv' | 'json';

/** A table written as CSV or JSON text, saved as `<baseName>.emotions.<format>`. */
export function saveTable(text: string, format: TableFormat, baseName: string): void {
  const type = format === 'csv' ? 'text/csv' : 'application/json';
  saveBlob(new Blob([text], { type }), exportName(baseName, `emotions.${format}`));
}

/** One row per processed frame per face, as CSV or JSON. */
export function saveResults(results: AnalysisResults, format: TableFormat): void {
  const text = format === 'csv' ? resultsToCsv(results) : resultsToJson(results);
  saveTable(text, format, results.meta.fileName);
}
