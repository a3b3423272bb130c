// The files of a run: the inputs found under the arguments, where each one's outputs and record go, whether
// a file is already done (resume), and writes that never leave a half-written file under its final name.
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { compareText, UsageError } from './args.mjs';

/** What a folder is searched for: the videos and photos the app opens. Files named on the command line are always taken. */
const MEDIA = /\.(mp4|m4v|mov|webm|mkv|ogv|ogg|jpe?g|png|webp|gif|bmp|avif)$/i;

/**
 * @typedef {object} InputFile
 * @property {string} path   absolute
 * @property {string} rel    relative to the argument it came from ('/'-separated): the name in outputs and summary
 * @property {number} bytes
 * @property {number} mtimeMs
 */

/**
 * Every file under `dir`, recursively, as paths relative to it; folders in `skip` (the run's output) are left out.
 * @param {string} dir @param {readonly string[]} skip @returns {string[]}
 */
function walk(dir, skip) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory())
      return skip.includes(path) ? [] : walk(path, skip).map((p) => join(entry.name, p));
    return entry.isFile() ? [entry.name] : [];
  });
}

/**
 * The input files named by `args` (files, or folders searched for videos and photos, except the folders in
 * `skip`), sorted by `rel`.
 * @param {readonly string[]} args @param {readonly string[]} [skip] absolute paths
 * @returns {{ files: InputFile[], ignored: number }}
 */
export function collectInputs(args, skip = []) {
  /** @type {Map<string, InputFile>} */
  const byRel = new Map();
  let ignored = 0;
  for (const arg of args) {
    const root = resolve(arg);
    if (!existsSync(root)) throw new UsageError(`${arg}: no such file or folder`);
    const isDir = statSync(root).isDirectory();
    const found = isDir ? walk(root, skip) : [basename(root)];
    const base = isDir ? root : dirname(root);
    for (const name of found) {
      if (isDir && !MEDIA.test(name)) {
        ignored += 1;
        continue;
      }
      const path = join(base, name);
      const rel = name.split(sep).join('/');
      const clash = byRel.get(rel);
      if (clash && clash.path !== path)
        throw new UsageError(
          `${clash.path} and ${path} would both be written as "${rel}": pass their common parent folder instead`,
        );
      const { size, mtimeMs } = statSync(path);
      byRel.set(rel, { path, rel, bytes: size, mtimeMs });
    }
  }
  const files = [...byRel.values()].sort((a, b) => compareText(a.rel, b.rel));
  return { files, ignored };
}

/** "clips/a.mp4" → "clips/a": exports are named after the input, as the app names its downloads. @param {string} rel */
export function outputBase(rel) {
  return rel.replace(/\.[^./\\]*$/, '') || rel;
}

/**
 * Paths of one file's outputs and record under `out`. Two inputs that differ only in extension would share
 * their outputs: an error before anything runs.
 * @param {string} out @param {string} rel
 */
export function outputsOf(out, rel) {
  const base = join(out, outputBase(rel));
  return {
    csv: `${base}.emotions.csv`,
    json: `${base}.emotions.json`,
    record: join(out, '.fer-live', `${rel}.record.json`),
  };
}

/** @param {readonly InputFile[]} files */
export function checkOutputClashes(files) {
  /** @type {Map<string, string>} */
  const seen = new Map();
  for (const f of files) {
    const base = outputBase(f.rel);
    const other = seen.get(base);
    if (other)
      throw new UsageError(`${other} and ${f.rel} would both be written as ${base}.emotions.*: rename one`);
    seen.set(base, f.rel);
  }
}

/** Writes `text` to a temporary file beside `path`, then renames it: `path` is whole or absent. @param {string} path @param {string} text */
export function writeAtomic(path, text) {
  mkdirSync(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, text);
  renameSync(temporary, path);
}

/** @param {string} path @returns {import('./summary.mjs').FileRecord & { input: { bytes: number, mtimeMs: number } } | null} */
export function readRecord(path) {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return null;
  }
}

/**
 * The record of a file finished by an earlier run with the same settings, or null when it must be (re)done:
 * never analysed, changed since, analysed with another model or step, interrupted (outputs missing; the
 * record is written last), or broken off by a fault of the run rather than of the file.
 * @param {string} out @param {InputFile} file @param {{ model: string, every: number }} settings
 */
export function finishedRecord(out, file, settings) {
  const paths = outputsOf(out, file.rel);
  const record = readRecord(paths.record);
  if (!record || record.status === 'error') return null;
  if (record.input?.bytes !== file.bytes || record.input?.mtimeMs !== file.mtimeMs) return null;
  if (record.model !== settings.model || record.every !== settings.every) return null;
  if (record.status === 'ok' && !(existsSync(paths.csv) && existsSync(paths.json))) return null;
  return record;
}

/** `path` relative to the working folder, for messages. @param {string} path */
export function shown(path) {
  const rel = relative(process.cwd(), path);
  return rel === '' ? '.' : rel.startsWith('..') ? path : rel;
}
