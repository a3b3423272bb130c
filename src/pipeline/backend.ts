// Which TF.js backend runs the classifier: a pure choice from what was probed, plus the probing itself.

export const BACKENDS = ['webgpu', 'webgl', 'wasm', 'cpu'] as const;
export type BackendName = (typeof BACKENDS)[number];

/** Whether `value` names a TF.js backend (not `'auto'`). */
export function isBackendName(value: unknown): value is BackendName {
  return BACKENDS.some((name) => name === value);
}

/** One backend as probed at start-up: whether it runs here, and how fast. */
export interface BackendProbe {
  readonly name: BackendName;
  /** False when the backend could not be initialised here; `error` says why. */
  readonly available: boolean;
  readonly error?: string;
  /** WebGPU only: the adapter is a software fallback (e.g. SwiftShader). */
  readonly fallbackAdapter?: boolean;
  /** wasm only: the threads its arithmetic runs on (more than one only on a cross-origin isolated page). */
  readonly threads?: number;
  /** Median ms of a small conv net on this backend, when measured. */
  readonly benchmarkMs?: number;
}

/** TF.js's wasm build pre-starts 8 threads and never uses more. */
export const TFJS_MAX_WASM_THREADS = 8;
/** Up to this many threads, every logical core but one works on the classifier (see wasmThreads). */
const ALL_CORES_UP_TO = 4;

/**
 * Threads for TF.js's wasm backend on a machine with `logicalCores`. TF.js's own choice is half the
 * logical cores (it assumes two hyperthreads per core), at most 8. Small machines get every core but one
 * instead, up to 4: the one left is the detection worker's, which finds the next frame's faces while the
 * classifier runs (a whole file's analysis keeps both busy). Larger ones keep TF.js's choice. On 2 cores
 * that is one thread: measured there, the whole-file analysis ran 8–25% faster on one thread than on two
 * (bench/profileFileAnalysis.mjs, README).
 */
export function wasmThreads(logicalCores: number | undefined): number {
  const cores = Math.floor(logicalCores ?? 1);
  const tfjsChoice = Math.min(TFJS_MAX_WASM_THREADS, Math.floor(cores / 2));
  return Math.max(1, tfjsChoice, Math.min(ALL_CORES_UP_TO, cores - 1));
}

export interface BackendChoice {
  readonly name: BackendName;
  /** One sentence for the UI: why this backend runs. */
  readonly reason: string;
}

const fmt = (ms: number) => `${ms < 10 ? ms.toFixed(1) : ms.toFixed(0)} ms`;

/**
 * Prefers a real (hardware) WebGPU adapter; otherwise the fastest backend measured at start-up;
 * otherwise the first available in webgpu → webgl → wasm → cpu order. A user override wins when available.
 */
export function chooseBackend(probes: readonly BackendProbe[], override?: BackendName): BackendChoice {
  const available = probes.filter((p) => p.available);
  if (available.length === 0)
    return { name: 'cpu', reason: 'no backend initialised; using the plain CPU backend' };
  if (override) {
    if (available.some((p) => p.name === override))
      return { name: override, reason: `${override} chosen by you` };
    const why = probes.find((p) => p.name === override)?.error ?? 'not available here';
    const next = chooseBackend(probes);
    return { name: next.name, reason: `${override} is unavailable (${why}); ${next.reason}` };
  }
  const gpu = available.find((p) => p.name === 'webgpu');
  if (gpu && gpu.fallbackAdapter === false)
    return { name: 'webgpu', reason: 'a hardware WebGPU adapter is present' };
  const timed = available.filter((p) => p.benchmarkMs !== undefined);
  if (timed.length > 0) {
    const sorted = [...timed].sort((a, b) => (a.benchmarkMs ?? 0) - (b.benchmarkMs ?? 0));
    const best = sorted[0] as BackendProbe;
    const others = sorted.slice(1).map((p) => `${p.name} ${fmt(p.benchmarkMs ?? 0)}`);
    const gpuNote = gpu?.fallbackAdapter ? 'WebGPU is a software adapter; ' : '';
    const vs = others.length ? ` vs ${others.join(', ')}` : '';
    return {
      name: best.name,
      reason: `${gpuNote}fastest at start-up: ${best.name} ${fmt(best.benchmarkMs ?? 0)}${vs}`,
    };
  }
  const first = BACKENDS.map((n) => available.find((p) => p.name === n)).find(
    (p) => p !== undefined,
  ) as BackendProbe;
  return { name: first.name, reason: `${first.name} is the first available backend` };
}
