// Several photos opened at once: each is shown and labelled in turn, and the faces of all are kept as one
// table (CSV, JSON; video/photoTable.ts), with every photo that could not be read or analysed named with
// the reason.

import {
  photoRow,
  photoRowsToCsv,
  photoRowsToJson,
  type LabelPhoto,
  type PhotoTable,
} from '../../video/photoTable';
import type { ModelRef } from '../../video/results';
import { saveTable, type TableFormat } from './download';
import { Store } from '../state/store';

export interface PhotoBatchState extends PhotoTable {
  readonly status: 'idle' | 'labelling' | 'done' | 'cancelled';
  readonly total: number;
}

/** What a batch needs from the session: one photo opened on the stage and labelled. */
export interface PhotoBatchDeps {
  /** Opens and labels `file`; throws with a message for the user when it cannot. */
  readonly label: LabelPhoto;
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
      const row = await photoRow(file, this.deps.label);
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
