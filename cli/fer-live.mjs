#!/usr/bin/env node
// fer-live: label the faces in a folder of videos and photos from the command line, with the same library
// (and so the same results and exports) as the app. `fer-live --help` says how.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyze } from './analyze.mjs';
import { parseCommand, USAGE, UsageError } from './args.mjs';
import { writeAtomic } from './files.mjs';
import { mergeSummaries } from './summary.mjs';

/** `fer-live merge`: the shards' summary.csv files as one, in --out. @param {string[]} dirs @param {string} out */
function merge(dirs, out) {
  const summaries = dirs.map((dir) => {
    const name = join(dir, 'summary.csv');
    try {
      return { name, text: readFileSync(name, 'utf8') };
    } catch {
      throw new UsageError(`${name} cannot be read: is ${dir} the --out folder of a finished analyze run?`);
    }
  });
  const merged = mergeSummaries(summaries);
  writeAtomic(join(out, 'summary.csv'), merged);
  process.stderr.write(
    `fer-live: merged ${dirs.length} summaries (${merged.split('\r\n').length - 2} files) into ${join(out, 'summary.csv')}\n`,
  );
}

async function main() {
  const parsed = parseCommand(process.argv.slice(2));
  if (parsed.command === 'help') return void process.stdout.write(`${USAGE}\n`);
  if (parsed.command === 'merge') return merge(parsed.dirs, parsed.out);
  const counts = await analyze(parsed);
  // Files that cannot be used are reported in the summary; only a run broken off by faults fails.
  if (counts.error > 0) process.exitCode = 1;
}

main().catch((error) => {
  const usage = error instanceof UsageError;
  process.stderr.write(
    `fer-live: ${error instanceof Error ? error.message : String(error)}\n${usage ? `\n${USAGE}\n` : ''}`,
  );
  process.exitCode = 2;
});
