// Patches the real MediaPipe face models and reads them back with flatbuffers' ByteBuffer, independently
// of the patcher's own reader: same graph, same weights, one more buffer holding an M001 ModelMetadata.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ByteBuffer } from 'flatbuffers';
import { describe, expect, it } from 'vitest';
import { addImageNormalizationMetadata } from '../scripts/face-model-metadata.mjs';

const modelPath = (name: string): string =>
  fileURLToPath(new URL(`../node_modules/@mediapipe/face_detection/${name}.tflite`, import.meta.url));

// Field slots, from the TFLite and metadata schemas (declaration order; a union takes two slots).
const MODEL_OPERATOR_CODES = 1;
const MODEL_SUBGRAPHS = 2;
const MODEL_BUFFERS = 4;
const MODEL_METADATA = 6;
const SUBGRAPH_OPERATORS = 3;

/** A table position plus field access, enough to walk both schemas. */
class Table {
  constructor(
    readonly bb: ByteBuffer,
    readonly pos: number,
  ) {}
  static root(bb: ByteBuffer): Table {
    return new Table(bb, bb.readUint32(0));
  }
  private field(slot: number): number {
    return this.bb.__offset(this.pos, 4 + 2 * slot);
  }
  has(slot: number): boolean {
    return this.field(slot) !== 0;
  }
  u8(slot: number): number {
    const o = this.field(slot);
    return o ? this.bb.readUint8(this.pos + o) : 0;
  }
  u32(slot: number): number {
    const o = this.field(slot);
    return o ? this.bb.readUint32(this.pos + o) : 0;
  }
  string(slot: number): string {
    const o = this.field(slot);
    return o ? String(this.bb.__string(this.pos + o)) : '';
  }
  table(slot: number): Table {
    const o = this.field(slot);
    if (!o) throw new Error(`field ${slot} absent`);
    return new Table(this.bb, this.bb.__indirect(this.pos + o));
  }
  tables(slot: number): Table[] {
    const o = this.field(slot);
    if (!o) return [];
    const start = this.bb.__vector(this.pos + o);
    const length = this.bb.__vector_len(this.pos + o);
    return Array.from({ length }, (_, i) => new Table(this.bb, this.bb.__indirect(start + 4 * i)));
  }
  /** A scalar vector's bytes and where they start in the buffer. */
  bytes(slot: number): { start: number; data: Uint8Array } {
    const o = this.field(slot);
    if (!o) return { start: 0, data: new Uint8Array(0) };
    const start = this.bb.__vector(this.pos + o);
    return { start, data: this.bb.bytes().subarray(start, start + this.bb.__vector_len(this.pos + o)) };
  }
  floats(slot: number): number[] {
    const o = this.field(slot);
    if (!o) return [];
    const start = this.bb.__vector(this.pos + o);
    return Array.from({ length: this.bb.__vector_len(this.pos + o) }, (_, i) =>
      this.bb.readFloat32(start + 4 * i),
    );
  }
}

describe.each(['face_detection_short_range', 'face_detection_full_range'])('%s', (name) => {
  const original = new Uint8Array(readFileSync(modelPath(name)));
  const patched = addImageNormalizationMetadata(original, { mean: 127.5, std: 127.5 });
  const before = Table.root(new ByteBuffer(original));
  const after = Table.root(new ByteBuffer(patched));

  it('keeps a valid TFL3 root with the same graph', () => {
    expect(new ByteBuffer(patched).__has_identifier('TFL3')).toBe(true);
    expect(after.u32(0)).toBe(before.u32(0)); // schema version
    expect(after.tables(MODEL_OPERATOR_CODES)).toHaveLength(before.tables(MODEL_OPERATOR_CODES).length);
    const subgraphs = after.tables(MODEL_SUBGRAPHS);
    expect(subgraphs).toHaveLength(before.tables(MODEL_SUBGRAPHS).length);
    subgraphs.forEach((subgraph, i) => {
      const old = before.tables(MODEL_SUBGRAPHS)[i];
      expect(subgraph.tables(SUBGRAPH_OPERATORS).length).toBe(old?.tables(SUBGRAPH_OPERATORS).length);
      expect(subgraph.tables(SUBGRAPH_OPERATORS).length).toBeGreaterThan(0);
    });
  });

  it('leaves every weight buffer byte-identical and its alignment unchanged, and adds one buffer', () => {
    const oldBuffers = before.tables(MODEL_BUFFERS);
    const newBuffers = after.tables(MODEL_BUFFERS);
    expect(newBuffers).toHaveLength(oldBuffers.length + 1);
    oldBuffers.forEach((buffer, i) => {
      const { start, data } = newBuffers[i]?.bytes(0) ?? { start: 0, data: new Uint8Array(0) };
      const old = buffer.bytes(0);
      expect(data).toEqual(old.data);
      expect(start % 16).toBe(old.start % 16);
    });
  });

  // These 2022 models carry no metadata entries yet; any they had would come first, unchanged.
  it('keeps the old metadata entries and adds TFLITE_METADATA pointing at an M001 ModelMetadata', () => {
    const oldNames = before.tables(MODEL_METADATA).map((m) => m.string(0));
    const entries = after.tables(MODEL_METADATA);
    expect(entries.map((m) => m.string(0))).toEqual([...oldNames, 'TFLITE_METADATA']);

    const entry = entries.at(-1);
    const buffer = after.tables(MODEL_BUFFERS)[entry?.u32(1) ?? -1];
    const { start, data } = buffer?.bytes(0) ?? { start: 1, data: new Uint8Array(0) };
    expect(start % 16).toBe(0);
    const metadata = new ByteBuffer(data);
    expect(metadata.__has_identifier('M001')).toBe(true);

    const modelMetadata = Table.root(metadata);
    expect(modelMetadata.string(7)).toBe('1.0.0'); // min_parser_version
    const subgraphs = modelMetadata.tables(3);
    expect(subgraphs).toHaveLength(1);
    const inputs = subgraphs[0]?.tables(2) ?? [];
    expect(inputs).toHaveLength(1);
    const input = inputs[0] as Table;

    const content = input.table(3);
    expect(content.u8(0)).toBe(2); // ContentProperties.ImageProperties
    expect(content.table(1).u8(0)).toBe(1); // ColorSpaceType.RGB

    const units = input.tables(4);
    expect(units).toHaveLength(1);
    expect(units[0]?.u8(0)).toBe(1); // ProcessUnitOptions.NormalizationOptions
    const normalization = (units[0] as Table).table(1);
    expect(normalization.floats(0)).toEqual([127.5]);
    expect(normalization.floats(1)).toEqual([127.5]);

    const stats = input.table(5);
    expect(stats.floats(0)).toEqual([1]);
    expect(stats.floats(1)).toEqual([-1]);
  });

  it('refuses to patch twice', () => {
    expect(() => addImageNormalizationMetadata(patched, { mean: 127.5, std: 127.5 })).toThrow(
      /TFLITE_METADATA/,
    );
  });
});
