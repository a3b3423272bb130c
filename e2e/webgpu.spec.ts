// WebGPU runs when asked for and agrees with wasm: the same photos through the whole pipeline and the same
// FER2013 faces through the bare classifier, once per backend in one browser. Here WebGPU is SwiftShader,
// a software adapter: slow, but its results must match wasm's.

import { expect, test } from '@playwright/test';
import { compareRuns, describeComparison, loadInputs, runOn } from './agreement';
import { CHROMIUM_ARGS, watchPage } from './browser';

test.use({
  launchOptions: { executablePath: '/usr/bin/chromium', args: [...CHROMIUM_ARGS, '--enable-unsafe-webgpu'] },
});

const FER_COUNT = 32;
const MAX_DIFF = 1e-3;

test('webgpu runs when asked for and gives the same probabilities as wasm', async ({ page }) => {
  test.setTimeout(240_000);
  const watch = watchPage(page);
  const inputs = await loadInputs(FER_COUNT);

  const gpu = await runOn(page, '?backend=webgpu', inputs);
  // The override must hold even on a software (fallback) adapter.
  expect(gpu.backend, gpu.reason).toBe('webgpu');
  const wasm = await runOn(page, '?backend=wasm', inputs);
  expect(wasm.backend, wasm.reason).toBe('wasm');

  const diffs = compareRuns(gpu, wasm);
  console.log(
    describeComparison(`webgpu vs wasm (webgpu: ${gpu.reason})`, gpu, wasm, ['webgpu', 'wasm'], diffs),
  );
  expect(diffs.maxDiff).toBeLessThanOrEqual(MAX_DIFF);
  expect(diffs.ferDiff).toBeLessThanOrEqual(MAX_DIFF);
  expect(watch.errors).toEqual([]);
});
