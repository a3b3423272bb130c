// Photos labelled one after the other, as one table: a row per photo with its faces, or with the reason it
// could not be read or analysed; and its CSV and JSON. The app's photo batches and the library's
// analyzePhotos() make the same rows and the same files.

import { errorMessage } from '../errorMessage';
import type { FaceResult, FrameResult } from '../pipeline/frameResult';
import type { VideoBox } from '../pipeline/geometry';
import { csvField, round } from './exporters';
import type { ModelRef } from './results';

export interface PhotoFace {
  /** In the photo's pixels. */
  readonly box: VideoBox;
  readonly detectionScore: number;
  readonly label: string;
  readonly confidence: number;
  /** In the order of the table's `labels`. */
  readonly probabilities: readonly number[];
}

export interface PhotoRow {
  readonly name: string;
  /** The photo's own size; 0 when it could not be read. */
  readonly width: number;
  readonly height: number;
  readonly faces: readonly PhotoFace[];
  /** Why the photo has no result; null when it was labelled. */
  readonly error: string | null;
}

/** The rows so far, and the model that labelled them, with its label order. */
export interface PhotoTable {
  readonly rows: readonly PhotoRow[];
  readonly model: ModelRef | null;
}

/** Opens and labels one photo; throws with a message for the user when it cannot. */
export type LabelPhoto = (file: File) => Promise<{ width: number; height: number; result: FrameResult }>;

/** `file`'s row: its faces, or (when `label` throws) the reason, so that one bad photo does not stop a batch. */
export async function photoRow(file: File, label: LabelPhoto): Promise<PhotoRow> {
  try {
    const { width, height, result } = await label(file);
    return { name: file.name, width, height, faces: result.faces.map(photoFace), error: null };
  } catch (error) {
    return { name: file.name, width: 0, height: 0, faces: [], error: errorMessage(error) };
  }
}

function photoFace(face: FaceResult): PhotoFace {
  return {
    box: face.box,
    detectionScore: face.detectionScore,
    label: face.smoothedLabel,
    confidence: face.smoothedConfidence,
    probabilities: Array.from(face.probabilities),
  };
}

/** One row per face; a photo without a face, or that could not be labelled, gets one row saying so. */
export function photoRowsToCsv(table: PhotoTable, appVersion: string): string {
  const labels = table.model?.labels ?? [];
  const header = ['photo', 'model', 'app_version', 'width', 'height', 'face', 'label', 'confidence'];
  header.push('x', 'y', 'box_width', 'box_height', 'detection_score', ...labels.map((l) => `p_${l}`), 'note');
  const lines = [header.join(',')];
  const blanks = (n: number) => new Array<string>(n).fill('');
  for (const row of table.rows) {
    const photo = [row.name, table.model?.id ?? '', appVersion, row.width, row.height];
    if (row.faces.length === 0) {
      const note = row.error ?? 'no face found';
      lines.push([...photo, ...blanks(header.length - photo.length - 1), note].map(csvField).join(','));
    }
    row.faces.forEach((f, i) => {
      const { x, y, width, height } = f.box;
      const values = [i + 1, f.label, round(f.confidence, 4), round(x, 1), round(y, 1), round(width, 1)];
      values.push(round(height, 1), round(f.detectionScore, 4), ...f.probabilities.map((p) => round(p, 5)));
      lines.push([...photo, ...values, ''].map(csvField).join(','));
    });
  }
  return lines.join('\r\n') + '\r\n';
}

export function photoRowsToJson(table: PhotoTable, appVersion: string): string {
  const model = table.model ? { id: table.model.id, name: table.model.name } : null;
  const body = { app: { name: 'fer-live', version: appVersion }, model, source: 'photos' };
  return JSON.stringify({ ...body, labels: table.model?.labels ?? [], photos: table.rows }, null, 1);
}
