// Adds TFLite model metadata (RGB image input + NormalizationOptions) to a .tflite file, so that
// MediaPipe tasks (FaceDetector) accept the float32 face models that @mediapipe/face_detection ships.
//
// How: the old file is kept byte for byte as one block, shifted forward by a multiple of 16 (flatbuffer
// offsets are relative, and the 16-byte alignment of weight buffers survives), and a new prefix is
// prepended: a new root Model table whose fields point forward into the old block, except `buffers`
// and `metadata`, which get new vectors (old entries + one new Buffer holding the ModelMetadata blob,
// old entries + a `TFLITE_METADATA` entry). Weights and graph stay untouched.
//
// Schemas: tensorflow/tensorflow tensorflow/lite/schema/schema.fbs (Model, Buffer, Metadata) and
// tensorflow/tflite-support tensorflow_lite_support/metadata/metadata_schema.fbs (ModelMetadata).
import { Builder } from 'flatbuffers';

export const METADATA_NAME = 'TFLITE_METADATA';
const TFLITE_IDENTIFIER = 'TFL3';
const METADATA_IDENTIFIER = 'M001';
// The fields we write were all in metadata schema 1.0.0 (see metadata_version.cc in tflite-support).
const MIN_PARSER_VERSION = '1.0.0';

// Field slots (declaration order; a union takes two: its type, then its value).
const MODEL = { version: 0, buffers: 4, metadata: 6, fieldCount: 8 };
const BUFFER = { data: 0, offset: 1 };
const CONTENT_PROPERTIES_IMAGE = 2; // ContentProperties union: FeatureProperties=1, ImageProperties=2
const COLOR_SPACE_RGB = 1;
const PROCESS_UNIT_NORMALIZATION = 1; // ProcessUnitOptions union: NormalizationOptions=1

/**
 * Returns a copy of `modelBytes` (a TFLite flatbuffer) with an image-input ModelMetadata added.
 * @param {Uint8Array} modelBytes
 * @param {{ mean: number, std: number, name?: string, description?: string }} normalization
 * @returns {Uint8Array}
 */
export function addImageNormalizationMetadata(modelBytes, normalization) {
  const old = readModel(modelBytes);
  if (old.metadataNames.includes(METADATA_NAME)) {
    throw new Error(`model already has a ${METADATA_NAME} entry`);
  }
  const blob = buildImageModelMetadata(normalization);
  return prependRoot(modelBytes, old, blob);
}

/**
 * The ModelMetadata flatbuffer, shaped like tflite-support's metadata writers write it for an image
 * model: one subgraph, one input tensor with ImageProperties(RGB), a NormalizationOptions process
 * unit and stats holding the normalised range of 0..255.
 * @param {{ mean: number, std: number, name?: string, description?: string }} options
 * @returns {Uint8Array}
 */
export function buildImageModelMetadata({ mean, std, name = 'FaceDetector', description }) {
  const b = new Builder(1024);
  const floats = (/** @type {number[]} */ values) => {
    b.startVector(4, values.length, 4);
    for (let i = values.length - 1; i >= 0; i--) b.addFloat32(/** @type {number} */ (values[i]));
    return b.endVector();
  };
  const offsets = (/** @type {number[]} */ values) => {
    b.startVector(4, values.length, 4);
    for (let i = values.length - 1; i >= 0; i--) b.addOffset(/** @type {number} */ (values[i]));
    return b.endVector();
  };

  const meanVector = floats([mean]);
  const stdVector = floats([std]);
  b.startObject(2); // NormalizationOptions { mean, std }
  b.addFieldOffset(0, meanVector, 0);
  b.addFieldOffset(1, stdVector, 0);
  const normalizationOptions = b.endObject();

  b.startObject(2); // ProcessUnit { options_type, options }
  b.addFieldInt8(0, PROCESS_UNIT_NORMALIZATION, 0);
  b.addFieldOffset(1, normalizationOptions, 0);
  const processUnits = offsets([b.endObject()]);

  b.startObject(2); // ImageProperties { color_space, default_size }
  b.addFieldInt8(0, COLOR_SPACE_RGB, 0);
  const imageProperties = b.endObject();

  b.startObject(3); // Content { content_properties_type, content_properties, range }
  b.addFieldInt8(0, CONTENT_PROPERTIES_IMAGE, 0);
  b.addFieldOffset(1, imageProperties, 0);
  const content = b.endObject();

  const maxVector = floats([(255 - mean) / std]);
  const minVector = floats([(0 - mean) / std]);
  b.startObject(2); // Stats { max, min }
  b.addFieldOffset(0, maxVector, 0);
  b.addFieldOffset(1, minVector, 0);
  const stats = b.endObject();

  const tensorName = b.createString('image');
  const tensorDescription = b.createString('Input image to be detected.');
  b.startObject(7); // TensorMetadata
  b.addFieldOffset(0, tensorName, 0);
  b.addFieldOffset(1, tensorDescription, 0);
  b.addFieldOffset(3, content, 0);
  b.addFieldOffset(4, processUnits, 0);
  b.addFieldOffset(5, stats, 0);
  const inputTensors = offsets([b.endObject()]);

  b.startObject(7); // SubGraphMetadata { name, description, input_tensor_metadata, ... }
  b.addFieldOffset(2, inputTensors, 0);
  const subgraphs = offsets([b.endObject()]);

  const modelName = b.createString(name);
  const modelDescription = description === undefined ? 0 : b.createString(description);
  const minParserVersion = b.createString(MIN_PARSER_VERSION);
  b.startObject(8); // ModelMetadata
  b.addFieldOffset(0, modelName, 0);
  b.addFieldOffset(1, modelDescription, 0);
  b.addFieldOffset(3, subgraphs, 0);
  b.addFieldOffset(7, minParserVersion, 0);
  b.finish(b.endObject(), METADATA_IDENTIFIER);
  return b.asUint8Array().slice();
}

/** Where the fields of the old root Model table are (absolute positions in the old file). */
function readModel(/** @type {Uint8Array} */ bytes) {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const identifier = String.fromCharCode(...bytes.subarray(4, 8));
  if (bytes.length < 8 || identifier !== TFLITE_IDENTIFIER) {
    throw new Error(`not a TFLite model (identifier "${identifier}", expected "${TFLITE_IDENTIFIER}")`);
  }
  const root = view.getUint32(0, true);
  /** absolute position of each field slot of the Model table, or 0 where absent */
  const fields = Array.from({ length: MODEL.fieldCount }, (_, i) => fieldPosition(view, root, i));
  const versionPos = fields[MODEL.version] ?? 0;
  const buffers = vectorTargets(view, fields[MODEL.buffers] ?? 0);
  for (const buffer of buffers) {
    // Buffer.offset/size address data by absolute file position, which the shift would break.
    const offsetPos = fieldPosition(view, buffer, BUFFER.offset);
    if (offsetPos && view.getBigUint64(offsetPos, true) > 1n) {
      throw new Error('models that keep weights outside the flatbuffer (Buffer.offset) are not supported');
    }
  }
  const metadata = vectorTargets(view, fields[MODEL.metadata] ?? 0);
  const metadataNames = metadata.map((entry) => {
    const namePos = fieldPosition(view, entry, 0);
    return namePos ? readString(bytes, view, namePos + view.getUint32(namePos, true)) : '';
  });
  return {
    version: versionPos ? view.getUint32(versionPos, true) : 0,
    /** absolute target of each offset field, 0 where absent */
    targets: fields.map((pos) => (pos ? pos + view.getUint32(pos, true) : 0)),
    buffers,
    metadata,
    metadataNames,
  };
}

/**
 * Writes the new prefix (root offset, identifier, new Model, new vectors, the metadata Buffer and
 * blob) and appends the old file after it at a 16-aligned position.
 * @param {Uint8Array} oldBytes
 * @param {ReturnType<typeof readModel>} old
 * @param {Uint8Array} blob
 */
function prependRoot(oldBytes, old, blob) {
  const nameBytes = new TextEncoder().encode(METADATA_NAME);
  // Layout of the prefix, in file order (every offset we write points forward).
  let p = 8;
  const modelVtable = p;
  p = align(p + 4 + 2 * MODEL.fieldCount, 4);
  const modelTable = p;
  p += 4 + 4 * MODEL.fieldCount;
  const buffersVector = p;
  p += 4 + 4 * (old.buffers.length + 1);
  const bufferVtable = p;
  p = align(p + 6, 4);
  const bufferTable = p;
  p += 8;
  const metadataVector = p;
  p += 4 + 4 * (old.metadata.length + 1);
  const metadataVtable = p;
  p += 8;
  const metadataTable = p;
  p += 12;
  const nameString = p;
  p = align(p + 4 + nameBytes.length + 1, 4);
  const dataVector = align(p + 4, 16) - 4; // Buffer.data is force_align:16
  p = dataVector + 4 + blob.length;
  const shift = align(p, 16);

  const out = new Uint8Array(shift + oldBytes.length);
  const view = new DataView(out.buffer);
  const u16 = (/** @type {number} */ at, /** @type {number} */ v) => view.setUint16(at, v, true);
  const u32 = (/** @type {number} */ at, /** @type {number} */ v) => view.setUint32(at, v, true);
  const offsetTo = (/** @type {number} */ at, /** @type {number} */ target) => {
    if (target <= at) throw new Error('internal: flatbuffer offsets must point forward');
    u32(at, target - at);
  };
  out.set(oldBytes, shift);

  u32(0, modelTable);
  out.set(new TextEncoder().encode(TFLITE_IDENTIFIER), 4);

  // Model: every field that the old model had, at 4 + 4 * slot; buffers and metadata always.
  u16(modelVtable, 4 + 2 * MODEL.fieldCount);
  u16(modelVtable + 2, 4 + 4 * MODEL.fieldCount);
  view.setInt32(modelTable, modelTable - modelVtable, true);
  for (let slot = 0; slot < MODEL.fieldCount; slot++) {
    const at = modelTable + 4 + 4 * slot;
    if (slot === MODEL.version) u32(at, old.version);
    else if (slot === MODEL.buffers) offsetTo(at, buffersVector);
    else if (slot === MODEL.metadata) offsetTo(at, metadataVector);
    else if (old.targets[slot]) offsetTo(at, shift + (old.targets[slot] ?? 0));
    else continue;
    u16(modelVtable + 4 + 2 * slot, 4 + 4 * slot);
  }

  writeOffsetVector(view, buffersVector, [...old.buffers.map((t) => shift + t), bufferTable], offsetTo);
  u16(bufferVtable, 6); // Buffer { data }
  u16(bufferVtable + 2, 8);
  u16(bufferVtable + 4, 4);
  view.setInt32(bufferTable, bufferTable - bufferVtable, true);
  offsetTo(bufferTable + 4, dataVector);

  writeOffsetVector(view, metadataVector, [...old.metadata.map((t) => shift + t), metadataTable], offsetTo);
  u16(metadataVtable, 8); // Metadata { name, buffer }
  u16(metadataVtable + 2, 12);
  u16(metadataVtable + 4, 4);
  u16(metadataVtable + 6, 8);
  view.setInt32(metadataTable, metadataTable - metadataVtable, true);
  offsetTo(metadataTable + 4, nameString);
  u32(metadataTable + 8, old.buffers.length); // index of the new Buffer

  u32(nameString, nameBytes.length);
  out.set(nameBytes, nameString + 4); // the NUL terminator is already there

  u32(dataVector, blob.length);
  out.set(blob, dataVector + 4);
  return out;
}

function writeOffsetVector(
  /** @type {DataView} */ view,
  /** @type {number} */ at,
  /** @type {number[]} */ targets,
  /** @type {(at: number, target: number) => void} */ offsetTo,
) {
  view.setUint32(at, targets.length, true);
  targets.forEach((target, i) => offsetTo(at + 4 + 4 * i, target));
}

/** Absolute position of field `slot` of the table at `table`, or 0 if the field is absent. */
function fieldPosition(
  /** @type {DataView} */ view,
  /** @type {number} */ table,
  /** @type {number} */ slot,
) {
  const vtable = table - view.getInt32(table, true);
  const entry = 4 + 2 * slot;
  if (entry >= view.getUint16(vtable, true)) return 0;
  const relative = view.getUint16(vtable + entry, true);
  return relative ? table + relative : 0;
}

/** Absolute targets of a vector of offsets whose uoffset field sits at `fieldPos` (0: none). */
function vectorTargets(/** @type {DataView} */ view, /** @type {number} */ fieldPos) {
  if (!fieldPos) return [];
  const vector = fieldPos + view.getUint32(fieldPos, true);
  const length = view.getUint32(vector, true);
  return Array.from({ length }, (_, i) => {
    const at = vector + 4 + 4 * i;
    return at + view.getUint32(at, true);
  });
}

function readString(/** @type {Uint8Array} */ bytes, /** @type {DataView} */ view, /** @type {number} */ at) {
  return new TextDecoder().decode(bytes.subarray(at + 4, at + 4 + view.getUint32(at, true)));
}

const align = (/** @type {number} */ n, /** @type {number} */ to) => Math.ceil(n / to) * to;
