// Starts TF.js's wasm backend on several threads where the page allows it (cross-origin isolated).
//
// Two things in TF.js 4.22 stand in the way, each fixed here without patching the package:
// - Each thread of its threaded build (a nested web worker) loads the Emscripten factory from a blob that
//   tfjs-backend-wasm writes as `var WasmBackendModuleThreadedSimd = ` + factory.toString(). In a minified
//   bundle that text refers to its closure's renamed variables, so every thread dies ("e is not defined")
//   and the analysis worker with it. The factory's toString is given the package's own source instead.
// - It caps its thread pool at half of navigator.hardwareConcurrency, read once as its wasm module starts
//   (it assumes two hyperthreads per core): one thread, i.e. none, on a 2-core machine.
import * as tf from '@tensorflow/tfjs';
import { setThreadsCount } from '@tensorflow/tfjs-backend-wasm';
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
  try {
    return await tf.setBackend('wasm');
  } finally {
    Reflect.deleteProperty(navigator, 'hardwareConcurrency');
  }
}
