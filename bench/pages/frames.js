// Builds the benchmark's frames in the app page: the faces our detector finds in face-api's sample photos,
// cut out with some context and tiled 1, 2, 4, 8 or 16 to a 640×480 frame. Node saves them as PNG, so
// every target in every run sees the same pixels.

const WIDTH = 640;
const HEIGHT = 480;
/** The crop around a detector box: this many box sides, so that every detector sees forehead and chin. */
const CONTEXT = 1.4;

/**
 * @typedef {{ image: ImageBitmap, box: { x: number, y: number, width: number, height: number }, score: number }} Face
 */

/**
 * Every face in `urls`, most certain first: the clearest, most frontal faces, which every detector should
 * find, so that the targets do the same work on a frame. @param {string[]} urls @returns {Promise<Face[]>}
 */
async function findFaces(urls) {
  const faces = [];
  for (const url of urls) {
    const image = await createImageBitmap(await (await fetch(url)).blob());
    const result = await window.ferSession.analyzeStill(image);
    faces.push(...result.faces.map((f) => ({ image, box: f.box, score: f.detectionScore })));
  }
  return faces.sort((a, b) => b.score - a.score);
}

/** Columns × rows for `n` tiles on a 4:3 frame: 1×1, 2×1, 2×2, 4×2, 4×4. */
function grid(n) {
  const columns = 2 ** Math.ceil(Math.log2(n) / 2);
  return { columns, rows: Math.ceil(n / columns) };
}

/** A 640×480 PNG (data URL) with the first `n` faces. @param {Face[]} faces @param {number} n */
function compose(faces, n) {
  const canvas = document.createElement('canvas');
  canvas.width = WIDTH;
  canvas.height = HEIGHT;
  const g = /** @type {CanvasRenderingContext2D} */ (canvas.getContext('2d'));
  g.fillStyle = '#808080';
  g.fillRect(0, 0, WIDTH, HEIGHT);
  const { columns, rows } = grid(n);
  const cellW = WIDTH / columns;
  const cellH = HEIGHT / rows;
  const tile = 0.95 * Math.min(cellW, cellH);
  faces.slice(0, n).forEach(({ image, box }, i) => {
    const side = CONTEXT * Math.max(box.width, box.height);
    const sx = box.x + box.width / 2 - side / 2;
    const sy = box.y + box.height / 2 - side / 2;
    const dx = (i % columns) * cellW + (cellW - tile) / 2;
    const dy = Math.floor(i / columns) * cellH + (cellH - tile) / 2;
    g.drawImage(image, sx, sy, side, side, dx, dy, tile, tile);
  });
  return canvas.toDataURL('image/png');
}

/** @param {{ photos: string[], counts: number[] }} options */
export async function makeFrames({ photos, counts }) {
  const faces = await findFaces(photos);
  const most = Math.max(...counts);
  if (faces.length < most) throw new Error(`only ${faces.length} faces in the photos, ${most} wanted`);
  return counts.map((n) => ({ faces: n, png: compose(faces, n) }));
}
