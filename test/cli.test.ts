// The fer-live CLI's pure parts: its command line, the shard split, the summary and the merge of shards,
// and the resume rule (which files an earlier run finished).

import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { defaultJobs, parseCommand, parseShard, shardOf, UsageError } from '../cli/args.mjs';
import { collectInputs, finishedRecord, outputsOf, writeAtomic } from '../cli/files.mjs';
import { mergeSummaries, parseCsv, summaryCsv } from '../cli/summary.mjs';

const LABELS = ['angry', 'happy'];

describe('command line', () => {
  it('reads analyze with its defaults and checks every value', () => {
    expect(parseCommand(['analyze', 'clips', 'a.mp4', '--out', 'out'])).toEqual({
      command: 'analyze',
      inputs: ['clips', 'a.mp4'],
      out: 'out',
      model: undefined,
      backend: 'auto',
      every: 1,
      jobs: defaultJobs(),
      shard: { index: 1, count: 1 },
    });
    const full = [
      'analyze',
      'x',
      '--out',
      'o',
      '--model',
      'vgg',
      '--every',
      '5',
      '--jobs',
      '3',
      '--shard',
      '2/4',
    ];
    expect(parseCommand(full)).toMatchObject({
      model: 'vgg',
      every: 5,
      jobs: 3,
      shard: { index: 2, count: 4 },
    });
    expect(parseCommand(['merge', 'a', 'b', '--out', 'm'])).toEqual({
      command: 'merge',
      dirs: ['a', 'b'],
      out: 'm',
    });
    expect(parseCommand([])).toEqual({ command: 'help' });
  });

  it.each([
    [['analyze', 'x'], /--out <dir> is required/],
    [['analyze', '--out', 'o'], /analyze needs at least one file or folder/],
    [
      ['analyze', 'x', '--out', 'o', '--model', 'vgg16'],
      /--model must be one of cnn, vgg, resnet, all; got "vgg16"/,
    ],
    [['analyze', 'x', '--out', 'o', '--every', '0'], /--every must be a whole number from 1 to 100; got "0"/],
    [['analyze', 'x', '--out', 'o', '--jobs', 'many'], /--jobs must be a whole number from 1 to 64/],
    [
      ['analyze', 'x', '--out', 'o', '--shard', '3/2'],
      /--shard must be i\/n with 1 ≤ i ≤ n, such as 1\/4; got "3\/2"/,
    ],
    [['analyze', 'x', '--out', 'o', '--fast'], /Unknown option '--fast'/],
    [['label', 'x', '--out', 'o'], /unknown command "label": use analyze or merge/],
  ])('%j is refused: %s', (argv, message) => {
    expect(() => parseCommand(argv)).toThrow(UsageError);
    expect(() => parseCommand(argv)).toThrow(message);
  });

  it('runs one page per two cores by default, at least one', () => {
    expect([1, 2, 3, 8, 64].map(defaultJobs)).toEqual([1, 1, 1, 4, 32]);
  });
});

describe('shards', () => {
  const files = ['d.mp4', 'a.mp4', 'c/b.mp4', 'B.mp4', 'e.jpg'];

  it('split the sorted list round robin: every file in exactly one shard, whatever the order given', () => {
    const shards = [1, 2, 3].map((index) => shardOf(files, { index, count: 3 }));
    expect(shards).toEqual([['B.mp4', 'd.mp4'], ['a.mp4', 'e.jpg'], ['c/b.mp4']]);
    expect(shardOf([...files].reverse(), { index: 2, count: 3 })).toEqual(shards[1]);
    expect(shardOf(files, parseShard('1/1'))).toEqual(['B.mp4', 'a.mp4', 'c/b.mp4', 'd.mp4', 'e.jpg']);
  });
});

const record = (file: string, status: 'ok' | 'failed', counts: number[], reason = '') => ({
  file,
  kind: 'video' as const,
  status,
  reason,
  model: 'vgg',
  every: 1,
  frames: status === 'ok' ? 20 : 0,
  faces: status === 'ok' ? 3 : 0,
  labelCounts: counts,
});

describe('summary and merge', () => {
  const a = record('a.mp4', 'ok', [15, 45]);
  const b = record('b, "the second".mp4', 'failed', [], '“b” cannot be opened: it is empty, or damaged.');
  const c = record('sub/c.jpg', 'ok', [0, 0], 'no face found');

  it('writes one row per file sorted by path, with the share of each label among the face rows', () => {
    expect(summaryCsv(LABELS, [c, a, b])).toBe(
      [
        'file,kind,status,reason,model,every,frames,faces,face_rows,share_angry,share_happy',
        'a.mp4,video,ok,,vgg,1,20,3,60,0.2500,0.7500',
        '"b, ""the second"".mp4",video,failed,"“b” cannot be opened: it is empty, or damaged.",vgg,1,0,0,0',
        'sub/c.jpg,video,ok,no face found,vgg,1,20,3,0,,',
        '',
      ].join('\r\n'),
    );
  });

  it('reads back what it writes, quotes and commas included', () => {
    const rows = parseCsv(summaryCsv(LABELS, [b]));
    expect(rows[1]?.slice(0, 4)).toEqual([b.file, 'video', 'failed', b.reason]);
  });

  it('merges shards into exactly the summary of one run', () => {
    const one = summaryCsv(LABELS, [a, b, c]);
    const shards = [
      { name: 's1/summary.csv', text: summaryCsv(LABELS, [c]) },
      { name: 's2/summary.csv', text: summaryCsv(LABELS, [b, a]) },
    ];
    expect(mergeSummaries(shards)).toBe(one);
  });

  it('refuses shards that overlap or were made with other labels', () => {
    const s1 = { name: 's1/summary.csv', text: summaryCsv(LABELS, [a]) };
    expect(() => mergeSummaries([s1, { name: 's2/summary.csv', text: summaryCsv(LABELS, [a, c]) }])).toThrow(
      '"a.mp4" is in both s1/summary.csv and s2/summary.csv: the shards overlap',
    );
    expect(() => mergeSummaries([s1, { name: 's3/summary.csv', text: summaryCsv(['sad'], [c]) }])).toThrow(
      /s3\/summary.csv has other columns than the first summary/,
    );
    expect(() => mergeSummaries([])).toThrow('no summary to merge');
  });
});

describe('inputs and resume', () => {
  let dir = '';
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('finds videos and photos in folders, and named files whatever their type', () => {
    dir = mkdtempSync(join(tmpdir(), 'fer-cli-'));
    mkdirSync(join(dir, 'in', 'sub'), { recursive: true });
    for (const name of ['a.mp4', 'sub/b.JPG', 'notes.txt']) writeFileSync(join(dir, 'in', name), 'x');
    writeFileSync(join(dir, 'odd.bin'), 'x');
    mkdirSync(join(dir, 'in', 'out')); // the run's --out inside an input folder is not searched
    writeFileSync(join(dir, 'in', 'out', 'a.mp4'), 'x');
    const { files, ignored } = collectInputs(
      [join(dir, 'in'), join(dir, 'odd.bin')],
      [join(dir, 'in', 'out')],
    );
    expect(files.map((f) => f.rel)).toEqual(['a.mp4', 'odd.bin', 'sub/b.JPG']);
    expect(ignored).toBe(1);
    expect(() => collectInputs([join(dir, 'missing')])).toThrow(/missing: no such file or folder/);
  });

  it('a file is done only with both outputs and a record of the same file, model and step', () => {
    dir = mkdtempSync(join(tmpdir(), 'fer-cli-'));
    const input = join(dir, 'a.mp4');
    writeFileSync(input, 'video');
    const { size, mtimeMs } = statSync(input);
    const file = { path: input, rel: 'a.mp4', bytes: size, mtimeMs };
    const out = join(dir, 'out');
    const paths = outputsOf(out, 'a.mp4');
    const settings = { model: 'vgg', every: 1 };
    const done = { ...record('a.mp4', 'ok', [1, 2]), input: { bytes: size, mtimeMs } };
    expect(finishedRecord(out, file, settings)).toBeNull(); // never run
    writeAtomic(paths.record, JSON.stringify(done));
    expect(finishedRecord(out, file, settings)).toBeNull(); // killed between the outputs and the record? no: outputs missing
    writeAtomic(paths.csv, 'csv');
    writeAtomic(paths.json, 'json');
    expect(finishedRecord(out, file, settings)).toEqual(done);
    expect(finishedRecord(out, file, { model: 'cnn', every: 1 })).toBeNull();
    expect(finishedRecord(out, file, { model: 'vgg', every: 2 })).toBeNull();
    expect(finishedRecord(out, { ...file, bytes: size + 1 }, settings)).toBeNull();
    writeAtomic(paths.record, JSON.stringify({ ...done, status: 'error' }));
    expect(finishedRecord(out, file, settings)).toBeNull(); // a fault of the run: retried
    expect(readdirSync(out).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });
});
