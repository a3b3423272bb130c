"""Measure an ensemble entry of public/models/manifest.json on FER2013 and write its card.json figures.

    /usr/bin/python3 training/ensemble_card.py all            # "All three": PrivateTest, flip, dedup, PublicTest
    /usr/bin/python3 training/ensemble_card.py all --max_eval=128 --out=/tmp/card.json   # smoke test

The members are the shipped folders, rebuilt with the weights the app runs (checkpoint_from_export.rebuild);
the ensemble's probabilities are the mean of theirs, as src/pipeline/ensemble.ts computes them. The figures are
the same ones train.py puts on a single model's card, so the README's model table and the Model menu read
them alike. PrivateTest is read here once per ensemble of final models, never to choose anything.
"""
import json
import os
import sys

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cards import save_card  # noqa: E402
import checkpoint_from_export  # noqa: E402
import fer_data  # noqa: E402
import nets  # noqa: E402
import overrides  # noqa: E402

data_dir = fer_data.default_dir()
models_dir = os.path.join(os.path.dirname(__file__), "..", "public", "models")
max_eval = 0  # >0: only that many images per split (smoke test)
out = ""  # card path; default: the entry's own card.json
threads = 2

entry_id = next(arg for arg in sys.argv[1:] if "=" not in arg)
overrides.apply(globals(), sys.argv[1:], overrides.config_keys(globals()))
command = "/usr/bin/python3 training/ensemble_card.py " + " ".join(sys.argv[1:])
torch.set_num_threads(threads)

with open(os.path.join(models_dir, "manifest.json")) as f:
    manifest = {m["id"]: m for m in json.load(f)["models"]}
entry = manifest[entry_id]
assert "members" in entry, f"{entry_id} is not an ensemble"
members = [checkpoint_from_export.rebuild(os.path.join(models_dir, manifest[m]["path"]))[0] for m in entry["members"]]

data = fer_data.load_fer2013(data_dir)
usage, labels = data["usage"], torch.from_numpy(data["labels"])
duplicate = fer_data.duplicated_in_training(data["images"], usage)
split = {name: np.flatnonzero(usage == name)[:max_eval or None] for name in ("PublicTest", "PrivateTest")}


def probabilities(idx, mirror=False):
    """Mean of the members' softmax probabilities for rows idx (batches of 64: the CPU's fastest)."""
    faces = torch.from_numpy(data["images"][idx])
    return sum(nets.probabilities(m, faces, 64, mirror=mirror) for m in members) / len(members)


def accuracy(probs, idx):
    return float((probs.argmax(1) == labels[idx]).float().mean())


figures = fer_data.private_test_figures(lambda idx, flip: (probabilities(idx) + probabilities(idx, mirror=True)) / 2
                                        if flip else probabilities(idx), labels, split["PrivateTest"], duplicate)
figures["public_test_accuracy"] = accuracy(probabilities(split["PublicTest"]), split["PublicTest"])
figures["fer2013_command"] = command
private = split["PrivateTest"]
print(f"{entry['name']}: PrivateTest {figures['private_test_accuracy']:.4f} (flip-average "
      f"{figures['private_test_accuracy_flip_average']:.4f}, dedup {figures['private_test_accuracy_dedup']:.4f}), "
      f"PublicTest {figures['public_test_accuracy']:.4f}, on {len(private)} / {len(split['PublicTest'])} images", flush=True)

card_path = out or os.path.join(models_dir, entry["path"], "card.json")
card = json.load(open(card_path)) if os.path.exists(card_path) else {"name": entry["name"]}
card.update(figures)
save_card(card_path, card)
print(f"card: {card_path}", flush=True)
