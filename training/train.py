"""Train one FER2013 emotion classifier (cnn | vgg | resnet), select on PublicTest, export.

    /usr/bin/python3 training/train.py vgg                     # full run, resumes from its checkpoint
    /usr/bin/python3 training/train.py cnn --epochs=2 --max_train=512 --out=/tmp/smoke   # CI smoke
    python3 training/train.py resnet --device=cuda --final_eval=0   # on a GPU: train and select only
    /usr/bin/python3 training/train.py cnn --init=A.pt --teacher=T.npz --teacher_mix=0.6 --epochs=18 --lr=0.02 \
        --checkpoint_dir=training/checkpoints/distil   # fine-tune A.pt towards a teacher's soft targets

The same recipe runs on CPU (this project's 2-core machine) or a GPU (`--device=cuda`); everything
random is drawn on that device, so the two give equally good but not bit-identical runs.

Read top to bottom: config, data, model, loop, final evaluation, export. Every `--key=value` on the
command line overrides the config entry of the same name, with the same type.
"""
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
import overrides  # noqa: E402

# ---------------------------------------------------------------- config
arch = "cnn"
arch_args = ""  # JSON keyword arguments for the architecture, e.g. '{"blocks_per_stage": [2, 2, 2, 2]}'
device = "cpu"
data_dir = fer_data.default_dir()
out = ""  # model folder; default public/models/<arch>
checkpoint_dir = os.path.join(os.path.dirname(__file__), "checkpoints")
epochs = 40  # each architecture's own count is in RECIPES
batch_size = 128
micro_batch = 64  # >0: each batch runs in parts of this size, gradients summed (0: whole; the GPU sweep's way)
lr = 0.1
momentum = 0.9
weight_decay = 5e-4
warmup_epochs = 1
ferplus_mix = 0.3  # share of the target taken from FER+ votes: label smoothing towards plausible classes
teacher = ""  # distillation: a .npz of soft targets for Training written by training/teacher.py
teacher_mix = 0.0  # share of the target taken from the teacher's probabilities
init = ""  # fine-tuning: a checkpoint whose selected model this run starts from (its schedule restarts)
init_cpu_minutes = 0.0  # with init: what training that checkpoint costs on the 2-core machine (from its card)
rotate_deg = 10.0
scale_jitter = 0.2
shift_px = 4.0
erase_prob = 0.5
photometric = 0.0  # chance of each camera effect per face: contrast/brightness, gamma, blur, sensor noise, low resolution
class_balance = 0.0  # loss weight of a class ∝ (1 / its Training count) ** class_balance: 0 plain, 0.5 inverse sqrt
mixup = 0.0  # >0: each batch part is blended with itself shuffled, weight ~ Beta(mixup, mixup), targets alike
threads = 2
seed = 1337
max_train = 0  # >0: use only that many Training images (smoke test)
max_eval = 0  # >0: evaluate on only that many images per test split (smoke test)
parity_images = 64
export_only = 0  # 1: skip training, evaluate and export the checkpoint's best model as it stands
cpu_epoch_seconds = 0.0  # for a run trained elsewhere: one epoch's seconds measured on this 2-core machine
final_eval = 1  # 0: stop after training (a sweep selects on PublicTest; PrivateTest is read once, at export)

# Per architecture, what was chosen on PublicTest (training/sweep.py; logs in training/logs/gpu-s4/): the
# epochs that keep each run within 2.5 hours on the 2-core machine, and the weight of the FER+ votes (the
# CNN's 0.3 and the ResNet's 0.4, not the sweep's 0.1: chosen between finished runs on the dev set,
# training/logs/generalize/), and the VGG's camera effects (shipped in the fourteenth session); each run is in
# training/README.md. The ResNet's 140 epochs (140.2 min here), the VGG's 90 (175.4 min) and the CNN's 180 (on an
# H200; ~166 min here) won back what their FER+ weight of 0.4 cost on PublicTest (shipped in the twenty-third,
# twenty-sixth and twenty-seventh sessions).
RECIPES = {"cnn": {"epochs": 180, "ferplus_mix": 0.4}, "vgg": {"epochs": 90, "ferplus_mix": 0.4, "photometric": 0.2},
           "resnet": {"epochs": 140, "ferplus_mix": 0.4}}

config_keys = overrides.config_keys(globals())
arch = next((arg for arg in sys.argv[1:] if "=" not in arg), arch)
globals().update(RECIPES.get(arch, {}))
overrides.apply(globals(), sys.argv[1:], config_keys)
assert arch in nets.ARCHITECTURES, f"arch must be one of {list(nets.ARCHITECTURES)}"
config = {k: globals()[k] for k in config_keys}
out = out or os.path.join(os.path.dirname(__file__), "..", "public", "models", arch)
command = "/usr/bin/python3 training/train.py " + " ".join(sys.argv[1:])

torch.manual_seed(seed)
np.random.seed(seed)
torch.set_num_threads(threads)  # torch starts with 1 thread here
torch.backends.cudnn.benchmark = True  # fixed input shapes: let cuDNN pick its fastest kernels (GPU only)
MACHINE = (torch.cuda.get_device_name(device) if device.startswith("cuda")
           else f"{os.cpu_count()} CPU cores") + f", torch {torch.__version__}, {threads} threads"

# ---------------------------------------------------------------- data
t0 = time.time()
data = fer_data.load_fer2013(data_dir)
usage = data["usage"]
train_idx = fer_data.training_rows(usage, max_train, seed)
public_idx = np.flatnonzero(usage == "PublicTest")
private_idx = np.flatnonzero(usage == "PrivateTest")
if max_eval:
    public_idx, private_idx = public_idx[:max_eval], private_idx[:max_eval]
duplicate = fer_data.duplicated_in_training(data["images"], usage)
print(f"data: {len(train_idx)} train, {len(public_idx)} public, {len(private_idx)} private "
      f"({duplicate[private_idx].sum()} private duplicated in Training), {time.time() - t0:.1f}s", flush=True)

images_u8 = torch.from_numpy(data["images"]).to(device)
labels = torch.from_numpy(data["labels"]).to(device)
onehot = F.one_hot(labels, 7).float()
ferplus = torch.from_numpy(data["ferplus"]).to(device)
has_votes = ferplus.sum(1, keepdim=True) > 0
targets = torch.where(has_votes, (1 - ferplus_mix) * onehot + ferplus_mix * ferplus, onehot)
if teacher:
    with np.load(teacher) as z:
        assert np.array_equal(data["labels"][z["rows"]], z["labels"]), "teacher was made from other data"
        assert np.isin(train_idx, z["rows"]).all(), "teacher lacks some training rows"
        soft = torch.zeros_like(targets)
        soft[torch.from_numpy(z["rows"]).to(device)] = torch.from_numpy(z["probs"].astype(np.float32)).to(device)
    targets = (1 - teacher_mix) * targets + teacher_mix * soft
# Disgust has 436 Training faces and happy 7,215: unweighted, the rare classes are learned as FER2013's
# quirks and are rarely predicted on other photos. The weights average 1 over Training, so the lr holds.
class_counts = torch.bincount(labels[torch.from_numpy(train_idx).to(device)], minlength=7).float().clamp(min=1)
class_weight = class_counts ** -class_balance
class_weight = class_weight * class_counts.sum() / (class_weight * class_counts).sum()


def camera_look(x):
    """Photometric augmentation on normalised faces [N,1,48,48]: what other cameras and lighting do.

    Each effect hits a face with chance `photometric`, independently: contrast and brightness, gamma, Gaussian
    blur, sensor noise, and low resolution (down to 16-32 px and back up, like a small face in a wide frame).
    """
    n, p = x.shape[0], x * fer_data.NORM_STD + fer_data.NORM_MEAN  # grey 0..1

    def chosen():
        return (torch.rand(n, 1, 1, 1, device=x.device) < photometric).float()

    def uniform(low, high):
        return torch.rand(n, 1, 1, 1, device=x.device) * (high - low) + low

    contrast, brightness, hit = torch.exp(uniform(-0.6, 0.4)), uniform(-0.2, 0.2), chosen()
    p = hit * ((p - 0.5) * contrast + 0.5 + brightness) + (1 - hit) * p
    p = p.clamp(0, 1)
    hit = chosen()
    p = hit * p.clamp(min=1e-4) ** torch.exp(uniform(-0.7, 0.7)) + (1 - hit) * p
    # blur: one 7x7 Gaussian per face (sigma 0.4-1.2 px), applied as a grouped conv over the batch
    sigma, hit = uniform(0.4, 1.2).view(n, 1, 1), chosen()
    taps = torch.arange(-3, 4, device=x.device, dtype=x.dtype)
    g = torch.exp(-taps[None, :, None] ** 2 / (2 * sigma ** 2)) * torch.exp(-taps[None, None, :] ** 2 / (2 * sigma ** 2))
    g = (g / g.sum(dim=(1, 2), keepdim=True)).unsqueeze(1)
    blurred = F.conv2d(F.pad(p.transpose(0, 1), (3, 3, 3, 3), mode="replicate"), g, groups=n).transpose(0, 1)
    p = hit * blurred + (1 - hit) * p
    hit = chosen()
    p = p + hit * uniform(0.0, 0.05) * torch.randn_like(p)
    size, hit = int(torch.randint(16, 33, ()).item()), chosen()
    small = F.interpolate(p, size=(size, size), mode="bilinear", align_corners=False, antialias=True)
    p = hit * F.interpolate(small, size=(48, 48), mode="bilinear", align_corners=False) + (1 - hit) * p
    return (p.clamp(0, 1) - fer_data.NORM_MEAN) / fer_data.NORM_STD


def augment(x):
    """Random flip, rotation, scale and shift (one affine warp), then random erasing; x is [N,1,48,48]."""
    n = x.shape[0]

    def uniform(*shape, low=-1.0, high=1.0):
        return torch.rand(*shape, device=x.device) * (high - low) + low

    angle = uniform(n) * math.radians(rotate_deg)
    scale = 1 + uniform(n) * scale_jitter
    flip = torch.where(uniform(n, low=0) < 0.5, -1.0, 1.0)
    shift = uniform(n, 2) * shift_px * 2 / 48
    cos, sin = torch.cos(angle) / scale, torch.sin(angle) / scale
    theta = torch.stack([torch.stack([cos * flip, -sin, shift[:, 0]], 1), torch.stack([sin * flip, cos, shift[:, 1]], 1)], 1)
    grid = F.affine_grid(theta, x.shape, align_corners=False)
    x = F.grid_sample(x, grid, mode="bilinear", padding_mode="border", align_corners=False)
    if photometric:
        x = camera_look(x)
    # random erasing: on a share erase_prob of the images, one rectangle of 2-20% of the area, filled with
    # noise; drawn for the whole batch at once (a per-image loop costs a device round trip per image)
    area = 48 * 48 * uniform(n, low=0.02, high=0.2)
    aspect = torch.exp(uniform(n, low=math.log(0.3), high=math.log(3.3)))
    h = torch.sqrt(area * aspect).floor().clamp(max=47)
    w = torch.sqrt(area / aspect).floor().clamp(max=47)
    top = (uniform(n, low=0) * (48 - h)).floor()
    left = (uniform(n, low=0) * (48 - w)).floor()
    pos = torch.arange(48, device=x.device, dtype=x.dtype)
    rows = (pos >= top[:, None]) & (pos < (top + h)[:, None])
    cols = (pos >= left[:, None]) & (pos < (left + w)[:, None])
    erase = (rows[:, :, None] & cols[:, None, :]) & (uniform(n, low=0) < erase_prob)[:, None, None]
    return torch.where(erase[:, None], torch.randn_like(x), x)


def mixed(x, target, weight):
    """Mixup (Zhang et al. 2018): faces, targets and loss weights blended with a shuffled copy of the batch."""
    share = float(torch.distributions.Beta(mixup, mixup).sample())  # torch's generator: resuming stays exact
    other = torch.randperm(x.shape[0], device=x.device)
    return tuple(share * t + (1 - share) * t[other] for t in (x, target, weight))


def predict(model, idx, flip_average=False):
    """Softmax probabilities for rows idx (with flip_average: averaged with the mirrored faces')."""
    faces, batch = images_u8[idx], micro_batch or 512
    probs = nets.probabilities(model, faces, batch)
    return (probs + nets.probabilities(model, faces, batch, mirror=True)) / 2 if flip_average else probs


def accuracy(probs, idx):
    return float((probs.argmax(1) == labels[idx]).float().mean())


# ---------------------------------------------------------------- model, optimiser, checkpoint
arch_kwargs = nets.resolved_kwargs(arch, arch_args)
model = nets.ARCHITECTURES[arch](**arch_kwargs).to(device)
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


def assert_same_network(saved, path):
    """A checkpoint's weights fit only the network it was trained as (older ones carry no arch_kwargs)."""
    theirs = saved.get("arch_kwargs")
    assert saved["config"]["arch"] == arch and theirs in (None, arch_kwargs), \
        f"{path} holds {saved['config']['arch']} {theirs or '(arguments not recorded)'}, not {arch} {arch_kwargs}"


ckpt_path = os.path.join(checkpoint_dir, f"{arch}.pt") if not max_train else os.path.join(out, "smoke-ckpt.pt")
state = {"epoch": 0, "best_public": -1.0, "best_epoch": 0, "best_model": None, "history": [], "train_seconds": 0.0,
         "machine": MACHINE, "command": command, "config": config}
if os.path.exists(ckpt_path):
    saved = torch.load(ckpt_path, map_location=device)
    assert_same_network(saved, ckpt_path)
    # The recipe must be the checkpoint's: only where and how it runs may differ.
    where = {"device", "threads", "micro_batch", "data_dir", "checkpoint_dir", "out", "export_only", "final_eval",
             "max_eval", "parity_images", "cpu_epoch_seconds", "init_cpu_minutes", "epochs"}
    changed = {k: (saved["config"].get(k), v) for k, v in config.items()
               if k not in where and saved["config"].get(k, v) != v}
    assert not changed, f"checkpoint was trained with other settings (checkpoint, now): {changed}"
    # The run length may change only while the new schedule is still where the old one was (within 5%
    # of the learning rate): early in the run, so a session that must end sooner can shorten it.
    step_now = saved["state"]["epoch"] * steps_per_epoch
    old_lr = lr_at(step_now, saved["config"]["epochs"])
    assert abs(lr_at(step_now) - old_lr) <= 0.05 * old_lr, \
        f"checkpoint was made with epochs={saved['config']['epochs']}; too late to change the run length"
    model.load_state_dict(saved["model"])
    if "optimizer" in saved:  # a finished run may be shipped without it (training/sweep.py)
        optimizer.load_state_dict(saved["optimizer"])
    torch.set_rng_state(saved["rng"].cpu())
    state = saved["state"]
    print(f"resumed {ckpt_path} at epoch {state['epoch']}", flush=True)
elif init:
    parent = torch.load(init, map_location=device)
    assert_same_network(parent, init)
    model.load_state_dict(parent["state"]["best_model"])
    state["init"] = {"checkpoint": os.path.basename(init), "command": parent["state"]["command"],
                     "machine": parent["state"]["machine"], "epochs": parent["state"]["epoch"],
                     "public_test_accuracy": parent["state"]["best_public"],
                     "train_wall_minutes": round(parent["state"]["train_seconds"] / 60, 1)}
    print(f"starting from {init} (PublicTest {parent['state']['best_public']:.4f})", flush=True)

# ---------------------------------------------------------------- training loop
model.train()
while state["epoch"] < epochs and not export_only:
    epoch = state["epoch"]
    t_epoch = time.time()
    order = torch.from_numpy(train_idx).to(device)[torch.randperm(len(train_idx), device=device)]
    loss_sum = torch.zeros((), device=device)
    for b in range(steps_per_epoch):
        for group in optimizer.param_groups:
            group["lr"] = lr_at(epoch * steps_per_epoch + b)
        idx = order[b * batch_size:(b + 1) * batch_size]
        optimizer.zero_grad(set_to_none=True)
        # Same gradient as one pass over the batch (batch norm's statistics aside, taken per part), but a
        # 128-image batch costs 1.8x more per image than two of 64 on this CPU: the activations outgrow its caches.
        for part in idx.split(micro_batch or batch_size):
            x, target, weight = augment(fer_data.normalise(images_u8[part])), targets[part], class_weight[labels[part]]
            if mixup:
                x, target, weight = mixed(x, target, weight)
            loss = (torch.sum(-target * F.log_softmax(model(x), 1), 1) * weight).sum() / len(idx)
            loss.backward()
            loss_sum += loss.detach()
        optimizer.step()
    public_acc = accuracy(predict(model, public_idx), public_idx)
    state["train_seconds"] += time.time() - t_epoch
    state["epoch"] = epoch + 1
    loss_mean = float(loss_sum) / steps_per_epoch
    state["history"].append({"epoch": epoch + 1, "loss": loss_mean, "public": public_acc})
    if public_acc > state["best_public"]:
        state.update(best_public=public_acc, best_epoch=epoch + 1,
                     best_model={k: v.clone() for k, v in model.state_dict().items()})
    print(f"epoch {epoch + 1}/{epochs} loss {loss_mean:.4f} public {public_acc:.4f} "
          f"best {state['best_public']:.4f}@{state['best_epoch']} {time.time() - t_epoch:.0f}s "
          f"total {state['train_seconds'] / 60:.1f}min", flush=True)
    torch.save({"config": config, "arch_kwargs": arch_kwargs, "labels": fer_data.LABELS, "model": model.state_dict(),
                "optimizer": optimizer.state_dict(), "rng": torch.get_rng_state(), "state": state}, ckpt_path + ".tmp")
    os.replace(ckpt_path + ".tmp", ckpt_path)  # atomic: a killed session never leaves a torn checkpoint

# ---------------------------------------------------------------- final evaluation (PrivateTest, once)
assert state["best_model"] is not None, f"no trained checkpoint at {ckpt_path}"
if not final_eval:
    sys.exit(0)
model.load_state_dict(state["best_model"])
model.eval()
results = fer_data.private_test_figures(lambda idx, flip: predict(model, idx, flip_average=flip), labels, private_idx,
                                       duplicate)
results["public_test_accuracy"] = state["best_public"]
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
    "command": state.get("command", command), "export_command": command, "commit": commit,
    "config": state.get("config", config),
    "machine": state.get("machine", MACHINE),
    "recipe": f"SGD nesterov, cosine lr {lr} with {warmup_epochs} warm-up epoch, batch {batch_size}, "
              f"wd {weight_decay}; flips, rotation ±{rotate_deg}°, scale ±{scale_jitter}, shift ±{shift_px}px, "
              f"random erasing p={erase_prob}"
              + (f", camera effects p={photometric} each (contrast/brightness, gamma, blur, noise, low resolution)"
                 if photometric else "")
              + (f", class weights ∝ count^-{class_balance}" if class_balance else "")
              + (f", mixup Beta({mixup}, {mixup})" if mixup else "")
              + f"; targets {1 - ferplus_mix:.1f}×FER2013 label + {ferplus_mix:.1f}×FER+ votes"
              + (f", then {1 - teacher_mix:.2f}× that + {teacher_mix:.2f}× the teacher {os.path.basename(teacher)}"
                 if teacher else ""),
}
if cpu_epoch_seconds:  # trained elsewhere: what the same recipe costs on the 2-core machine
    training_info["cpu_estimate_minutes"] = round(cpu_epoch_seconds * epochs / 60, 1)
    training_info["cpu_estimate"] = f"one epoch timed on the 2-core machine ({cpu_epoch_seconds:.0f} s) × {epochs} epochs"
if "rebuilt_from" in state:  # training/checkpoint_from_export.py: exported again from a shipped folder
    training_info["rebuilt_from"] = state["rebuilt_from"]
if "init" in state:  # fine-tuned: the run it started from is part of the cost
    training_info["init"] = state["init"]
    here = training_info.get("cpu_estimate_minutes", round(state["train_seconds"] / 60, 1))
    training_info["cpu_estimate_minutes"] = round(init_cpu_minutes + here, 1)
    training_info["cpu_estimate"] = (f"{init_cpu_minutes:.0f} min for {state['init']['checkpoint']} (its card) + "
                                     f"{here:.0f} min for this run" + (" (measured here)" if device == "cpu" else ""))
export_tfjs.export(model, out, labels=fer_data.LABELS, parity_images=data["images"][parity_idx], results=results, training=training_info,
                   in_manifest=not max_train)
print(f"exported to {os.path.abspath(out)}", flush=True)
