// CSV and JSON of an analysed file or a camera recording, one row per processed frame per face, made on the
// user's machine.
// Both carry the model and the app version (CSV: as columns, so every row stands on its own).

import type { AnalysisResults } from './results';

/** "holiday.mp4" → "holiday.emotions.csv": exports are named after the input file. */
export function exportName(fileName: string, suffix: string): string {
  const base = fileName.replace(/\.[^./\\]*$/, '') || 'video';
  return `${base}.${suffix}`;
}

export const round = (x: number, digits: number) => Number(x.toFixed(digits));

/** RFC 4180 field: quoted when it holds a comma, quote or line break. */
export function csvField(value: string | number): string {
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function resultsToCsv(results: AnalysisResults): string {
  const { meta } = results;
  const header = [
    'file',
    'model',
    'app_version',
    'frame',
    'time_s',
    'face',
    'label',
    'confidence',
    'x',
    'y',
    'width',
    'height',
    'detection_score',
    ...meta.labels.map((l) => `p_${l}`),
  ];
  const lines = [header.join(',')];
  for (const row of results.frames) {
    for (const face of row.faces) {
      lines.push(
        [
          meta.fileName,
          meta.modelId,
          meta.appVersion,
          row.frameIndex,
          round(row.mediaTime, 4),
          face.trackId,
          face.smoothedLabel,
          round(face.smoothedConfidence, 4),
          round(face.box.x, 1),
          round(face.box.y, 1),
          round(face.box.width, 1),
          round(face.box.height, 1),
          round(face.detectionScore, 4),
          ...face.probabilities.map((p) => round(p, 5)),
        ]
          .map(csvField)
          .join(','),
      );
    }
  }
  return lines.join('\r\n') + '\r\n';
}

export function resultsToJson(results: AnalysisResults): string {
  const { meta } = results;
  return JSON.stringify(
    {
      app: { name: 'fer-live', version: meta.appVersion },
      model: { id: meta.modelId, name: meta.modelName },
      source: meta.source,
      ...(meta.source === 'file'
        ? {
            file: {
              name: meta.fileName,
              bytes: meta.fileBytes,
              durationSeconds: meta.durationSeconds,
              frameRate: meta.frameRate,
              width: meta.width,
              height: meta.height,
              ...(meta.coverage ? { coverage: meta.coverage } : {}),
            },
          }
        : {
            // frameRate: frames analysed per second of the recording (the camera's own rate may be higher).
            camera: {
              recording: meta.fileName,
              durationSeconds: meta.durationSeconds,
              frameRate: meta.frameRate,
              width: meta.width,
              height: meta.height,
            },
          }),
      frameStep: meta.frameStep,
      labels: meta.labels,
      summary: results.summary(),
      frames: results.frames,
    },
    null,
    1,
  );
}
