// The command line of `fer-live`: commands, options, checks with messages that say what to type instead.
// Pure (no file system, no browser), so it is unit-tested.
import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';

export const USAGE = `Usage:
  fer-live analyze <files or folders…> --out <dir> [--model cnn|vgg|resnet|all] [--every N]
                   [--jobs N] [--shard i/n] [--backend auto|wasm|webgl|webgpu|cpu]
  fer-live merge <output dirs…> --out <dir>

analyze  labels every video and photo (folders: searched recursively) in headless Chromium; writes
         <name>.emotions.csv and .json per file (the app's exports) and summary.csv into --out.
         A second run skips the files already done. --shard i/n takes every n-th file from the i-th
         (sorted paths), for several machines; merge joins their summary.csv files.`;

const MODELS = ['cnn', 'vgg', 'resnet', 'all'];
const BACKENDS = ['auto', 'webgpu', 'webgl', 'wasm', 'cpu'];

export class UsageError extends Error {}

/**
 * Pages analysing at once when --jobs is not given: one per two logical cores (each page's worker runs
 * TF.js's wasm on up to 4 threads and MediaPipe on one), at least one.
 * @param {number} [cores]
 */
export function defaultJobs(cores = availableParallelism()) {
  return Math.max(1, Math.floor(cores / 2));
}

/** "2/5" → { index: 2, count: 5 }. @param {string} text */
export function parseShard(text) {
  const match = /^(\d+)\/(\d+)$/.exec(text);
  const index = Number(match?.[1]);
  const count = Number(match?.[2]);
  if (!match || count < 1 || index < 1 || index > count)
    throw new UsageError(`--shard must be i/n with 1 ≤ i ≤ n, such as 1/4; got "${text}"`);
  return { index, count };
}

/**
 * The items of shard `index` of `count`: sorted, then every count-th from the index-th (round robin, so that
 * files whose names sort together, often alike in size, spread over the shards). Deterministic: the same
 * list gives every machine the same split.
 * @template {string} T @param {readonly T[]} items @param {{ index: number, count: number }} shard
 */
export function shardOf(items, { index, count }) {
  return [...items].sort(compareText).filter((_, i) => i % count === index - 1);
}

/** Code-unit order: the same on every machine, whatever its locale. @param {string} a @param {string} b */
export function compareText(a, b) {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** @param {string} name @param {string | undefined} text @param {number} min @param {number} max */
function wholeNumber(name, text, min, max) {
  const n = Number(text);
  if (text === undefined || !Number.isInteger(n) || n < min || n > max)
    throw new UsageError(`--${name} must be a whole number from ${min} to ${max}; got "${text}"`);
  return n;
}

/**
 * The command line (without `node` and the script) as a command and its checked options.
 * @param {readonly string[]} argv
 */
export function parseCommand(argv) {
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help')
    return { command: /** @type {const} */ ('help') };
  let parsed;
  try {
    parsed = parseArgs({
      args: rest,
      allowPositionals: true,
      options: {
        out: { type: 'string' },
        model: { type: 'string' },
        every: { type: 'string', default: '1' },
        jobs: { type: 'string' },
        shard: { type: 'string' },
        backend: { type: 'string', default: 'auto' },
      },
    });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const { values, positionals } = parsed;
  if (!values.out) throw new UsageError('--out <dir> is required: the folder the results are written to');
  if (positionals.length === 0)
    throw new UsageError(
      `${command} needs at least one ${command === 'merge' ? 'output folder' : 'file or folder'}`,
    );
  if (command === 'merge')
    return { command: /** @type {const} */ ('merge'), dirs: positionals, out: values.out };
  if (command !== 'analyze') throw new UsageError(`unknown command "${command}": use analyze or merge`);
  if (values.model !== undefined && !MODELS.includes(values.model))
    throw new UsageError(`--model must be one of ${MODELS.join(', ')}; got "${values.model}"`);
  if (!BACKENDS.includes(values.backend ?? ''))
    throw new UsageError(`--backend must be one of ${BACKENDS.join(', ')}; got "${values.backend}"`);
  return {
    command: /** @type {const} */ ('analyze'),
    inputs: positionals,
    out: values.out,
    model: values.model,
    backend: values.backend ?? 'auto',
    every: wholeNumber('every', values.every, 1, 100),
    jobs: values.jobs === undefined ? defaultJobs() : wholeNumber('jobs', values.jobs, 1, 64),
    shard: values.shard === undefined ? { index: 1, count: 1 } : parseShard(values.shard),
  };
}
