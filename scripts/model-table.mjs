// Prints the README's model table from the shipped model cards (and bench/results/latest.json if present),
// so the figures in the README are the measured ones. "wasm ms/face": the bare classifier, one face per
// call, warm, in headless Chromium (the bench's classify1Ms); issue 3 asks ≤ 5 ms for the CNN, ≤ 25 ms for the largest.
// It is shown only where the bench ran weights of the shipped model's size (the same network), else '–'.
// A second table puts ours and the peers side by side on the three yardsticks, each from the run that measured
// it: FER2013 (ours: the cards; the peers: latest.json), FER2013-C in the browser (bench/results/fer2013c.json)
// and the dev set (bench/results/devset.json).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { weightBytesIn } from '../bench/peers/ours.mjs';

const ROOT = join(import.meta.dirname, '..');
const read = (p) => JSON.parse(readFileSync(join(ROOT, p), 'utf8'));
const manifest = read('public/models/manifest.json');
const readIf = (p) => (existsSync(join(ROOT, p)) ? read(p) : null);
const bench = readIf('bench/results/latest.json');
const pct = (v) => `${(v * 100).toFixed(1)}%`;

/** Wall time where it was trained, and what its recipe (with the run it started from) costs on the 2-core machine. */
const training = (card) => {
  const where = card.machine ? ` on ${card.machine.split(',')[0]}` : '';
  const cpu = card.cpu_estimate_minutes
    ? `; ${card.cpu_estimate_minutes} min on 2 CPU cores (${card.cpu_estimate})`
    : '';
  return `${card.train_wall_minutes} min${where}, ${card.epochs_done}/${card.epochs} epochs${cpu}`;
};

const cardOf = (path) => read(`public/models/${path}/card.json`);
/** A figure the card does not hold yet (an ensemble's, until measured) is shown as '–', never computed here. */
const maybe = (format) => (v) => (v === undefined ? '–' : format(v));
const sumOver = (cards, key) => cards.reduce((sum, card) => sum + card[key], 0);

const rows = manifest.models.map(({ id, path, members }) => {
  const card = cardOf(path);
  // An ensemble's size, weights and work per face are its members' together; its accuracies are its own card's.
  const parts = members ? members.map((m) => cardOf(manifest.models.find((e) => e.id === m).path)) : [card];
  const benched = bench?.targets.find((t) => t.id === id);
  const sameNetwork = !members && benched?.weightBytes === weightBytesIn(join(ROOT, 'public/models', path));
  const wasm = sameNetwork && bench.rows.find((r) => r.backend === 'wasm' && r.target === id && !r.error);
  return [
    card.name,
    maybe(pct)(card.private_test_accuracy),
    maybe(pct)(card.private_test_accuracy_flip_average),
    maybe(pct)(card.private_test_accuracy_dedup),
    maybe(pct)(card.public_test_accuracy),
    maybe(pct)(card.ferplus_majority?.private_test_accuracy),
    card.fer2013_c ? `${pct(card.fer2013_c.mean)} (${card.fer2013_c.relative.toFixed(2)}×)` : '–',
    card.lfw_expressions
      ? `${pct(card.lfw_expressions.balanced_accuracy)} / ${pct(card.lfw_expressions.accuracy)}`
      : '–',
    `${(sumOver(parts, 'file_bytes') / 1e6).toFixed(2)} MB`,
    `${(sumOver(parts, 'parameters') / 1e6).toFixed(2)} M`,
    `${(sumOver(parts, 'macs_per_face') / 1e6).toFixed(0)} M`,
    wasm ? `${wasm.classify1Ms.toFixed(1)}` : '–',
    members ? `none: the mean of ${parts.map((p) => p.name).join(', ')}` : training(card),
    members ? (card.fer2013_command ? `\`${card.fer2013_command}\`` : '–') : `\`${card.command}\``,
  ];
});
const header = [
  'model',
  'PrivateTest',
  'with flip',
  'dedup',
  'PublicTest',
  'PrivateTest, FER+ labels',
  'FER2013-C mean (× clean)',
  'lfw-expressions balanced / accuracy',
  'size',
  'params',
  'MACs/face',
  'wasm ms/face',
  'training',
  'command',
];
console.log(`| ${header.join(' | ')} |\n|${' --- |'.repeat(header.length)}`);
for (const r of rows) console.log(`| ${r.join(' | ')} |`);

// ---------------------------------------------------------------- side by side with the peers
const robustness = readIf('bench/results/fer2013c.json');
const devset = readIf('bench/results/devset.json');
/** Each dev-set pipeline of a target (face-api has two), upright, at the default detector range. */
const devRows = (id) =>
  (devset?.rows ?? []).filter((r) => r.target === id && !r.error && !r.range && !r.roll);
const devCell = (id) =>
  devRows(id)
    .map((r) => {
      const variant = /\(([^)]*(box|aligned)[^)]*)\)/.exec(r.name)?.[1];
      return `${pct(r.balancedAccuracy)} / ${pct(r.accuracy)}${variant ? ` (${variant})` : ''}`;
    })
    .join('; ') || '–';
const robustCell = (id) => {
  const r = robustness?.rows.find((x) => x.target === id && x.fer2013c)?.fer2013c;
  return r ? `${pct(r.clean)} → ${pct(r.mean)} (${r.relative.toFixed(2)}×)` : '–';
};
const peerIds = [
  ...new Set(
    [...(robustness?.rows ?? []), ...(devset?.rows ?? [])]
      .filter((r) => r.kind === 'peer')
      .map((r) => r.target),
  ),
];
const peerName = (id) =>
  [...(bench?.targets ?? []), ...(robustness?.rows ?? [])].find((t) => (t.id ?? t.target) === id)?.name ?? id;
const peerFer = (id) =>
  bench?.rows.find((r) => r.backend === 'wasm' && r.target === id && r.accuracy)?.accuracy;
const images = robustness?.rows.find((r) => r.fer2013c)?.fer2013c.images;
const side = [
  ...manifest.models.map(({ id, path }) => {
    const card = cardOf(path);
    return [`ours ${card.name}`, maybe(pct)(card.private_test_accuracy), robustCell(id), devCell(id)];
  }),
  ...peerIds.map((id) => [
    peerName(id),
    peerFer(id) ? pct(peerFer(id).accuracy) : '–',
    robustCell(id),
    devCell(id),
  ]),
];
const sideHeader = [
  'target',
  'FER2013 PrivateTest',
  `FER2013-C, first ${images ?? '–'} faces: clean → mean (× clean)`,
  'lfw-expressions balanced / accuracy',
];
console.log(`\n| ${sideHeader.join(' | ')} |\n|${' --- |'.repeat(sideHeader.length)}`);
for (const r of side) console.log(`| ${r.join(' | ')} |`);
