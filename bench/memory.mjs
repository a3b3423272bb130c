// Memory over many frames: JS heap of the page and its workers (through CDP) and TF.js tensors in each
// realm, before and after a long run of one frame, to show that nothing grows per frame.

/**
 * Memory of a page and its workers, after a garbage collection in each. The app's ML runtimes live in a
 * worker, where `performance.memory` does not exist: its heap is read over a CDP session attached to it.
 * @param {import('playwright-core').Page} page
 */
export async function memoryProbe(page) {
  const cdp = await page.context().newCDPSession(page);
  /** @type {Set<string>} */
  const workers = new Set();
  /** @type {Map<number, (reply: { result?: unknown }) => void>} */
  const waiting = new Map();
  let nextId = 1;
  cdp.on('Target.attachedToTarget', (e) => e.targetInfo.type === 'worker' && workers.add(e.sessionId));
  cdp.on('Target.detachedFromTarget', (e) => workers.delete(e.sessionId));
  cdp.on('Target.receivedMessageFromTarget', (e) => {
    const reply = JSON.parse(e.message);
    waiting.get(reply.id)?.(reply);
    waiting.delete(reply.id);
  });
  await cdp.send('Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: false, flatten: false });
  // The attach events for workers that already run arrive after the call returns (the page's own workers
  // were started by the time the app said it was ready; it has no more than one).
  for (let i = 0; i < 40 && workers.size === 0 && page.workers().length > 0; i++)
    await new Promise((r) => setTimeout(r, 50));
  /**
   * A CDP command in one of the page's own workers (the app's analysis worker). The workers that worker
   * starts, TF.js's wasm threads, are not attached: one of them waits in Atomics.wait between jobs and
   * would never answer; they hold no tensors, and the wasm memory they share is the analysis worker's.
   * @param {string} sessionId @param {string} method @param {Record<string, unknown>} [params]
   */
  const inWorker = (sessionId, method, params = {}) =>
    new Promise((resolve) => {
      const id = nextId++;
      waiting.set(id, (reply) => resolve(reply.result));
      void cdp.send('Target.sendMessageToTarget', {
        sessionId,
        message: JSON.stringify({ id, method, params }),
      });
    });
  /**
   * JS heap in use, and the array buffers outside it (wasm memories among them).
   * @param {(method: string) => Promise<unknown>} send
   */
  const heap = async (send) => {
    await send('HeapProfiler.collectGarbage');
    const usage = /** @type {{ usedSize: number, backingStorageSize: number }} */ (
      await send('Runtime.getHeapUsage')
    );
    return { heapBytes: usage.usedSize, bufferBytes: usage.backingStorageSize };
  };
  const tf = () => {
    const state = globalThis._tfengine?.state;
    return { tensors: state?.numTensors ?? 0, bytes: state?.numBytes ?? 0 };
  };
  /** `tf` evaluated in a worker. @param {string} sessionId */
  const tfInWorker = async (sessionId) => {
    const reply = /** @type {{ result: { value: { tensors: number, bytes: number } } }} */ (
      await inWorker(sessionId, 'Runtime.evaluate', { expression: `(${tf})()`, returnByValue: true })
    );
    return reply.result.value;
  };
  const sum = (/** @type {Record<string, number>[]} */ parts, /** @type {string} */ key) =>
    parts.reduce((total, part) => total + part[key], 0);
  return async function snapshot() {
    const heaps = [await heap((method) => cdp.send(method))];
    for (const sessionId of workers) heaps.push(await heap((method) => inWorker(sessionId, method)));
    const realms = [await page.evaluate(tf)];
    for (const sessionId of workers) realms.push(await tfInWorker(sessionId));
    return {
      heapBytes: sum(heaps, 'heapBytes'),
      bufferBytes: sum(heaps, 'bufferBytes'),
      tensors: sum(realms, 'tensors'),
      tfBytes: sum(realms, 'bytes'),
    };
  };
}

/**
 * `frames` analyses of one frame, with a snapshot before (the page is already warm) and after each chunk.
 * @param {import('playwright-core').Page} page
 * @param {string} url the frame
 * @param {number} frames
 */
export async function memoryRun(page, url, frames) {
  const snapshot = await memoryProbe(page);
  const before = await snapshot();
  const chunk = 500;
  const after = [];
  let msPerFrame = 0;
  for (let done = 0; done < frames; done += chunk) {
    const n = Math.min(chunk, frames - done);
    msPerFrame += (n / frames) * (await page.evaluate((o) => window.bench.loop(o), { url, frames: n }));
    after.push({ frames: done + n, ...(await snapshot()) });
  }
  const last = after[after.length - 1];
  return {
    frames,
    msPerFrame,
    before,
    after: last,
    heapGrowth: last.heapBytes / before.heapBytes - 1,
    tensorGrowth: last.tensors - before.tensors,
    series: after,
  };
}
