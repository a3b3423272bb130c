// Starting TF.js: register the backends, probe what works here, time them, activate one.

import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-webgpu';
import { getThreadsCount, setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { startWasmBackend } from './wasmThreads';
import { BACKENDS, type BackendName, type BackendProbe, wasmThreads } from './backend';
import { errorMessage } from '../errorMessage';

interface GpuAdapterLike {
  readonly isFallbackAdapter?: boolean;
  readonly info?: { readonly isFallbackAdapter?: boolean };
}
interface NavigatorWithGpu {
  readonly gpu?: { requestAdapter(): Promise<GpuAdapterLike | null> };
}

/** Median ms of a small conv net shaped like our classifiers (batch 1, 48×48 grey). */
async function timeSmallConvNet(): Promise<number> {
  const weights = [1, 32, 64, 128]
    .slice(0, -1)
    .map((cin, i) => tf.randomNormal([3, 3, cin, [32, 64, 128][i] as number]));
  const input = tf.randomNormal([1, 48, 48, 1]);
  const run = async () => {
    const out = tf.tidy(() =>
      weights
        .reduce<tf.Tensor4D>(
          (x, w) => tf.maxPool(tf.relu(tf.conv2d(x, w as tf.Tensor4D, 1, 'same')), 2, 2, 'valid'),
          input as tf.Tensor4D,
        )
        .mean(),
    );
    await out.data();
    out.dispose();
  };
  await run();
  await run();
  const times: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t0 = performance.now();
    await run();
    times.push(performance.now() - t0);
  }
  tf.dispose([...weights, input]);
  return times.sort((a, b) => a - b)[2] ?? Infinity;
}

async function webgpuAdapter(): Promise<{ ok: boolean; fallback?: boolean; error?: string }> {
  const gpu = (navigator as NavigatorWithGpu).gpu;
  if (!gpu) return { ok: false, error: 'this browser has no WebGPU' };
  const adapter = await gpu.requestAdapter().catch(() => null);
  if (!adapter) return { ok: false, error: 'no WebGPU adapter' };
  return { ok: true, fallback: Boolean(adapter.info?.isFallbackAdapter ?? adapter.isFallbackAdapter) };
}

/**
 * Tries every backend; times those worth comparing. Skips timing when a hardware WebGPU adapter
 * exists (it wins anyway) or when `timeThem` is false (the user chose a backend: timings would only
 * delay start-up), and never times the plain CPU backend.
 */
export async function probeBackends(
  wasmBaseUrl: string,
  timeThem = true,
  threads = wasmThreads(navigator.hardwareConcurrency),
): Promise<BackendProbe[]> {
  setWasmPaths(wasmBaseUrl);
  const gpu = await webgpuAdapter();
  const probes: BackendProbe[] = [];
  for (const name of BACKENDS) {
    if (name === 'webgpu' && !gpu.ok) {
      probes.push({ name, available: false, error: gpu.error ?? 'unavailable' });
      continue;
    }
    let ok = false;
    let error = 'failed to initialise';
    try {
      ok = await (name === 'wasm' ? startWasmBackend(threads) : tf.setBackend(name));
    } catch (e) {
      error = errorMessage(e);
    }
    if (!ok) {
      probes.push({ name, available: false, error });
      continue;
    }
    const fallbackAdapter = name === 'webgpu' ? (gpu.fallback ?? true) : undefined;
    const hardwareGpu = gpu.ok && gpu.fallback === false;
    const worthTiming = timeThem && !hardwareGpu && name !== 'cpu';
    probes.push({
      name,
      available: true,
      ...(fallbackAdapter !== undefined ? { fallbackAdapter } : {}),
      ...(name === 'wasm' ? { threads: getThreadsCount() } : {}),
      ...(worthTiming ? { benchmarkMs: await timeSmallConvNet() } : {}),
    });
  }
  return probes;
}

/** The parts of a GPUDevice used here (the app compiles without the WebGPU type library). */
export interface GpuDeviceLike {
  readonly lost: Promise<{ readonly reason?: string; readonly message?: string }>;
  destroy(): void;
}

/** The device of TF.js's WebGPU backend, when that backend exists. */
export function webgpuDevice(): GpuDeviceLike | null {
  try {
    return (tf.findBackend('webgpu') as unknown as { device?: GpuDeviceLike } | null)?.device ?? null;
  } catch {
    return null;
  }
}

/** Makes `name` the active backend; after a failed setBackend, TF.js would keep reporting the old name. */
export async function activateBackend(name: BackendName): Promise<void> {
  const ok = await tf.setBackend(name);
  if (!ok) throw new Error(`could not start the ${name} backend`);
  await tf.ready();
}
