// The run's summary.csv (one row per input file: what it held, how it ended, the share of each emotion) and
// `fer-live merge`, which joins the summaries of several shards. Pure text in, text out: unit-tested.
import { compareText } from './args.mjs';

/**
 * One input file's outcome, as kept in the run's records (and written as one summary row).
 * @typedef {object} FileRecord
 * @property {string} file            path relative to the input argument it came from
 * @property {'video' | 'photo'} kind
 * @property {'ok' | 'failed' | 'error'} status  failed: the file cannot be used; error: the run broke (retried next run)
 * @property {string} reason
 * @property {string} model
 * @property {number} every
 * @property {number} frames          analysed frames (1 for a photo)
 * @property {number} faces           face tracks (video) or faces (photo)
 * @property {number[]} labelCounts   face rows per label, in the order of the run's labels
 */

/** RFC 4180 field, as the app's exports write them. @param {string | number} value */
export function csvField(value) {
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** @param {readonly string[]} labels */
export function summaryHeader(labels) {
  return [
    'file',
    'kind',
    'status',
    'reason',
    'model',
    'every',
    'frames',
    'faces',
    'face_rows',
    ...labels.map((l) => `share_${l}`),
  ];
}

/** One summary row; the shares are empty where no face was labelled. @param {FileRecord} r */
export function summaryRow(r) {
  const faceRows = r.labelCounts.reduce((a, b) => a + b, 0);
  const shares = r.labelCounts.map((n) => (faceRows > 0 ? (n / faceRows).toFixed(4) : ''));
  return [r.file, r.kind, r.status, r.reason, r.model, r.every, r.frames, r.faces, faceRows, ...shares];
}

/**
 * summary.csv: a header and one row per file, sorted by path, so that a run and the merge of its shards
 * give the same bytes. @param {readonly string[]} labels @param {readonly FileRecord[]} records
 */
export function summaryCsv(labels, records) {
  const rows = [...records].sort((a, b) => compareText(a.file, b.file)).map(summaryRow);
  return toCsv([summaryHeader(labels), ...rows]);
}

/** @param {readonly (readonly (string | number)[])[]} rows */
function toCsv(rows) {
  return rows.map((row) => row.map(csvField).join(',')).join('\r\n') + '\r\n';
}

/** Rows of an RFC 4180 text (quoted fields may hold commas, quotes and line breaks). @param {string} text */
export function parseCsv(text) {
  /** @type {string[][]} */
  const rows = [];
  /** @type {string[]} */
  let row = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') ((field += '"'), i++);
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') (row.push(field), (field = ''));
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      (row.push(field), rows.push(row), (row = []), (field = ''));
    } else field += c;
  }
  if (field !== '' || row.length > 0) (row.push(field), rows.push(row));
  return rows;
}

/**
 * The summaries of several shards as one: the same header in all (else an error naming the odd one), every
 * file once (a file in two summaries is an error: the shards overlap), rows sorted by path.
 * @param {readonly { name: string, text: string }[]} summaries
 */
export function mergeSummaries(summaries) {
  /** @type {string[] | null} */
  let header = null;
  /** @type {Map<string, { row: string[], from: string }>} */
  const byFile = new Map();
  for (const { name, text } of summaries) {
    const [head, ...rows] = parseCsv(text);
    if (!head) throw new Error(`${name} is empty`);
    if (header && head.join() !== header.join())
      throw new Error(
        `${name} has other columns than the first summary (another model's labels?): ${head.join(',')}`,
      );
    header = head;
    for (const row of rows) {
      const file = row[0] ?? '';
      const seen = byFile.get(file);
      if (seen) throw new Error(`"${file}" is in both ${seen.from} and ${name}: the shards overlap`);
      byFile.set(file, { row, from: name });
    }
  }
  if (!header) throw new Error('no summary to merge');
  const rows = [...byFile.values()].map((v) => v.row).sort((a, b) => compareText(a[0] ?? '', b[0] ?? ''));
  return toCsv([header, ...rows]);
}
