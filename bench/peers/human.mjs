// @vladmandic/human (page side: bench/pages/human.js).
import { peerTarget } from './package.mjs';

export default peerTarget({
  id: 'human',
  name: 'Human',
  npm: '@vladmandic/human',
  method: 'BlazeFace (256 px) + emotion net (64×64 grey), one face at a time; mesh, iris, filters off',
});
