import { describe, expect, it } from 'vitest';
import { chooseBackend, wasmThreads, type BackendProbe } from '../src/pipeline/backend';

const softwareGpu: BackendProbe[] = [
  { name: 'webgpu', available: true, fallbackAdapter: true, benchmarkMs: 360 },
  { name: 'webgl', available: true, benchmarkMs: 50 },
  { name: 'wasm', available: true, benchmarkMs: 2 },
  { name: 'cpu', available: true },
];

describe('chooseBackend', () => {
  it('prefers a hardware WebGPU adapter without timing', () => {
    const probes: BackendProbe[] = [
      { name: 'webgpu', available: true, fallbackAdapter: false },
      ...softwareGpu.slice(1),
    ];
    expect(chooseBackend(probes).name).toBe('webgpu');
  });

  it('on a software WebGPU adapter picks the fastest measured backend and says why', () => {
    const choice = chooseBackend(softwareGpu);
    expect(choice.name).toBe('wasm');
    expect(choice.reason).toContain('software adapter');
    expect(choice.reason).toContain('webgpu 360 ms');
  });

  it('honours an available override and explains an unavailable one', () => {
    expect(chooseBackend(softwareGpu, 'webgl')).toEqual({ name: 'webgl', reason: 'webgl chosen by you' });
    const noGpu: BackendProbe[] = [
      { name: 'webgpu', available: false, error: 'no WebGPU adapter' },
      ...softwareGpu.slice(1),
    ];
    const choice = chooseBackend(noGpu, 'webgpu');
    expect(choice.name).toBe('wasm');
    expect(choice.reason).toContain('webgpu is unavailable (no WebGPU adapter)');
  });

  it('falls back in webgpu → webgl → wasm → cpu order without timings, and to cpu when nothing works', () => {
    expect(
      chooseBackend([
        { name: 'wasm', available: true },
        { name: 'webgl', available: true },
      ]).name,
    ).toBe('webgl');
    expect(chooseBackend([{ name: 'webgpu', available: false }]).name).toBe('cpu');
  });
});

describe('wasmThreads', () => {
  it("gives small machines every core but the detection worker's, where TF.js alone would use half", () => {
    expect(wasmThreads(2)).toBe(1);
    expect(wasmThreads(3)).toBe(2);
    expect(wasmThreads(4)).toBe(3);
    expect(wasmThreads(5)).toBe(4);
  });

  it("keeps TF.js's own choice on larger machines: half the cores, at most 8", () => {
    expect(wasmThreads(8)).toBe(4);
    expect(wasmThreads(12)).toBe(6);
    expect(wasmThreads(16)).toBe(8);
    expect(wasmThreads(64)).toBe(8);
  });

  it('is one thread where the core count is one or unknown', () => {
    expect(wasmThreads(1)).toBe(1);
    expect(wasmThreads(undefined)).toBe(1);
    expect(wasmThreads(0)).toBe(1);
  });
});
