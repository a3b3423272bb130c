"""FER2013-C: PrivateTest under what a webcam and a face detector do to a face, 13 corruptions x 3 severities.

    /usr/bin/python3 training/fer2013c.py cnn vgg resnet --ensemble=cnn,vgg,resnet --json=/tmp/fer2013c.json
    /usr/bin/python3 training/fer2013c.py training/checkpoints/cnn.pt public/models/cnn   # a candidate vs shipped
    /usr/bin/python3 training/fer2013c.py cnn --max_images=64 --self_test=1 --examples=/tmp/fer2013c.png  # CI
    /usr/bin/python3 training/fer2013c.py --max_images=1000 --dump=/tmp/fer2013c-1000.bin  # faces for bench/fer2013c.mjs

A model is a shipped folder (a path, or a name in public/models/), evaluated with the float16-rounded weights
the app runs (checkpoint_from_export.rebuild), or a train.py checkpoint (.pt, its selected model), so a
candidate can be compared before it ships. `--ensemble=a,b,c` adds one more row, the average of those models'
probabilities, as the app's "All three" entry computes it (several ensembles: separate them with ';').

The corrupted images depend only on the seed, never on the models: each (corruption, severity) draws from its
own random stream, and draws for all 3,589 PrivateTest faces, so a --max_images slice is a prefix of the full
benchmark. Each corrupted batch is made once and run through every model. Reported per model: clean accuracy,
accuracy per corruption and severity, the mean per corruption, the mean over all 39 (corruption, severity)
pairs, and that mean relative to clean (issue 19's target: >= 0.9 for the default model); and clean accuracy
against FER+'s majority labels (fer_data.load_ferplus_majority) on the faces that have one.
Printed as a markdown table; --json=PATH writes every figure (and keeps finished conditions in PATH.partial
meanwhile, so a stopped run resumes); --write_card=1 stores a compact `fer2013_c` record (and
`ferplus_majority`) in each evaluated folder's card.json.

--dump=PATH writes the corrupted faces themselves, for the browser benchmark (bench/fer2013c.mjs), which runs
the peers' classifiers on them: PATH holds uint8 faces [condition, face, 48, 48] (clean first, then every
corruption at severities 1, 2, 3), PATH.json the conditions, the labels and the seed. No model is needed.

Images are grey 0..255 floats while corrupted, rounded to uint8 at the end, as a frame's grey pixels are.
"""
import json as jsonlib
import math
import os
import struct
import sys
import time
import zlib

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cards import save_card  # noqa: E402
import checkpoint_from_export  # noqa: E402
import fer_data  # noqa: E402
import nets  # noqa: E402
import overrides  # noqa: E402

# ---------------------------------------------------------------- config
data_dir = fer_data.default_dir()
models_dir = os.path.join(os.path.dirname(__file__), "..", "public", "models")  # where a bare name is looked up
ensemble = ""  # e.g. "cnn,vgg,resnet": one more row with their averaged probabilities
seed = 1337  # changes every corrupted image: keep it fixed, or figures stop being comparable
max_images = 0  # >0: only the first that many PrivateTest faces (CI)
batch = 64  # an image costs 2.8x more in a batch of 256 than of 64 on the 2-core CPU (nets.probabilities)
threads = 2
json = ""  # path: write every figure there
write_card = 0  # 1: store the fer2013_c and ferplus_majority records in each evaluated folder's card.json
ensemble_folders = ""  # with write_card: the folder of each --ensemble row's card, ';'-separated (e.g. public/models/all)
examples = ""  # path of a PNG: one face, a row per corruption (clean, severity 1, 2, 3), for a human to check
example_face = 5  # which PrivateTest face (0-based) the PNG shows
self_test = 0  # 1: first check that the corruptions are deterministic, prefix-stable and graded
dump = ""  # path: write every condition's corrupted faces there (and PATH.json), for bench/fer2013c.mjs

model_args = [arg for arg in sys.argv[1:] if "=" not in arg]
overrides.apply(globals(), sys.argv[1:], overrides.config_keys(globals()))
command = "/usr/bin/python3 training/fer2013c.py " + " ".join(sys.argv[1:])
ensembles = [[m for m in group.split(",") if m] for group in ensemble.split(";") if group]
assert model_args or ensembles or self_test or examples or dump, __doc__
torch.set_num_threads(threads)  # torch starts with 1 thread here

# ---------------------------------------------------------------- image helpers (numpy, float64 0..255)
SIDE = 48
# pixel centres; the face's centre is (24, 24)
YY, XX = np.mgrid[0:SIDE, 0:SIDE] + 0.5


class Draws:
    """One (corruption, severity)'s random stream, drawn for every PrivateTest face and indexed by `rows`.

    Drawing for all faces and keeping the rows asked for makes face k's corruption the same in a slice,
    in the example PNG and in the full run.
    """

    def __init__(self, name, severity, rows, total):
        self.random = np.random.RandomState([seed, zlib.crc32(name.encode()), severity])
        self.rows, self.total = rows, total

    def uniform(self, low, high):
        return self.random.uniform(low, high, self.total)[self.rows]

    def sign(self):
        return np.where(self.random.uniform(0, 1, self.total) < 0.5, -1.0, 1.0)[self.rows]

    def normal_field(self):
        return self.random.standard_normal((self.total, SIDE, SIDE))[self.rows]


def column(v):
    """Per-face values [n] (or one for all) -> [n,1,1], to broadcast over the pixels."""
    return np.asarray(v, dtype=np.float64).reshape(-1, 1, 1)


def convolve(x, kernels):
    """Each face with its own odd-sized kernel [n,k,k]; edges replicated (a blur does not darken the border)."""
    k = kernels.shape[1]
    r = k // 2
    padded = np.pad(x, ((0, 0), (r, r), (r, r)), mode="edge")
    out = np.zeros_like(x)
    for dy in range(k):
        for dx in range(k):
            out += kernels[:, dy, dx, None, None] * padded[:, dy:dy + SIDE, dx:dx + SIDE]
    return out


def sample(x, sy, sx):
    """Bilinear samples of each face at pixel-centre coordinates (sy, sx) [n,48,48], as cropAndResize reads.

    Outside the face its edge pixels are replicated. A real wider crop would show neck, hair and background,
    which FER2013 does not have; reflecting the face instead copies its own features into the border (a
    crop shifted up by 15% grows a second mouth under the chin), and a feature no camera shows is worse than
    a featureless streak. training/train.py pads its warps the same way, so the models have seen such borders.
    """
    uy, ux = np.clip(sy - 0.5, 0, SIDE - 1), np.clip(sx - 0.5, 0, SIDE - 1)  # sample index: pixel i's centre is i
    y0, x0 = np.floor(uy).astype(int), np.floor(ux).astype(int)
    y1, x1 = np.minimum(y0 + 1, SIDE - 1), np.minimum(x0 + 1, SIDE - 1)
    fy, fx = uy - y0, ux - x0
    n = np.arange(len(x))[:, None, None]
    top = x[n, y0, x0] * (1 - fx) + x[n, y0, x1] * fx
    bottom = x[n, y1, x0] * (1 - fx) + x[n, y1, x1] * fx
    return top * (1 - fy) + bottom * fy


def crop_warp(x, angle=0.0, scale=1.0, shift_y=0.0, shift_x=0.0):
    """The face as a crop box that is turned by `angle` (radians), `scale` times as wide, and moved by
    (shift_y, shift_x) pixels would show it (all per face, [n]); plain bilinear, no supersampling: the
    scale stays within 0.8-1.25, where aliasing is negligible, and the identity is exact."""
    angle, scale = column(angle), column(scale)
    cy, cx = YY - SIDE / 2, XX - SIDE / 2
    cos, sin = np.cos(angle) * scale, np.sin(angle) * scale
    sy = SIDE / 2 + sin * cx + cos * cy + column(shift_y)
    sx = SIDE / 2 + cos * cx - sin * cy + column(shift_x)
    return sample(x, sy, sx)


def resize_matrix(n_out, n_in):
    """[n_out, n_in] that resizes one axis: area averaging when shrinking (a sensor integrates light over a
    pixel), bilinear with half-pixel centres when enlarging (the app's crop of a small face)."""
    m = np.zeros((n_out, n_in))
    if n_out <= n_in:
        r = n_in / n_out
        for i in range(n_out):
            for j in range(int(i * r), min(n_in, int(math.ceil((i + 1) * r)))):
                m[i, j] = (min(j + 1, (i + 1) * r) - max(j, i * r)) / r
    else:
        for i in range(n_out):
            u = min(max((i + 0.5) * n_in / n_out - 0.5, 0), n_in - 1)
            j = min(int(u), n_in - 2)
            m[i, j], m[i, j + 1] = 1 - (u - j), u - j
    return m


def dct_matrix():
    """The orthonormal 8-point DCT-II (JPEG's transform): rows are basis vectors."""
    k, n = np.mgrid[0:8, 0:8]
    c = np.sqrt(2 / 8) * np.cos(np.pi * (2 * n + 1) * k / 16)
    c[0] /= np.sqrt(2)
    return c


# JPEG's luminance quantisation table (ITU-T T.81, Annex K.1), for quality 50.
JPEG_LUMINANCE = np.array([
    [16, 11, 10, 16, 24, 40, 51, 61], [12, 12, 14, 19, 26, 58, 60, 55], [14, 13, 16, 24, 40, 57, 69, 56],
    [14, 17, 22, 29, 51, 87, 80, 62], [18, 22, 37, 56, 68, 109, 103, 77], [24, 35, 55, 64, 81, 104, 113, 92],
    [49, 64, 78, 87, 103, 121, 120, 101], [72, 92, 95, 98, 112, 100, 103, 99]], dtype=np.float64)
DCT = dct_matrix()


def jpeg_table(quality):
    """The table libjpeg uses for `quality` 1..100 (its scaling of the Annex K table)."""
    scale = 5000 / quality if quality < 50 else 200 - 2 * quality
    return np.clip(np.floor((JPEG_LUMINANCE * scale + 50) / 100), 1, 255)


def jpeg(x, quality):
    """Grey baseline JPEG, encoded and decoded: level shift, 8x8 DCT, quantise, dequantise, inverse DCT.
    (No chroma and no entropy coding: those are lossless or do not exist in grey.)"""
    n = len(x)
    blocks = (np.floor(x + 0.5) - 128).reshape(n, SIDE // 8, 8, SIDE // 8, 8).transpose(0, 1, 3, 2, 4)
    table = jpeg_table(quality)
    coefficients = np.round(DCT @ blocks @ DCT.T / table) * table
    decoded = DCT.T @ coefficients @ DCT + 128
    return np.clip(decoded.transpose(0, 1, 3, 2, 4).reshape(n, SIDE, SIDE), 0, 255)


def skin_grey(x):
    """Each face's typical skin level: the median of its cheeks-and-nose region."""
    return np.median(x[:, 20:34, 12:36].reshape(len(x), -1), axis=1)


def soft_ellipse(cy, cx, a, b, angle):
    """Coverage 0..1 [n,48,48] of rotated ellipses (semi-axes a along `angle`, b across), 1 px soft edge;
    also the normalised coordinates (u along, v across) for shading."""
    dy, dx = YY - column(cy), XX - column(cx)
    cos, sin = np.cos(column(angle)), np.sin(column(angle))
    u, v = (dx * cos + dy * sin) / column(a), (-dx * sin + dy * cos) / column(b)
    r = np.sqrt(u ** 2 + v ** 2)
    return np.clip((1 - r) * column(np.minimum(a, b)) + 0.5, 0, 1), u, v


# ---------------------------------------------------------------- the corruptions
# Each takes faces [n,48,48] (0..255 floats), its severity's level and the Draws, and returns the faces.
# Levels are chosen for a webcam and MediaPipe's face box: severity 1 is an ordinary bad frame (the expression
# still plain to a person), 3 a bad camera or a bad box that still happens in use. The app area-averages
# a face down to 48 px (src/pipeline/preprocess.ts), so camera noise and JPEG blocks of a face bigger than
# 48 px arrive weaker than these, which model a face near 48 px, the hardest case.


def brightness(x, level, draws):
    # Exposure off by an offset of the full scale, up or down: auto-exposure hunting, a window behind.
    return np.clip(x + column(draws.sign() * level * 255), 0, 255)


def contrast(x, level, draws):
    # Flattened around the face's own mean: dim rooms, haze, a backlit face exposed for the background.
    mean = x.mean(axis=(1, 2), keepdims=True)
    return mean + level * (x - mean)


def gamma(x, level, draws):
    # A tone curve other than the one FER2013's photos had; 2.2 is sRGB shown as linear (or the reverse).
    power = column(level ** draws.sign())
    return 255 * (x / 255) ** power


def gaussian_blur(x, level, draws):
    # Out of focus, or a webcam's soft lens (sigma in pixels of the 48 px face).
    r = int(math.ceil(3 * level))
    taps = np.exp(-np.arange(-r, r + 1) ** 2 / (2 * level ** 2))
    kernel = np.outer(taps, taps) / taps.sum() ** 2
    return convolve(x, np.broadcast_to(kernel, (len(x),) + kernel.shape))


def motion_blur(x, level, draws):
    # A head moving during a 1/30 s exposure: a line `level` px long (of 48) in any direction.
    angle = draws.uniform(0, np.pi)
    r = int(math.ceil(level / 2))
    kernels = np.zeros((len(x), 2 * r + 1, 2 * r + 1))
    n = np.arange(len(x))
    for t in np.linspace(-(level - 1) / 2, (level - 1) / 2, 8 * level + 1):  # splat points along the line
        py, px = r + t * np.sin(angle), r + t * np.cos(angle)
        y0, x0 = np.floor(py).astype(int), np.floor(px).astype(int)
        fy, fx = py - y0, px - x0
        for yy, xx, w in ((y0, x0, (1 - fy) * (1 - fx)), (y0, x0 + 1, (1 - fy) * fx),
                          (y0 + 1, x0, fy * (1 - fx)), (y0 + 1, x0 + 1, fy * fx)):
            keep = (yy >= 0) & (yy <= 2 * r) & (xx >= 0) & (xx <= 2 * r)
            np.add.at(kernels, (n[keep], yy[keep], xx[keep]), w[keep])
    return convolve(x, kernels / kernels.sum(axis=(1, 2), keepdims=True))


def sensor_noise(x, level, draws):
    # Read noise plus shot noise (variance grows with the light): std = sqrt(read^2 + shot * p), p grey 0..1.
    read, shot = level
    std = np.sqrt(read ** 2 + shot * x / 255) * 255
    return np.clip(x + std * draws.normal_field(), 0, 255)


def jpeg_quality(x, level, draws):
    # A compressed stream or a re-shared photo of a small face (8x8 blocks: a sixth of the face's width).
    # Photos are mostly saved at quality 50-90; 40 is a cheap one, 20 a starved video call, 10 the worst seen.
    return jpeg(x, level)


def low_resolution(x, level, draws):
    # A face `level` px wide in the frame (far from the camera), enlarged to 48 px by the app.
    down = resize_matrix(level, SIDE)
    up = resize_matrix(SIDE, level)
    return up @ (down @ x @ down.T) @ up.T


def roll(x, level, draws):
    # Head tilted in the image plane by `level` degrees either way; the app does not align the eyes.
    return crop_warp(x, angle=np.radians(level) * draws.sign())


def crop_scale(x, level, draws):
    # The detector's box too large (x level, face smaller) or too small (/ level, chin and brow cut): the
    # same step either way on a log scale. Its framing drifts ~10% between frames and ranges.
    return crop_warp(x, scale=level ** draws.sign())


def crop_shift(x, level, draws):
    # The box off centre by `level` of its side in a random direction (detector jitter, a turned head).
    direction = draws.uniform(0, 2 * np.pi)
    return crop_warp(x, shift_y=level * SIDE * np.sin(direction), shift_x=level * SIDE * np.cos(direction))


def hand(x, level, draws):
    # A hand at the chin or over the mouth (thinking, yawning): a skin-grey ellipse, shaded, with finger
    # gaps along it. Level: (centre row, semi-axes a x b, largest sideways offset); the mouth is near row 37.
    row, a, b, side = level
    scale = draws.uniform(0.9, 1.1)
    cy = row + draws.uniform(-1.5, 1.5)
    cx = SIDE / 2 + draws.sign() * draws.uniform(0.4 * side, side)
    coverage, u, v = soft_ellipse(cy, cx, a * scale, b * scale, np.radians(draws.uniform(-25, 25)))
    tone = column(skin_grey(x) * draws.uniform(0.85, 1.1))
    gaps = sum(np.exp(-((v - g) * column(b * scale)) ** 2 / (2 * 0.6 ** 2)) for g in (-0.5, 0, 0.5))
    fingers = 1 - 0.12 * gaps * (u > -0.3)  # the palm side has no gaps
    skin = np.clip(tone * (1.1 - 0.35 * (u ** 2 + v ** 2)) * fingers, 0, 255)
    return coverage * skin + (1 - coverage) * x


def sunglasses(x, level, draws):
    # Glasses across the eyes: two tinted lenses, a bridge and a dark rim; level = how much light the lenses
    # let through (tinted 0.6 to sunglasses 0.12). FER2013's eyes sit near rows 18, columns 15 and 33.
    scale, tilt = draws.uniform(0.92, 1.08), np.radians(draws.uniform(-5, 5))
    cy, cx = 18 + draws.uniform(-2, 2), SIDE / 2 + draws.uniform(-1.5, 1.5)
    lens, rim = np.zeros_like(x), np.zeros_like(x)
    for side in (-1, 1):
        ly = cy + side * 9.5 * scale * np.sin(tilt)
        lx = cx + side * 9.5 * scale * np.cos(tilt)
        inner, _, _ = soft_ellipse(ly, lx, 7.5 * scale, 5 * scale, tilt)
        outer, _, _ = soft_ellipse(ly, lx, 8.5 * scale, 6 * scale, tilt)
        lens, rim = np.maximum(lens, inner), np.maximum(rim, outer)
    bridge, _, _ = soft_ellipse(cy - 2, cx, 3, 0.9, tilt)
    rim = np.maximum(rim - lens, bridge)
    dark = 12.0
    out = x * (1 - lens) + lens * (dark + level * (x - dark))
    return out * (1 - rim) + rim * 20


# name: (function, levels for severities 1, 2, 3, what a level means)
CORRUPTIONS = {
    "brightness": (brightness, (0.1, 0.2, 0.3), "offset of ±level × 255 grey levels (sign random)"),
    "contrast": (contrast, (0.7, 0.5, 0.35), "distance from the face's mean grey × level"),
    "gamma": (gamma, (1.3, 1.7, 2.2), "grey^(level or 1/level) (random)"),
    "gaussian_blur": (gaussian_blur, (0.6, 1.0, 1.5), "Gaussian sigma in px of 48"),
    "motion_blur": (motion_blur, (3, 5, 7), "line of level px of 48 at a random angle"),
    "sensor_noise": (sensor_noise, ((0.015, 0.0006), (0.03, 0.0016), (0.05, 0.004)),
                     "(read, shot): std = sqrt(read² + shot × grey) on grey 0..1"),
    "jpeg": (jpeg_quality, (40, 20, 10), "grey JPEG quality (libjpeg-scaled Annex K table)"),
    "low_resolution": (low_resolution, (24, 20, 16), "face of level px (area), bilinear back to 48"),
    "roll": (roll, (10, 17, 25), "rotation by ±level degrees (sign random), edges replicated"),
    "crop_scale": (crop_scale, (1.1, 1.17, 1.25), "crop side × level or ÷ level (random), edges replicated"),
    "crop_shift": (crop_shift, (0.05, 0.1, 0.15), "crop moved by level × side in a random direction, edges replicated"),
    "hand": (hand, ((45, 12, 6, 9), (41, 14, 7, 6), (37, 16, 8, 3)),
             "(centre row, semi-axes a, b px, max sideways offset px) of a skin-grey hand ellipse, ±25° tilt"),
    "sunglasses": (sunglasses, (0.6, 0.35, 0.12), "lens transmission over both eyes (rim and bridge dark)"),
}


def corrupt(faces_u8, name, severity, rows, total):
    """uint8 faces [n,48,48] (PrivateTest positions `rows` of `total`) under one corruption, as uint8."""
    function, levels, _ = CORRUPTIONS[name]
    out = function(faces_u8.astype(np.float64), levels[severity - 1], Draws(name, severity, rows, total))
    return np.clip(np.floor(out + 0.5), 0, 255).astype(np.uint8)


def write_png(path, grey_u8):
    """An 8-bit grey PNG from a 2-D uint8 array, with zlib and struct only."""
    def chunk(kind, body):
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)

    h, w = grey_u8.shape
    raw = b"".join(b"\x00" + grey_u8[y].tobytes() for y in range(h))  # filter type 0 on every row
    with open(path, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 0, 0, 0, 0))
                + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))


# ---------------------------------------------------------------- data
t0 = time.time()
assert any(os.path.exists(os.path.join(data_dir, f)) for f in ("fer2013.csv.gz", "fer2013.npz")), \
    f"no FER2013 at {data_dir} (set FER2013_DIR): FER2013-C is made of its PrivateTest"
data = fer_data.load_fer2013(data_dir)
private = np.flatnonzero(data["usage"] == "PrivateTest")
total = len(private)
assert total == 3589, f"PrivateTest has {total} rows, not 3589: not the published FER2013"
rows = np.arange(min(max_images, total) if max_images else total)
clean = data["images"][private[rows]]
labels = data["labels"][private[rows]]
print(f"data: {len(rows)} PrivateTest faces, {time.time() - t0:.1f}s", flush=True)
# What the benchmark scores: the clean faces, then each corruption at severities 1, 2 and 3.
conditions = [("clean", 0)] + [(name, s) for name in CORRUPTIONS for s in (1, 2, 3)]


def condition_faces(name, severity):
    """The slice's faces under one condition, uint8 [n, 48, 48]. Corrupting goes by chunks: the warps hold a
    dozen float64 copies of what they work on, and 3,589 faces are 66 MB each."""
    if name == "clean":
        return clean
    return np.concatenate([corrupt(clean[i:i + 1024], name, severity, rows[i:i + 1024], total)
                           for i in range(0, len(rows), 1024)])


# ---------------------------------------------------------------- self test
if self_test:
    probe = np.arange(min(32, len(rows)))
    for name in CORRUPTIONS:
        change = []
        for severity in (1, 2, 3):
            first = corrupt(clean[probe], name, severity, probe, total)
            again = corrupt(clean[probe], name, severity, probe, total)
            assert np.array_equal(first, again), f"{name} {severity}: not deterministic"
            head = corrupt(clean[probe[:8]], name, severity, probe[:8], total)
            assert np.array_equal(first[:8], head), f"{name} {severity}: a slice is not a prefix of the whole"
            change.append(float(np.abs(first.astype(float) - clean[probe]).mean()))
        assert change[0] >= 0.5, f"{name}: severity 1 hardly changes the faces (mean |diff| {change[0]:.2f})"
        assert change[2] > change[0], f"{name}: severity 3 changes less than 1 ({change})"
        print(f"self test {name}: mean |diff| per severity {' / '.join(f'{c:.1f}' for c in change)} grey levels")
    # The transforms the corruptions are built from, against what they must be.
    x = clean[probe].astype(np.float64)
    blocks = np.random.RandomState(0).uniform(-128, 128, (8, 8))
    assert np.allclose(DCT.T @ (DCT @ blocks @ DCT.T) @ DCT, blocks), "DCT is not orthonormal"
    assert np.array_equal(jpeg_table(50), JPEG_LUMINANCE) and jpeg_table(100).max() == 1, "JPEG table scaling"
    assert jpeg_table(75)[0].tolist() == [8, 6, 5, 8, 12, 20, 26, 31], "libjpeg's quality-75 table starts so"
    assert np.abs(jpeg(x, 100) - x).max() <= 2, "JPEG at quality 100 should be nearly lossless"
    assert np.allclose(crop_warp(x), x), "the identity crop must give the face back"
    assert np.allclose(resize_matrix(24, 48) @ x @ resize_matrix(24, 48).T,
                       x.reshape(len(x), 24, 2, 24, 2).mean(axis=(2, 4))), "48 -> 24 must be a 2x2 mean"
    assert np.allclose(resize_matrix(20, 48).sum(1), 1) and np.allclose(resize_matrix(48, 20).sum(1), 1)
    assert np.allclose(crop_warp(x, shift_x=3.0)[:, :, :40], x[:, :, 3:43]), "a shift must move the face"
    print("self test: corruptions deterministic, prefix-stable, graded; DCT, JPEG, warp, resize checked", flush=True)

# ---------------------------------------------------------------- example grid
if examples:
    face, gap, zoom = data["images"][private[example_face]], 4, 2
    grid = [[face] + [corrupt(face[None], name, s, np.array([example_face]), total)[0] for s in (1, 2, 3)]
            for name in CORRUPTIONS]
    canvas = np.full((len(grid) * (SIDE * zoom + gap) + gap, 4 * (SIDE * zoom + gap) + gap), 255, np.uint8)
    for i, line in enumerate(grid):
        for j, img in enumerate(line):
            y, x0 = gap + i * (SIDE * zoom + gap), gap + j * (SIDE * zoom + gap)
            canvas[y:y + SIDE * zoom, x0:x0 + SIDE * zoom] = np.kron(img, np.ones((zoom, zoom), np.uint8))
    write_png(examples, canvas)
    print(f"wrote {examples}: PrivateTest face {example_face}; columns clean, severity 1, 2, 3; rows "
          + ", ".join(CORRUPTIONS), flush=True)

# ---------------------------------------------------------------- faces for the browser benchmark
if dump:
    t = time.time()
    with open(dump + ".tmp", "wb") as f:
        for name, severity in conditions:
            f.write(np.ascontiguousarray(condition_faces(name, severity)).tobytes())
    with open(dump + ".json", "w") as f:
        jsonlib.dump({"benchmark": "FER2013-C", "seed": seed, "images": len(rows), "side": SIDE,
                      "conditions": [[name, s] for name, s in conditions], "labels": labels.tolist(),
                      "label_names": fer_data.LABELS, "command": command}, f)
        f.write("\n")
    os.replace(dump + ".tmp", dump)  # last: a bin file is only ever whole, with its .json beside it
    print(f"wrote {dump}: {len(conditions)} conditions x {len(rows)} faces, {time.time() - t:.1f}s", flush=True)

# ---------------------------------------------------------------- models
def resolve(arg):
    """A model argument -> its path: a folder or a .pt as given, else a folder of public/models/."""
    path = arg if os.path.exists(arg) else os.path.join(models_dir, arg)
    assert os.path.exists(path), f"{arg}: no model folder or checkpoint there, nor at {path}"
    return path


def load(path):
    """(network in eval mode, card or None): a folder as the app runs it, or a checkpoint's selected model."""
    if path.endswith(".pt"):
        return nets.from_checkpoint(torch.load(path, map_location="cpu")), None
    model, card, _ = checkpoint_from_export.rebuild(path)
    return model, card


paths = {}  # row name -> path, in the order given
for arg in model_args + [m for group in ensembles for m in group]:
    path = resolve(arg)
    if os.path.abspath(path) in map(os.path.abspath, paths.values()):
        continue
    name = os.path.basename(os.path.normpath(path)).removesuffix(".pt")
    paths[arg if name in paths else name] = path
named = {os.path.abspath(p): n for n, p in paths.items()}
members = {}  # ensemble row name -> its models' row names
for group in ensembles:
    group = [named[os.path.abspath(resolve(m))] for m in group]
    members["+".join(group)] = group
models, cards = {}, {}
for name, path in paths.items():
    models[name], cards[name] = load(path)
    print(f"model {name}: {path}" + (f" (card: PrivateTest {cards[name]['private_test_accuracy']:.4f})"
                                     if cards[name] else " (checkpoint)"), flush=True)
if not models:
    sys.exit(0)

# ---------------------------------------------------------------- evaluation
# Corrupt once, run every model on the same faces.
truth = torch.from_numpy(labels)
# The clean faces are also scored against FER+'s majority label where there is one: a model trained towards the
# FER+ votes loses FER2013 accuracy partly by disagreeing with labels that FER+'s ten annotators overruled.
majority = fer_data.load_ferplus_majority(os.path.join(data_dir, "ferplus.csv"), len(data["labels"]))[private[rows]]
voted = majority >= 0
# With --json, each finished condition is kept in PATH.partial (written atomically), and a run that was
# stopped resumes there if nothing that shapes the figures changed: the full run takes ~40 min of 2 idle cores.
progress_path = json + ".partial" if json else ""


def file_digest(path):
    """CRC-32 of the files that hold a model's weights: a model changed under a stopped run starts it afresh."""
    names = [path] if path.endswith(".pt") else [os.path.join(path, n) for n in ("model.json", "weights.bin")]
    return zlib.crc32(b"".join(open(n, "rb").read() for n in names))


fingerprint = jsonlib.loads(jsonlib.dumps({
    "seed": seed, "images": len(rows), "models": {name: file_digest(path) for name, path in paths.items()},
    "ensembles": members, "levels": {name: levels for name, (_, levels, _) in CORRUPTIONS.items()},
    "ferplus_majority_images": int(voted.sum())}))
done = {}  # "corruption:severity" -> {row: accuracy}; and "clean:ferplus_majority", made with "clean:0"
if progress_path and os.path.exists(progress_path):
    with open(progress_path) as f:
        saved = jsonlib.load(f)
    if saved["fingerprint"] == fingerprint:
        done = saved["accuracy"]
resumed = sum(f"{name}:{s}" in done for name, s in conditions)
if resumed:
    print(f"resuming from {progress_path}: {resumed} of {len(conditions)} conditions done", flush=True)
t_start = time.time()
for name, severity in conditions:
    key = f"{name}:{severity}"
    if key in done:
        continue
    t = time.time()
    faces = condition_faces(name, severity)
    t_corrupt = time.time() - t
    probs = {m: nets.probabilities(model, torch.from_numpy(faces), batch) for m, model in models.items()}
    probs.update({e: torch.stack([probs[m] for m in group]).mean(0) for e, group in members.items()})
    done[key] = {row: float((p.argmax(1) == truth).float().mean()) for row, p in probs.items()}
    if name == "clean" and voted.any():
        pick, votes = torch.from_numpy(voted), torch.from_numpy(majority[voted])
        done["clean:ferplus_majority"] = {row: float((p[pick].argmax(1) == votes).float().mean())
                                          for row, p in probs.items()}
    print(f"{name} {severity or ''}: " + " ".join(f"{row} {acc:.4f}" for row, acc in done[key].items())
          + f" ({t_corrupt:.1f}s + {time.time() - t - t_corrupt:.1f}s)", flush=True)
    if progress_path:
        with open(progress_path + ".tmp", "w") as f:
            jsonlib.dump({"fingerprint": fingerprint, "accuracy": done}, f)
        os.replace(progress_path + ".tmp", progress_path)
accuracy = {row: {(name, s): done[f"{name}:{s}"][row] for name, s in conditions} for row in list(models) + list(members)}
ferplus_accuracy = done.get("clean:ferplus_majority", {})
minutes = (time.time() - t_start) / 60

# ---------------------------------------------------------------- figures
severities = {name: {"levels": list(levels), "meaning": meaning} for name, (_, levels, meaning) in CORRUPTIONS.items()}
results = {}
for row, acc in accuracy.items():
    per = {name: {str(s): acc[(name, s)] for s in (1, 2, 3)} for name in CORRUPTIONS}
    for name in per:
        per[name]["mean"] = float(np.mean([per[name][str(s)] for s in (1, 2, 3)]))
    mean = float(np.mean([acc[c] for c in conditions[1:]]))  # every (corruption, severity) weighs the same
    results[row] = {"source": paths.get(row) or members[row], "clean": acc[("clean", 0)], "mean": mean,
                    "relative": mean / acc[("clean", 0)], "corruptions": per}
    if row in ferplus_accuracy:
        results[row]["clean_ferplus_majority"] = ferplus_accuracy[row]
report = {"benchmark": "FER2013-C", "images": len(rows), "ferplus_majority_images": int(voted.sum()), "seed": seed,
          "command": command,
          "eval_minutes": round(minutes, 1), "conditions_resumed": resumed, "severities": severities,
          "models": results}

print(f"\nFER2013-C, {len(rows)} PrivateTest faces, seed {seed}: accuracy % (mean of severities: 1 / 2 / 3)\n")
print("| | " + " | ".join(results) + " |")
print("|---" * (len(results) + 1) + "|")
print("| clean | " + " | ".join(f"{r['clean'] * 100:.1f}" for r in results.values()) + " |")
for name in CORRUPTIONS:
    cells = [r["corruptions"][name] for r in results.values()]
    print(f"| {name} | " + " | ".join(f"{c['mean'] * 100:.1f} ("
                                      + " / ".join(f"{c[str(s)] * 100:.1f}" for s in (1, 2, 3)) + ")" for c in cells) + " |")
print("| **mean over corruptions** | " + " | ".join(f"**{r['mean'] * 100:.1f}**" for r in results.values()) + " |")
print("| mean / clean | " + " | ".join(f"{r['relative']:.3f}" for r in results.values()) + " |")
if ferplus_accuracy:
    print(f"| clean, FER+ majority labels ({voted.sum()} faces) | "
          + " | ".join(f"{r['clean_ferplus_majority'] * 100:.1f}" for r in results.values()) + " |")
print(f"\n{len(conditions) - resumed} conditions x {len(models)} models in {minutes:.1f} min"
      + (f" ({resumed} resumed from an earlier run)" if resumed else ""), flush=True)

if json:
    with open(json, "w") as f:
        jsonlib.dump(report, f, indent=2)
        f.write("\n")
    print(f"wrote {json}", flush=True)
    if os.path.exists(progress_path):
        os.remove(progress_path)

if write_card:
    # An ensemble has no weights to rebuild, only a card folder of its own (the manifest's entry, e.g. all/).
    folders = [f for f in ensemble_folders.split(";") if f]
    assert not folders or len(folders) == len(members), "one --ensemble_folders entry per --ensemble"
    for row, folder in zip(members, folders):
        paths[row], cards[row] = folder, {}
    for row, card in cards.items():
        if card is None:
            print(f"{row}: a checkpoint has no card; its figures are in the table and --json", flush=True)
            continue
        r = results[row]
        record = {"clean": round(r["clean"], 4), "mean": round(r["mean"], 4), "relative": round(r["relative"], 4),
                  "per_corruption": {name: round(c["mean"], 4) for name, c in r["corruptions"].items()},
                  "severities": {name: f"{s['meaning']}: " + " / ".join(map(str, s["levels"]))
                                 for name, s in severities.items()},
                  "images": len(rows), "seed": seed, "command": command}
        path = os.path.join(paths[row], "card.json")
        with open(path) as f:
            card = jsonlib.load(f)  # read again: keep every other key as it is on disk now
        card["fer2013_c"] = record
        if "clean_ferplus_majority" in r:
            card["ferplus_majority"] = {"private_test_accuracy": round(r["clean_ferplus_majority"], 4),
                                        "images": int(voted.sum()), "of": len(rows), "command": command}
        save_card(path, card)
        print(f"wrote fer2013_c to {path}", flush=True)
