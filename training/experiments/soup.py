"""Weight averaging ("model soup") of finished runs of one architecture and seed: does it beat its members?

    /usr/bin/python3 training/experiments/soup.py training/checkpoints/resnet-ferplus03/resnet.pt \\
        training/checkpoints/resnet-ferplus05/resnet.pt

Runs from the same seed start from the same weights and see the same batches; only their targets differ
(the FER+ weight). If they stay in one basin, the average of their selected models is a model too, and often a
better one. Batch norm's running statistics are not linear in the weights, so the soup's are measured again on
Training (un-augmented faces, train mode, cumulative average). Reads PublicTest only: a soup is a candidate to
select on PublicTest like any other; PrivateTest is read once, at export.
"""
import os
import sys

import numpy as np
import torch

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import fer_data  # noqa: E402
import nets  # noqa: E402

torch.set_num_threads(2)
paths = sys.argv[1:]
assert len(paths) >= 2, __doc__
saved = [torch.load(p, map_location="cpu") for p in paths]
assert len({s["config"]["seed"] for s in saved}) == 1 and len({s["config"]["arch"] for s in saved}) == 1, \
    "a soup needs runs of one architecture from one seed"
data = fer_data.load_fer2013(fer_data.default_dir())
usage = data["usage"]
images = torch.from_numpy(data["images"])
labels = torch.from_numpy(data["labels"])
public_idx = np.flatnonzero(usage == "PublicTest")
train_idx = np.flatnonzero(usage == "Training")


def public_accuracy(model):
    probs = nets.probabilities(model, images[public_idx], 256)
    return float((probs.argmax(1) == labels[public_idx]).float().mean())


@torch.no_grad()
def recalibrate(model):
    """Batch norm's running mean and variance measured afresh over all of Training (equal weight per batch)."""
    for m in model.modules():
        if isinstance(m, torch.nn.modules.batchnorm._BatchNorm):
            m.reset_running_stats()
            m.momentum = None  # cumulative average
    model.train()
    for start in range(0, len(train_idx), 256):
        model(fer_data.normalise(images[train_idx[start:start + 256]]))
    model.eval()


models = [nets.from_checkpoint(s) for s in saved]
for p, s, m in zip(paths, saved, models):
    print(f"{p}: ferplus_mix {s['config']['ferplus_mix']}, epochs {s['config']['epochs']}, "
          f"PublicTest {public_accuracy(m):.4f} (card {s['state']['best_public']:.4f} at epoch {s['state']['best_epoch']})",
          flush=True)
for m in models:
    recalibrate(m)
print("members with batch norm re-measured: " + ", ".join(f"{public_accuracy(m):.4f}" for m in models), flush=True)
soup = nets.from_checkpoint(saved[0])
states = [s["state"]["best_model"] for s in saved]
soup.load_state_dict({k: (sum(st[k].float() for st in states) / len(states)).to(v.dtype) if v.is_floating_point() else v
                      for k, v in states[0].items()})
print(f"soup, batch norm averaged: PublicTest {public_accuracy(soup):.4f}", flush=True)
recalibrate(soup)
print(f"soup, batch norm re-measured: PublicTest {public_accuracy(soup):.4f}", flush=True)
