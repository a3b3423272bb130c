import { describe, expect, it } from 'vitest';
import threadedFactory from '@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.js';
import threadedSource from '@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.js?raw';
import { repairThreadedWasmSource, stopIdleThreadWorkers } from '../src/pipeline/wasmThreads';

/** What each wasm thread runs: the blob text tfjs-backend-wasm builds from the factory (its init()). */
function threadScript(): string {
  return `var WasmBackendModuleThreadedSimd = ${threadedFactory.toString()}`;
}

describe('repairThreadedWasmSource', () => {
  it("gives the factory a source text that defines TF.js's threaded module on its own", () => {
    expect(repairThreadedWasmSource()).toBe(true);
    const script = threadScript();
    // No closure, no bundle around it: like importScripts in a fresh worker.
    const defined = new Function(`${script}\nreturn WasmBackendModuleThreadedSimd;`)() as unknown;
    expect(typeof defined).toBe('function');
    // The closure's own variable is declared in the text: the factory function alone only refers to it,
    // which a minifier renames (the e2e suite runs the minified bundle's threads).
    // (Tested as booleans: a failure would print the whole 55 kB script.)
    expect(/var _scriptDir\b/.test(script)).toBe(true);
    expect(script.includes('PThread')).toBe(true);
  });
});

describe('stopIdleThreadWorkers', () => {
  it("stops the pool's idle workers and leaves the ones running threads", () => {
    const worker = () => ({
      terminated: false,
      terminate() {
        this.terminated = true;
      },
    });
    const idle = [worker(), worker(), worker()];
    const running = worker();
    const module = { PThread: { unusedWorkers: [...idle], runningWorkers: [running] } };
    expect(stopIdleThreadWorkers(module)).toBe(3);
    expect(idle.every((w) => w.terminated)).toBe(true);
    expect(module.PThread.unusedWorkers).toEqual([]);
    expect(running.terminated).toBe(false);
  });

  it('does nothing to a module without threads', () => {
    expect(stopIdleThreadWorkers({})).toBe(0);
  });

  it("finds the pool where TF.js's threaded build keeps it", () => {
    // The name is Emscripten's; should a TF.js update rename it, this test says so.
    expect(/unusedWorkers:\[\]/.test(threadedSource)).toBe(true);
    expect(threadedSource.includes('Module["PThread"]=PThread')).toBe(true);
  });
});
