"""Train one FER2013 emotion classifier (cnn | vgg | resnet) on CPU, select on PublicTest, export.

    /usr/bin/python3 training/train.py vgg                     # full run, resumes from its checkpoint
    /usr/bin/python3 training/train.py cnn --epochs=2 --max_train=512 --out=/tmp/smoke   # CI smoke

Read top to bottom: config, data, model, loop, final evaluation, export. Every `--key=value` on the
command line overrides the config entry of the same name, with the same type.
"""
import json
import math
import os
import subprocess
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import export_tfjs  # noqa: E402
import fer_data  # noqa: E402
import nets  # noqa: E402

# ---------------------------------------------------------------- config
arch = "cnn"
data_dir = os.environ.get("FER2013_DIR") or os.path.join(os.path.dirname(__file__), "..", "..", "shared", "datasets", "fer2013")
out = ""  # model folder; default public/models/<arch>
checkpoint_dir = os.path.join(os.path.dirname(__file__), "checkpoints")
epochs = 40
batch_size = 64
lr = 0.05
momentum = 0.9
weight_decay = 5e-4
warmup_epochs = 1
ferplus_mix = 0.3  # share of the target taken from FER+ votes: label smoothing towards plausible classes
rotate_deg = 10.0
scale_jitter = 0.1
shift_px = 4.0
erase_prob = 0.5
threads = 2
seed = 1337
max_train = 0  # >0: use only that many Training images (smoke test)
max_eval = 0  # >0: evaluate on only that many images per test split (smoke test)
parity_images = 64
export_only = 0  # 1: skip training, evaluate and export the checkpoint's best model as it stands

config_keys = [k for k, v in globals().items() if not k.startswith("_") and isinstance(v, (int, float, str))]
for arg in sys.argv[1:]:
    if "=" not in arg:
        arch = arg
        continue
    key, value = arg.lstrip("-").split("=", 1)
    assert key in config_keys, f"unknown config key {key}"
    globals()[key] = type(globals()[key])(value)
assert arch in nets.ARCHITECTURES, f"arch must be one of {list(nets.ARCHITECTURES)}"
config = {k: globals()[k] for k in config_keys}
out = out or os.path.join(os.path.dirname(__file__), "..", "public", "models", arch)
command = "/usr/bin/python3 training/train.py " + " ".join(sys.argv[1:])

torch.manual_seed(seed)
np.random.seed(seed)
torch.set_num_threads(threads)  # torch starts with 1 thread here

# Preprocessing constants the app must reproduce; the exporter writes them into spec.json.
NORM_MEAN, NORM_STD = 0.5, 0.5

# ---------------------------------------------------------------- data
t0 = time.time()
data = fer_data.load_fer2013(data_dir)
usage = data["usage"]
train_idx = np.flatnonzero(usage == "Training")
public_idx = np.flatnonzero(usage == "PublicTest")
private_idx = np.flatnonzero(usage == "PrivateTest")
if max_train:
    train_idx = np.random.RandomState(seed).permutation(train_idx)[:max_train]
if max_eval:
    public_idx, private_idx = public_idx[:max_eval], private_idx[:max_eval]
duplicate = fer_data.duplicated_in_training(data["images"], usage)
print(f"data: {len(train_idx)} train, {len(public_idx)} public, {len(private_idx)} private "
      f"({duplicate[private_idx].sum()} private duplicated in Training), {time.time() - t0:.1f}s", flush=True)

images_u8 = torch.from_numpy(data["images"])
labels = torch.from_numpy(data["labels"])
onehot = F.one_hot(labels, 7).float()
ferplus = torch.from_numpy(data["ferplus"])
has_votes = ferplus.sum(1, keepdim=True) > 0
targets = torch.where(has_votes, (1 - ferplus_mix) * onehot + ferplus_mix * ferplus, onehot)


def normalise(batch_u8):
    return (batch_u8.float().unsqueeze(1) / 255.0 - NORM_MEAN) / NORM_STD


def augment(x):
    """Random flip, rotation, scale and shift (one affine warp), then random erasing; x is [N,1,48,48]."""
    n = x.shape[0]
    angle = (torch.rand(n) * 2 - 1) * math.radians(rotate_deg)
    scale = 1 + (torch.rand(n) * 2 - 1) * scale_jitter
    flip = torch.where(torch.rand(n) < 0.5, -1.0, 1.0)
    shift = (torch.rand(n, 2) * 2 - 1) * shift_px * 2 / 48
    cos, sin = torch.cos(angle) / scale, torch.sin(angle) / scale
    theta = torch.stack([torch.stack([cos * flip, -sin, shift[:, 0]], 1), torch.stack([sin * flip, cos, shift[:, 1]], 1)], 1)
    grid = F.affine_grid(theta, x.shape, align_corners=False)
    x = F.grid_sample(x, grid, mode="bilinear", padding_mode="border", align_corners=False)
    # random erasing: one rectangle of 2-20% of the area, filled with noise
    for i in torch.nonzero(torch.rand(n) < erase_prob).flatten().tolist():
        area = 48 * 48 * float(torch.empty(1).uniform_(0.02, 0.2))
        aspect = math.exp(float(torch.empty(1).uniform_(math.log(0.3), math.log(3.3))))
        h, w = min(47, int(math.sqrt(area * aspect))), min(47, int(math.sqrt(area / aspect)))
        top, left = int(torch.randint(0, 48 - h, (1,))), int(torch.randint(0, 48 - w, (1,)))
        x[i, :, top:top + h, left:left + w] = torch.randn(1, h, w)
    return x


@torch.no_grad()
def predict(model, idx, flip_average=False):
    """Softmax probabilities for rows idx, batch by batch, in eval mode."""
    model.eval()
    probs = []
    for start in range(0, len(idx), 512):
        x = normalise(images_u8[idx[start:start + 512]])
        p = F.softmax(model(x), 1)
        if flip_average:
            p = (p + F.softmax(model(torch.flip(x, dims=[3])), 1)) / 2
        probs.append(p)
    model.train()
    return torch.cat(probs)


def accuracy(probs, idx):
    return float((probs.argmax(1) == labels[idx]).float().mean())


# ---------------------------------------------------------------- model, optimiser, checkpoint
model = nets.ARCHITECTURES[arch]()
params = sum(p.numel() for p in model.parameters())
macs = nets.count_macs(model)
print(f"model {arch}: {params} parameters, {macs / 1e6:.1f}M MACs per face", flush=True)
decay = [p for n, p in model.named_parameters() if p.ndim > 1]
no_decay = [p for n, p in model.named_parameters() if p.ndim <= 1]
optimizer = torch.optim.SGD([{"params": decay, "weight_decay": weight_decay}, {"params": no_decay, "weight_decay": 0}],
                            lr=lr, momentum=momentum, nesterov=True)
steps_per_epoch = len(train_idx) // batch_size


def lr_at(step, run_epochs=epochs):
    """Linear warm-up, then cosine decay to zero over the whole run (fixed by `epochs`, so resuming is exact)."""
    warm = warmup_epochs * steps_per_epoch
    if step < warm:
        return lr * (step + 1) / warm
    return lr * 0.5 * (1 + math.cos(math.pi * (step - warm) / max(1, run_epochs * steps_per_epoch - warm)))


os.makedirs(checkpoint_dir, exist_ok=True)
os.makedirs(out, exist_ok=True)
ckpt_path = os.path.join(checkpoint_dir, f"{arch}.pt") if not max_train else os.path.join(out, "smoke-ckpt.pt")
state = {"epoch": 0, "best_public": -1.0, "best_epoch": 0, "best_model": None, "history": [], "train_seconds": 0.0}
if os.path.exists(ckpt_path):
    saved = torch.load(ckpt_path)
    assert saved["config"]["arch"] == arch, "checkpoint is from another architecture"
    # The run length may change only while the new schedule is still where the old one was (within 5%
    # of the learning rate): early in the run, so a session that must end sooner can shorten it.
    step_now = saved["state"]["epoch"] * steps_per_epoch
    old_lr = lr_at(step_now, saved["config"]["epochs"])
    assert abs(lr_at(step_now) - old_lr) <= 0.05 * old_lr, \
        f"checkpoint was made with epochs={saved['config']['epochs']}; too late to change the run length"
    model.load_state_dict(saved["model"])
    optimizer.load_state_dict(saved["optimizer"])
    torch.set_rng_state(saved["rng"])
    state = saved["state"]
    print(f"resumed {ckpt_path} at epoch {state['epoch']}", flush=True)

# ---------------------------------------------------------------- training loop
model.train()
while state["epoch"] < epochs and not export_only:
    epoch = state["epoch"]
    t_epoch = time.time()
    order = train_idx[torch.randperm(len(train_idx)).numpy()]
    loss_sum = 0.0
    for b in range(steps_per_epoch):
        for group in optimizer.param_groups:
            group["lr"] = lr_at(epoch * steps_per_epoch + b)
        idx = order[b * batch_size:(b + 1) * batch_size]
        x = augment(normalise(images_u8[idx]))
        loss = torch.sum(-targets[idx] * F.log_softmax(model(x), 1), 1).mean()
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        optimizer.step()
        loss_sum += float(loss)  # note: a sync point, but CPU training is synchronous anyway
    public_acc = accuracy(predict(model, public_idx), public_idx)
    state["train_seconds"] += time.time() - t_epoch
    state["epoch"] = epoch + 1
    state["history"].append({"epoch": epoch + 1, "loss": loss_sum / steps_per_epoch, "public": public_acc})
    if public_acc > state["best_public"]:
        state.update(best_public=public_acc, best_epoch=epoch + 1,
                     best_model={k: v.clone() for k, v in model.state_dict().items()})
    print(f"epoch {epoch + 1}/{epochs} loss {loss_sum / steps_per_epoch:.4f} public {public_acc:.4f} "
          f"best {state['best_public']:.4f}@{state['best_epoch']} {time.time() - t_epoch:.0f}s "
          f"total {state['train_seconds'] / 60:.1f}min", flush=True)
    torch.save({"config": config, "labels": fer_data.LABELS, "model": model.state_dict(),
                "optimizer": optimizer.state_dict(), "rng": torch.get_rng_state(), "state": state}, ckpt_path + ".tmp")
    os.replace(ckpt_path + ".tmp", ckpt_path)  # atomic: a killed session never leaves a torn checkpoint

# ---------------------------------------------------------------- final evaluation (PrivateTest, once)
assert state["best_model"] is not None, f"no trained checkpoint at {ckpt_path}"
model.load_state_dict(state["best_model"])
model.eval()
private_probs = predict(model, private_idx)
private_flip = predict(model, private_idx, flip_average=True)
dedup_idx = private_idx[~duplicate[private_idx]]
pred = private_probs.argmax(1)
confusion = np.zeros((7, 7), dtype=int)
for t, p in zip(labels[private_idx].tolist(), pred.tolist()):
    confusion[t, p] += 1
recall = {lab: float(confusion[i, i] / max(1, confusion[i].sum())) for i, lab in enumerate(fer_data.LABELS)}
results = {
    "private_test_accuracy": accuracy(private_probs, private_idx),
    "private_test_accuracy_flip_average": accuracy(private_flip, private_idx),
    "private_test_accuracy_dedup": accuracy(predict(model, dedup_idx), dedup_idx),
    "private_test_dedup_images": int(len(dedup_idx)),
    "public_test_accuracy": state["best_public"],
    "per_class_recall": recall,
    "confusion_matrix": {"rows": "true label", "columns": "predicted label", "labels": fer_data.LABELS,
                         "counts": confusion.tolist()},
}
print(f"PrivateTest accuracy {results['private_test_accuracy']:.4f} (flip-average "
      f"{results['private_test_accuracy_flip_average']:.4f}, dedup {results['private_test_accuracy_dedup']:.4f}), "
      f"PublicTest {state['best_public']:.4f} at epoch {state['best_epoch']}", flush=True)

# ---------------------------------------------------------------- export
try:
    commit = subprocess.run(["git", "rev-parse", "HEAD"], capture_output=True, text=True, check=True).stdout.strip()
except (OSError, subprocess.CalledProcessError):
    commit = "unknown"
parity_idx = private_idx[:parity_images]
training_info = {
    "arch": arch, "parameters": params, "macs_per_face": macs, "epochs": epochs, "best_epoch": state["best_epoch"],
    "train_wall_minutes": round(state["train_seconds"] / 60, 1), "epochs_done": state["epoch"],
    "complete": state["epoch"] >= epochs, "history": state["history"], "seed": seed,
    "command": command, "commit": commit, "config": config,
    "machine": f"{os.cpu_count()} CPU cores, torch {torch.__version__}, {threads} threads",
    "recipe": f"SGD nesterov, cosine lr {lr} with {warmup_epochs} warm-up epoch, batch {batch_size}, "
              f"wd {weight_decay}; flips, rotation ±{rotate_deg}°, scale ±{scale_jitter}, shift ±{shift_px}px, "
              f"random erasing p={erase_prob}; targets {1 - ferplus_mix:.1f}×FER2013 label + {ferplus_mix:.1f}×FER+ votes",
}
export_tfjs.export(model, out, labels=fer_data.LABELS, norm_mean=NORM_MEAN, norm_std=NORM_STD,
                   parity_images=data["images"][parity_idx], results=results, training=training_info,
                   in_manifest=not max_train)
print(f"exported to {os.path.abspath(out)}", flush=True)
