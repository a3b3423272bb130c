"""FER2013's test faces scored against FER+'s relabelling (ten annotators a face) as well as FER2013's own labels.

    /usr/bin/python3 training/experiments/ferplus_labels.py cnn vgg resnet /tmp/rf05/export --ensemble=cnn,vgg,resnet

FER2013's labels are one annotator's, and FER+ disagrees with about a quarter of them; a model trained towards
the FER+ votes loses FER2013 accuracy partly by disagreeing with labels FER+ calls wrong. This prints, for
PublicTest and PrivateTest, accuracy against FER2013's label and against FER+'s majority label (the faces
whose most-voted FER+ category is one of the seven emotions, without a tie: FER+'s "majority" scheme; faces
where contempt, unknown or not-a-face lead are left out: fer_data.load_ferplus_majority), on the same faces,
plus the mean probability given to the FER+ votes (a soft score: 1 when a model puts all its mass where every
annotator did).
A model is a shipped folder (a path, or a name in public/models/) or a train.py checkpoint, as fer2013c.py
takes them; `--ensemble=a,b` adds their averaged probabilities, as the app's All three computes them.
"""
import os
import sys

import numpy as np
import torch

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import checkpoint_from_export  # noqa: E402
import fer_data  # noqa: E402
import nets  # noqa: E402

root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
data_dir = fer_data.default_dir()
torch.set_num_threads(1)  # beside a training run
data = fer_data.load_fer2013(data_dir)

majority = fer_data.load_ferplus_majority(os.path.join(data_dir, "ferplus.csv"), len(data["labels"]))
clear = majority >= 0


def probabilities(arg, rows):
    path = arg if os.path.exists(arg) else os.path.join(root, "public", "models", arg)
    if path.endswith(".pt"):
        model = nets.from_checkpoint(torch.load(path, map_location="cpu"))
    else:
        model = checkpoint_from_export.rebuild(path)[0]
    return nets.probabilities(model, torch.from_numpy(data["images"][rows]), 256).numpy()


args = [a for a in sys.argv[1:] if not a.startswith("--ensemble=")]
ensembles = [a.split("=", 1)[1].split(",") for a in sys.argv[1:] if a.startswith("--ensemble=")]
splits = {s: np.flatnonzero(data["usage"] == s) for s in ("PublicTest", "PrivateTest")}
print("model | split | faces | FER2013 labels | FER+ majority faces | FER2013 labels on them | FER+ majority | "
      "mass on FER+ votes")
probs = {}
for name in args + [m for group in ensembles for m in group if m not in args]:
    probs[name] = {s: probabilities(name, rows) for s, rows in splits.items()}
for group in ensembles:
    name = "+".join(os.path.basename(os.path.normpath(m)) for m in group)
    probs[name] = {s: np.mean([probs[m][s] for m in group], 0) for s in splits}
for name, by_split in probs.items():
    for split, rows in splits.items():
        p, keep = by_split[split], clear[rows]
        predicted, labels = p.argmax(1), data["labels"][rows]
        votes = data["ferplus"][rows]
        voted = votes.sum(1) > 0
        print(f"{os.path.basename(os.path.normpath(name))} | {split} | {len(rows)} | "
              f"{np.mean(predicted == labels):.4f} | "
              f"{keep.sum()} | {np.mean(predicted[keep] == labels[keep]):.4f} | "
              f"{np.mean(predicted[keep] == majority[rows][keep]):.4f} | "
              f"{np.mean((p[voted] * votes[voted]).sum(1)):.4f}", flush=True)
