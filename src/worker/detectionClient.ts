// The analysis worker's side of the detection worker: promise-returning calls over detectionProtocol.ts.

import type { FrameFaces } from '../pipeline/analyzer';
import type { CropSpec } from '../pipeline/cropInput';
import type { DetectorConfig } from '../pipeline/faceDetector';
import type { DetectorRangeChoice } from '../pipeline/detectorRange';
import type { FromDetection, ToDetection } from './detectionProtocol';
import { assertNever, type FrameImage } from './protocol';

interface Pending {
  readonly resolve: (reply: FromDetection) => void;
}

export class DetectionClient {
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;

  constructor(private readonly port: MessagePort) {
    port.addEventListener('message', (event: MessageEvent<FromDetection>) => this.receive(event.data));
    port.start();
  }

  async init(config: DetectorConfig, detectEvery: number): Promise<void> {
    accepted(await this.request((requestId) => ({ type: 'init', requestId, config, detectEvery })));
  }

  async configure(range: DetectorRangeChoice, minConfidence: number): Promise<void> {
    accepted(await this.request((requestId) => ({ type: 'configure', requestId, range, minConfidence })));
  }

  /**
   * The frame's faces, cropped as `crop` (a classifier's spec) says, at each of `scales` (the frame's
   * `viewsPerFace`). Transfers `image`: it is unusable here afterwards, and the detection worker closes it.
   */
  async locate(
    image: FrameImage,
    time: number | null,
    crop: CropSpec,
    scales: readonly number[] = [1],
  ): Promise<FrameFaces> {
    const reply = await this.request(
      (requestId) => ({ type: 'locate', requestId, image, time, crop, scales }),
      [image],
    );
    if (reply.type === 'located') return reply.frame;
    if (reply.type === 'failed') throw new Error(reply.message);
    throw new Error(`the detection worker answered '${reply.type}' to a frame`);
  }

  reset(): void {
    this.send({ type: 'reset' });
  }

  dispose(): void {
    this.send({ type: 'dispose' });
  }

  private send(message: ToDetection, transfer: Transferable[] = []): void {
    this.port.postMessage(message, transfer);
  }

  private request(
    build: (requestId: number) => ToDetection,
    transfer?: Transferable[],
  ): Promise<FromDetection> {
    const requestId = this.nextId++;
    return new Promise((resolve) => {
      this.pending.set(requestId, { resolve });
      this.send(build(requestId), transfer);
    });
  }

  private receive(reply: FromDetection): void {
    switch (reply.type) {
      case 'ready':
      case 'located':
      case 'failed': {
        const pending = this.pending.get(reply.requestId);
        this.pending.delete(reply.requestId);
        pending?.resolve(reply);
        return;
      }
      default:
        assertNever(reply);
    }
  }
}

function accepted(reply: FromDetection): void {
  if (reply.type === 'failed') throw new Error(reply.message);
  if (reply.type !== 'ready') throw new Error(`the detection worker answered '${reply.type}' to a request`);
}
