// Several photos opened at once: each is shown and labelled in turn, and the faces of all are kept as one
// table (CSV, JSON), with every photo that could not be read or analysed named with the reason.

import { type FrameResult, type ModelRef, type VideoBox, errorMessage } from '../../lib/internal';
import { csvField, round } from '../../video/exporters';
import { saveTable, type TableFormat } from './download';
import { Store } from '../state/store';

export interface PhotoFace {
  /** In the photo's pixels. */
  readonly box: VideoBox;
  readonly detectionScore: number;
  readonly label: string;
  readonly confidence: number;
  /** In the order of the batch's `labels`. */
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

export interface PhotoBatchState {
  readonly status: 'idle' | 'labelling' | 'done' | 'cancelled';
  readonly total: number;
  readonly rows: readonly PhotoRow[];
  /** The model that labelled the batch, with its label order. */
  readonly model: ModelRef | null;
}

/** What a batch needs from the session: one photo opened on the stage and labelled. */
export interface PhotoBatchDeps {
  /** Opens and labels `file`; throws with a message for the user when it cannot. */
  readonly label: (file: File) => Promise<{ width: number; height: number; result: FrameResult }>;
  readonly model: () => ModelRef | null;
  /** Written into the exports. */
  readonly appVersion: string;
}

const IDLE: PhotoBatchState = { status: 'idle', total: 0, rows: [], model: null };

export class PhotoBatch {
  readonly state = new Store<PhotoBatchState>(IDLE);
  /** Bumped by each batch and by cancel: a batch goes on only while its own run is current. */
  private run = 0;

  constructor(private readonly deps: PhotoBatchDeps) {}

  get busy(): boolean {
    return this.state.get().status === 'labelling';
  }

  /** Labels `files` one after the other; the previous batch's table is replaced. */
  async label(files: readonly File[]): Promise<void> {
    const run = ++this.run;
    this.state.set({ status: 'labelling', total: files.length, rows: [], model: this.deps.model() });
    for (const file of files) {
      let row: PhotoRow;
      try {
        const { width, height, result } = await this.deps.label(file);
        row = { name: file.name, width, height, faces: result.faces.map(photoFace), error: null };
      } catch (error) {
        const reason = errorMessage(error);
        row = { name: file.name, width: 0, height: 0, faces: [], error: reason };
      }
      if (run !== this.run) return;
      this.state.set({ rows: [...this.state.get().rows, row] });
    }
    this.state.set({ status: 'done' });
  }

  /** Downloads the table as `photos.emotions.csv` or `.json`. */
  save(format: TableFormat): void {
    const state = this.state.get();
    const { appVersion } = this.deps;
    const text = format === 'csv' ? photoRowsToCsv(state, appVersion) : photoRowsToJson(state, appVersion);
    saveTable(text, format, 'photos');
  }

  /** Stops the batch in progress after the photo being labelled; the rows so far are kept. */
  cancel(): void {
    if (!this.busy) return;
    this.run += 1;
    this.state.set({ status: 'cancelled' });
  }
}

function photoFace(face: FrameResult['faces'][number]): PhotoFace {
  return {
    box: face.box,
    detectionScore: face.detectionScore,
    label: face.smoothedLabel,
    confidence: face.smoothedConfidence,
    probabilities: Array.from(face.probabilities),
  };
}

/** One row per face; a photo without a face, or that could not be labelled, gets one row saying so. */
export function photoRowsToCsv(state: PhotoBatchState, appVersion: string): string {
  const labels = state.model?.labels ?? [];
  const header = ['photo', 'model', 'app_version', 'width', 'height', 'face', 'label', 'confidence'];
  header.push('x', 'y', 'box_width', 'box_height', 'detection_score', ...labels.map((l) => `p_${l}`), 'note');
  const lines = [header.join(',')];
  const blanks = (n: number) => new Array<string>(n).fill('');
  for (const row of state.rows) {
    const photo = [row.name, state.model?.id ?? '', appVersion, row.width, row.height];
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

export function photoRowsToJson(state: PhotoBatchState, appVersion: string): string {
  const model = state.model ? { id: state.model.id, name: state.model.name } : null;
  const body = { app: { name: 'fer-live', version: appVersion }, model, source: 'photos' };
  return JSON.stringify({ ...body, labels: state.model?.labels ?? [], photos: state.rows }, null, 1);
}
