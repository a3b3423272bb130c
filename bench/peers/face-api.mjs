// @vladmandic/face-api (page side: bench/pages/face-api.js).
import { peerTarget } from './package.mjs';

export default peerTarget({
  id: 'face-api',
  name: 'face-api',
  npm: '@vladmandic/face-api',
  method: 'tiny face detector (416 px) + expression net (112×112 RGB), one face at a time',
  unsupported: { webgpu: 'its bundle carries TF.js without the webgpu backend (cpu, webgl, wasm only)' },
  // FACE_EXPRESSION_LABELS: neutral, happy, sad, angry, fearful, disgusted, surprised.
  aliases: { fearful: 'fear', disgusted: 'disgust', surprised: 'surprise' },
});
