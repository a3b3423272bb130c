// The benchmark's markdown: one table per question (speed, stages, ratios, classifier, memory, accuracy,
// confusion, targets), each row a target on a backend. Figures are rounded here, kept exact in the JSON.
import { fmt, pct } from './stats.mjs';

/** @param {string[]} cells */
const line = (cells) => `| ${cells.join(' | ')} |`;
/** @param {string[]} header @param {string[][]} body */
const table = (header, body) => [line(header), line(header.map(() => '---')), ...body.map(line)].join('\n');
const MB = 2 ** 20;

/** @param {Record<string, any>} result */
export function report(result) {
  const { rows, frames } = result;
  const good = rows.filter((r) => r.frames);
  const faceCounts = frames.map((f) => f.faces);
  const faceHeader = faceCounts.map((n) => `${n} face${n > 1 ? 's' : ''}`);
  /** The cell of `row` for the frame with `n` faces, or '–'. */
  const perFrame = (row, n, cell) => {
    const f = row.frames?.find((x) => x.faces === n);
    return f ? cell(f) : '–';
  };
  const ours = good.filter((r) => r.kind === 'ours');
  const peers = good.filter((r) => r.kind === 'peer');
  const backends = Object.entries(result.backends)
    .map(([b, p]) => `${b}: ${p.runs} runs on ${p.faces.join('/')}-face frames`)
    .join('; ');

  const sections = [
    `# Benchmark ${result.date.slice(0, 16).replace('T', ' ')} UTC`,
    `\`${result.command}\` · ${result.machine} · ${result.browser} · ${backends}.`,
    table(
      ['target', 'version', 'TF.js', 'per frame'],
      result.targets.map((t) => [t.name, t.version, t.tfjs, t.method]),
    ),
    "Frames: the faces our detector finds in face-api's six sample photos, tiled 1, 2, 4, 8 and 16 per 640×480 frame (bench/.media/frames/).",
    '## Frame time: median / p95 ms (fps), same 640×480 frames',
    'Rounds alternate between the targets (all pages open side by side), so a busy spell slows all alike. ' +
      'Faces found are shown where fewer than placed. "ready": page open → models loaded (ours: also warmed up); ' +
      '"1st frame": the first call after that.',
    table(
      ['backend', 'target', 'ready ms', '1st frame ms', ...faceHeader],
      rows.map((r) =>
        !r.frames
          ? [
              r.backend,
              r.name,
              r.error ? `failed: ${r.error}` : `skipped: ${r.skipped}`,
              '',
              ...faceCounts.map(() => ''),
            ]
          : [
              r.backend,
              r.name,
              fmt(r.readyMs, 0),
              fmt(r.firstFrameMs, 0),
              ...faceCounts.map((n) =>
                perFrame(
                  r,
                  n,
                  (f) =>
                    `${fmt(f.medianMs)} / ${fmt(f.p95Ms)} (${fmt(f.fps)})${f.found < n ? ` [${f.found} found]` : ''}`,
                ),
              ),
            ],
      ),
    ),
    '## Ours per stage: detect + crop + classify = frame median ms (the rest is the worker round trip)',
    table(
      ['backend', 'model', ...faceHeader],
      ours.map((r) => [
        r.backend,
        r.name,
        ...faceCounts.map((n) =>
          perFrame(
            r,
            n,
            (f) => `${fmt(f.detectMs)} + ${fmt(f.cropMs)} + ${fmt(f.classifyMs)} = ${fmt(f.medianMs)}`,
          ),
        ),
      ]),
    ),
    '## Ours ÷ peer, frame median (below 1: ours is faster)',
    table(
      ['backend', 'ours', 'peer', ...faceHeader],
      ours.flatMap((o) =>
        peers
          .filter((p) => p.backend === o.backend)
          .map((p) => [
            o.backend,
            o.name,
            p.name,
            ...faceCounts.map((n) => {
              const theirs = p.frames.find((x) => x.faces === n);
              return perFrame(o, n, (f) => (theirs ? `${fmt(f.medianMs / theirs.medianMs, 2)}×` : '–'));
            }),
          ]),
      ),
    ),
    '## Bare classifier: 48×48 faces per call, median ms',
    table(
      ['backend', 'target', '1 face', '16 faces', '16 / 1'],
      good.map((r) => [
        r.backend,
        r.name,
        fmt(r.classify1Ms),
        fmt(r.classify16Ms),
        `${fmt(r.batch16Ratio, 2)}×`,
      ]),
    ),
    threadsSection(result.threads),
    memorySection(good),
    soakSection(result.soak),
    ...accuracySections(good, result.ferLabels),
    '## Targets (issue 5)',
    'A ratio marked * compares against a peer that found fewer faces than the frame holds.',
    table(
      ['target', 'backend', 'result', 'figures'],
      result.checks.map((c) => [
        c.check,
        c.backend ?? '',
        c.pass === null ? '–' : c.pass ? 'PASS' : 'FAIL',
        c.detail,
      ]),
    ),
  ];
  return sections.join('\n\n') + '\n';
}

/** @param {Record<string, any>[]} rows */
function memorySection(rows) {
  const measured = rows.filter((r) => r.memory);
  if (measured.length === 0) return '## Memory\n\nNo memory run.';
  return [
    '## Memory: one frame analysed over and over (wasm); JS heap of page + workers after GC, TF.js tensors',
    table(
      [
        'target',
        'frames',
        'faces',
        'ms / frame',
        'JS heap MB before → after',
        'growth',
        'array buffers MB',
        'tensors before → after',
        'TF.js MB after',
      ],
      measured.map(({ name, memory: m }) => [
        name,
        String(m.frames),
        String(m.faces),
        fmt(m.msPerFrame),
        `${fmt(m.before.heapBytes / MB)} → ${fmt(m.after.heapBytes / MB)}`,
        pct(m.heapGrowth),
        `${fmt(m.before.bufferBytes / MB)} → ${fmt(m.after.bufferBytes / MB)}`,
        `${m.before.tensors} → ${m.after.tensors}`,
        fmt(m.after.tfBytes / MB),
      ]),
    ),
  ].join('\n\n');
}

/** Ours on wasm with the app's thread count and another (bench/threads.mjs). @param {Record<string, any> | null | undefined} threads */
function threadsSection(threads) {
  if (!threads) return '## wasm threads\n\nNot measured.';
  if (threads.error) return `## wasm threads\n\nFailed: ${threads.error}`;
  const frameFaces = threads.rows[0].frames.map((/** @type {{ faces: number }} */ f) => f.faces);
  return [
    `## wasm threads: ${threads.name} with the app's thread count and another, median ms of ${threads.rounds} alternating rounds`,
    "The same build and page (cross-origin isolated, as the app is meant to be served), once with the threads the app picks for this machine and once with `?threads=`: the bare classifier, a whole frame (detect, crop, classify: the frame-time call) and a whole-file analysis of the still clip (30 fps, 640×480, 2 faces, the app's default k; frames/s of each run).",
    table(
      [
        'threads',
        'classify 1 face',
        'classify 16 faces',
        ...frameFaces.map((/** @type {number} */ n) => `frame, ${n} face${n === 1 ? '' : 's'}`),
        `whole file, frames/s (${threads.fileRounds} run${threads.fileRounds === 1 ? '' : 's'})`,
      ],
      threads.rows.map((/** @type {Record<string, any>} */ r) => [
        `${r.threads}${r.chosen ? " (the app's)" : ''}`,
        fmt(r.classify1Ms),
        fmt(r.classify16Ms),
        ...r.frames.map((/** @type {{ medianMs: number }} */ f) => fmt(f.medianMs)),
        r.fileFps.map((/** @type {number} */ f) => fmt(f)).join(', '),
      ]),
    ),
  ].join('\n\n');
}

/** The live-camera soak: one row per minute. @param {Record<string, any> | null | undefined} soak */
function soakSection(soak) {
  if (!soak) return '## Soak\n\nNo soak run.';
  if (soak.error) return `## Soak\n\nFailed: ${soak.error}`;
  const { before } = soak;
  return [
    `## Soak: the app with a live camera (${soak.facesPlaced} faces, 30 fps) for ${fmt(soak.minutes)} min, ${soak.model} on ${soak.backend}; page + worker after GC`,
    `${soak.frames} frames at ${fmt(soak.fps)} frames/s; ${soak.facesAtEnd} of ${soak.facesPlaced} faces labelled at the end.`,
    table(
      ['minute', 'frames', 'JS heap MB', 'growth', 'array buffers MB', 'tensors'],
      [{ minute: 0, ...before }, ...soak.series].map((s) => [
        fmt(s.minute),
        String(s.frames - before.frames),
        fmt(s.heapBytes / MB),
        pct(s.heapBytes / before.heapBytes - 1),
        fmt(s.bufferBytes / MB),
        String(s.tensors),
      ]),
    ),
  ].join('\n\n');
}

/** @param {Record<string, any>[]} rows @param {string[]} labels FER2013's order */
function accuracySections(rows, labels) {
  const measured = rows.filter((r) => r.accuracy);
  if (measured.length === 0) return ['## Accuracy\n\nNo accuracy run (FER2013 not found).'];
  const { images, dedupImages } = measured[0].accuracy;
  return [
    `## FER2013 PrivateTest accuracy: ${images} images (dedup: the ${dedupImages} without a twin in Training), each target's own preprocessing, in the browser on wasm`,
    table(
      ['target', 'accuracy', 'dedup', 'ms / face (batch 64)', ...labels.map((l) => `recall ${l}`)],
      measured.map(({ name, accuracy: a }) => [
        name,
        pct(a.accuracy),
        pct(a.dedupAccuracy),
        fmt(a.msPerFace, 2),
        ...labels.map((l) => pct(a.recall[l], 0)),
      ]),
    ),
    '## Confusion matrices (rows: true label, columns: predicted)',
    ...measured.map(({ name, accuracy: a }) =>
      [
        `**${name}**`,
        table(
          ['', ...labels],
          a.confusion.map((counts, t) => [labels[t], ...counts.map(String)]),
        ),
      ].join('\n\n'),
    ),
  ];
}
