// Issue 16's still and switch clips (bench/labelsOverTime.mjs, which measures the CNN alone) through each of
// our models: label changes per second on the still clip (target 0) at k = 1 and 8, and the switch clips'
// delays (target ≤ 1 s) at k = 8. Needs a built app (npm run build); a model staged by
// scripts/stage-candidate.mjs can be named too.
//
//   node bench/labelsByModel.mjs                  # cnn, vgg, resnet, all
//   LABELS_MODELS=cnn,cnn-candidate node bench/labelsByModel.mjs
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { launch, PORT } from './browser.mjs';
import { serve } from './server.mjs';
import { analyseClip, changesPerSecond, stillClip, switchClip, switchDelays } from './labelsOverTime.mjs';

const MODELS = (process.env.LABELS_MODELS ?? 'cnn,vgg,resnet,all').split(',');
// The app opens its default model for an id it does not know: that would measure the wrong model.
const manifest = JSON.parse(
  readFileSync(join(import.meta.dirname, '..', 'dist', 'models', 'manifest.json'), 'utf8'),
);
const unknown = MODELS.filter(
  (id) => !manifest.models.some((/** @type {{ id: string }} */ m) => m.id === id),
);
if (unknown.length) throw new Error(`not in dist/models/manifest.json: ${unknown.join(', ')}`);
const delay = (/** @type {number | null} */ d) => (d === null ? 'none' : d.toFixed(2));

const stop = await serve(PORT);
const browser = await launch('wasm');
try {
  for (const model of MODELS) {
    const parts = [];
    for (const k of [1, 8]) {
      const a = await analyseClip(browser, stillClip(), k, model);
      parts.push(
        `still k=${k}: ${changesPerSecond(a, 'label').toFixed(2)}/s (raw ${changesPerSecond(a, 'raw').toFixed(2)})`,
      );
    }
    for (const fps of [10, 30]) {
      const a = await analyseClip(browser, switchClip(fps), 8, model);
      parts.push(`switch ${fps} fps k=8: delays ${switchDelays(a).delays.map(delay).join('/')} s`);
    }
    console.log(`${model}: ${parts.join('; ')}`);
  }
} finally {
  await browser.close();
  await stop();
}
