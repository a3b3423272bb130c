// Starts TF.js's wasm backend on several threads where the page allows it (cross-origin isolated).
//
// Two things in TF.js 4.22 stand in the way, each fixed here without patching the package:
// - Each thread of its threaded build (a nested web worker) loads the Emscripten factory from a blob that
//   tfjs-backend-wasm writes as `var WasmBackendModuleThreadedSimd = ` + factory.toString(). In a minified
//   bundle that text refers to its closure's renamed variables, so every thread dies ("e is not defined")
//   and the analysis worker with it. The factory's toString is given the package's own source instead.
// - It caps its thread pool at half of navigator.hardwareConcurrency, read once as its wasm module starts
//   (it assumes two hyperthreads per core): one thread, i.e. none, on a 2-core machine.
// And one cost: its Emscripten build starts eight thread workers, each with its own copy of the wasm
// module, whatever the thread count; those it does not use are stopped once its threads run.
import * as tf from '@tensorflow/tfjs';
import { setThreadsCount, type BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import threadedFactory from '@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.js';
import threadedSource from '@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.js?raw';

const DECLARATION = 'var WasmBackendModuleThreadedSimd = ';

/**
 * Makes the threaded factory's source text runnable on its own. Returns false, changing nothing, when the
 * package's source is not shaped as expected.
 */
export function repairThreadedWasmSource(): boolean {
  const start = threadedSource.indexOf(DECLARATION);
  if (start < 0 || typeof threadedFactory !== 'function') return false;
  // TF.js writes the declaration itself; the rest (the factory's IIFE, then UMD export lines that do
  // nothing in a worker) defines WasmBackendModuleThreadedSimd as its threads expect.
  const expression = threadedSource.slice(start + DECLARATION.length);
  Object.defineProperty(threadedFactory, 'toString', { value: () => expression, configurable: true });
  return true;
}

/**
 * Starts the wasm backend with `threads` threads; with one, or when the threaded build cannot be repaired,
 * on TF.js's single-threaded build (which TF.js also picks by itself on a page that is not isolated).
 */
export async function startWasmBackend(threads: number): Promise<boolean> {
  if (threads < 2 || !repairThreadedWasmSource()) {
    tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
    return tf.setBackend('wasm');
  }
  setThreadsCount(threads);
  // While the module starts, report cores enough for TF.js's halving to leave `threads`; then the real figure.
  Object.defineProperty(navigator, 'hardwareConcurrency', { value: 2 * threads, configurable: true });
  let started: boolean;
  try {
    started = await tf.setBackend('wasm');
  } finally {
    Reflect.deleteProperty(navigator, 'hardwareConcurrency');
  }
  // TF.js's type of the module names only PThread.terminateAllThreads; Emscripten's object has the pool too.
  if (started) stopIdleThreadWorkers((tf.backend() as BackendWasm).wasm as { PThread?: PThreadPool });
  return started;
}

/** The part of Emscripten's pthread runtime (`Module.PThread`) that holds its workers. */
export interface PThreadPool {
  readonly unusedWorkers: { terminate(): void }[];
}

/**
 * Stops the pool's workers that run no thread and returns how many. TF.js creates all of its threads as
 * its backend starts (XNNPACK's thread pool) and never another, so these stay idle for good; should a
 * thread ever be created later, Emscripten starts a new worker for it.
 */
export function stopIdleThreadWorkers(module: { PThread?: PThreadPool }): number {
  const idle = module.PThread?.unusedWorkers;
  if (!idle) return 0;
  const stopped = idle.splice(0, idle.length);
  for (const worker of stopped) worker.terminate();
  return stopped.length;
}
