"""Prior correction (logit adjustment) of the shipped models on FER2013 and on the dev set's per-photo scores.

    /usr/bin/python3 training/experiments/logit_adjustment.py /tmp/devscores.json
    (the scores from: DEVSET_TARGETS=cnn,vgg,resnet DEVSET_SCORES=/tmp/devscores.json node bench/devset.mjs)

Measured once and not shipped; the tables are in training/logs/generalize/logit-adjustment.md.
"""
import json
import os
import sys

import numpy as np
import torch

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import checkpoint_from_export  # noqa: E402
import fer_data  # noqa: E402
import nets  # noqa: E402

root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
torch.set_num_threads(2)
data = fer_data.load_fer2013(fer_data.default_dir())
usage, labels = data["usage"], data["labels"]
prior = np.bincount(labels[usage == "Training"], minlength=7) / (usage == "Training").sum()
print("prior", np.round(prior, 3))
taus = np.arange(0, 1.41, 0.2)
members = ["cnn", "vgg", "resnet"]


def adjusted(p, tau):
    return (np.log(p + 1e-9) - tau * np.log(prior)).argmax(1)


def recall(pred, y):
    return np.array([np.mean(pred[y == c] == c) for c in range(7)])


fer = {}
for m in members:
    model = checkpoint_from_export.rebuild(os.path.join(root, "public", "models", m))[0]
    for split in ["PublicTest", "PrivateTest"]:
        idx = np.flatnonzero(usage == split)
        fer[m, split] = nets.probabilities(model, torch.from_numpy(data["images"][idx]), 64).numpy()
print("FER2013: tau, PublicTest balanced, accuracy, PrivateTest balanced, accuracy")
for name, ms in [(m, [m]) for m in members] + [("all", members)]:
    print(name)
    for tau in taus:
        row = []
        for split in ["PublicTest", "PrivateTest"]:
            y = labels[usage == split]
            pred = adjusted(sum(fer[m, split] for m in ms) / len(ms), tau)
            row += [recall(pred, y).mean(), np.mean(pred == y)]
        print("   %.1f " % tau + " ".join("%.3f" % x for x in row))

scores = json.load(open(sys.argv[1]))
y = np.array([fer_data.LABELS.index(p["label"]) for p in scores["photos"]])
runs = {k.replace("ours ", ""): v for k, v in scores["runs"].items()}
headline = [fer_data.LABELS.index(c) for c in ["angry", "disgust", "happy", "sad", "surprise", "neutral"]]


def dev_probs(name):
    r = runs[name]
    assert list(r["labels"]) == fer_data.LABELS
    return np.array([s if s is not None else [np.nan] * 7 for s in r["scores"]], dtype=float)


print("lfw-expressions: tau, balanced (6 headline classes), accuracy, disgust recall, surprise recall")
for name, ms in [(m, [m]) for m in ["CNN", "VGG", "ResNet"]] + [("All three", ["CNN", "VGG", "ResNet"])]:
    p = sum(dev_probs(m) for m in ms) / len(ms)
    face = ~np.isnan(p[:, 0])
    print(name)
    for tau in taus:
        pred = np.where(face, adjusted(np.nan_to_num(p), tau), -1)
        r = recall(pred, y)
        print("   %.1f %.3f %.3f %.2f %.2f" % (tau, r[headline].mean(), np.mean(pred == y), r[1], r[5]))
