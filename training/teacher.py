"""Write a teacher's soft targets for distillation: the averaged probabilities of trained checkpoints.

    /usr/bin/python3 training/teacher.py OUT.npz CKPT [CKPT ...] [--temperature=T]

Each checkpoint is one train.py writes (its selected model and config); every image of Training is
classified as it is and mirrored, by every model, and the softmax probabilities (of the logits divided
by T) are averaged. train.py reads the result with `--teacher=OUT.npz --teacher_mix=W`: a share W of
each training target then comes from the teacher. The file holds probabilities and labels, no pixels,
so it can be committed next to the model trained from it; the labels let train.py check that the rows
are the same images in the same order.
"""
import os
import sys

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import fer_data  # noqa: E402
import nets  # noqa: E402

temperature = 1.0
max_train = 0  # >0: only that many Training images, the same ones train.py's --max_train takes (smoke test)
max_eval = 0  # >0: report on only that many PublicTest images (smoke test)
seed = 1337
data_dir = fer_data.default_dir()
threads = 2

paths = [arg for arg in sys.argv[1:] if not arg.startswith("--")]
for arg in sys.argv[1:]:
    if arg.startswith("--"):
        key, value = arg[2:].split("=", 1)
        assert key in ("temperature", "max_train", "max_eval", "seed", "data_dir", "threads"), f"unknown option {key}"
        globals()[key] = type(globals()[key])(value)
assert len(paths) >= 2, __doc__
out_path, checkpoints = paths[0], paths[1:]
torch.set_num_threads(threads)

data = fer_data.load_fer2013(data_dir)
rows = fer_data.training_rows(data["usage"], max_train, seed)
public = np.flatnonzero(data["usage"] == "PublicTest")[:max_eval or None]
both = np.concatenate([rows, public])  # PublicTest only to report the teacher's accuracy, as train.py selects
images = torch.from_numpy(data["images"][both])
probs = torch.zeros(len(both), len(fer_data.LABELS))
single = torch.zeros(len(both), len(fer_data.LABELS))
for path in checkpoints:
    saved = torch.load(path, map_location="cpu")
    model = nets.from_checkpoint(saved)
    as_is = nets.probabilities(model, images, 64, temperature=temperature)
    single += as_is
    probs += as_is + nets.probabilities(model, images, 64, mirror=True, temperature=temperature)
    print(f"{path}: {saved['config']['arch']}, PublicTest {saved['state']['best_public']:.4f}", flush=True)
probs /= 2 * len(checkpoints)


def agreement(p, part):
    return float((p[part].argmax(1).numpy() == data["labels"][both][part]).mean())


train_part, public_part = slice(0, len(rows)), slice(len(rows), len(both))
print(f"teacher: PublicTest {agreement(single, public_part):.4f} (flip-average {agreement(probs, public_part):.4f}); "
      f"Training {agreement(probs, train_part):.4f}, mean top probability {float(probs[train_part].max(1).values.mean()):.3f}")
np.savez_compressed(out_path, rows=rows, labels=data["labels"][rows], probs=probs[train_part].numpy().astype(np.float16),
                    checkpoints=np.array([os.path.basename(p) for p in checkpoints]), temperature=temperature)
print(f"wrote {out_path}")
