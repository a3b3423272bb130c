"""Test-time crop averaging on PublicTest (the selection split): does averaging each face over a few crop
scales or shifts (what the app could do for a photo, cropping again from the whole picture) pay beyond the
mirror average the app does already?

    /usr/bin/python3 training/experiments/crop_tta.py cnn vgg resnet

Views are warps of the 48x48 face with its edge pixels replicated outside it (as training/fer2013c.py
frames its crop corruptions); scale 0.9 shows the middle 90% of the face, 1.1 a little more than all of it.
Measured once; the figures are in training/logs/generalize/crop-tta.md.
"""
import os
import sys

import numpy as np
import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import checkpoint_from_export  # noqa: E402
import fer_data  # noqa: E402
import nets  # noqa: E402

root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
torch.set_num_threads(1)  # beside a training run
data = fer_data.load_fer2013(fer_data.default_dir())
idx = np.flatnonzero(data["usage"] == "PublicTest")
faces = torch.from_numpy(data["images"][idx]).float()
y = data["labels"][idx]


def warp(x, scale, dy, dx):
    """Each face as a crop `scale` times as wide, moved by (dy, dx) pixels, would show it: bilinear, edges replicated."""
    theta = torch.tensor([[scale, 0, dx * 2 / 48], [0, scale, dy * 2 / 48]], dtype=torch.float32)
    grid = F.affine_grid(theta.expand(len(x), 2, 3), (len(x), 1, 48, 48), align_corners=False)
    out = F.grid_sample(x[:, None], grid, mode="bilinear", padding_mode="border", align_corners=False)[:, 0]
    return out.round().clamp(0, 255).to(torch.uint8)


views = {"id": (1.0, 0, 0), "s0.9": (0.9, 0, 0), "s1.1": (1.1, 0, 0), "up": (1.0, -2, 0), "down": (1.0, 2, 0),
         "left": (1.0, 0, -2), "right": (1.0, 0, 2)}
for m in sys.argv[1:]:
    model = checkpoint_from_export.rebuild(os.path.join(root, "public", "models", m))[0]
    p = {}
    for k, v in views.items():
        im = warp(faces, *v)
        p[k] = nets.probabilities(model, im, 64).numpy()
        p[k + "f"] = nets.probabilities(model, im, 64, mirror=True).numpy()

    def show(name, keys):
        q = sum(p[k] for k in keys) / len(keys)
        pred = q.argmax(1)
        balanced = np.mean([np.mean(pred[y == c] == c) for c in range(7)])
        print(f"{m:7s} {name:28s} acc {np.mean(pred == y):.4f} bal {balanced:.4f}", flush=True)

    show("single", ["id"])
    show("flip", ["id", "idf"])
    for k in views:
        if k != "id":
            show(f"view {k} alone", [k])
    show("scales 0.9/1/1.1 + flip", ["id", "idf", "s0.9", "s0.9f", "s1.1", "s1.1f"])
    show("shifts ±2 + flip", ["id", "idf", "up", "upf", "down", "downf", "left", "leftf", "right", "rightf"])
    show("all 7 views + flip", list(p))
