// Types for face-model-metadata.mjs (imported by the unit test under strict TypeScript).
export declare const METADATA_NAME: 'TFLITE_METADATA';

export interface ImageNormalization {
  /** Subtracted from each 0..255 channel value. */
  mean: number;
  /** Divides the value after the mean is subtracted. */
  std: number;
  /** ModelMetadata.name; default 'FaceDetector'. */
  name?: string;
  /** ModelMetadata.description; absent by default. */
  description?: string;
}

/** A copy of a TFLite model with a TFLITE_METADATA entry describing an RGB image input. */
export declare function addImageNormalizationMetadata(
  modelBytes: Uint8Array,
  normalization: ImageNormalization,
): Uint8Array;

/** The ModelMetadata flatbuffer alone (file identifier M001). */
export declare function buildImageModelMetadata(normalization: ImageNormalization): Uint8Array;
