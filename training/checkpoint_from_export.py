"""A train.py checkpoint rebuilt from a shipped model folder (model.json, weights.bin, card.json).

Checkpoints are not committed (training/checkpoints/ is ignored) and leave with the machine; the shipped
folder holds the weights the app runs and the card holds the run's record. From the two this writes a
checkpoint that train.py can export again (`--export_only=1`, e.g. after an exporter change) and
teacher.py can read. Each ConvBN gets the folded kernel and bias with a batch norm that is exactly the
identity when folded again (scale w / sqrt(v + eps) with w = sqrt(v + eps)), so a model stored as float32
comes back bit for bit; one stored as float16 comes back as the app runs it.

    /usr/bin/python3 training/checkpoint_from_export.py public/models/resnet training/checkpoints/resnet.pt
    /usr/bin/python3 training/checkpoint_from_export.py public/models/cnn /tmp/cnn-init.pt --calibrate

With --calibrate the checkpoint is for fine-tuning (train.py --init): each batch norm gets the mean and
variance its conv's output has on Training faces, and a scale and shift that undo them, so the network
computes the same function in eval mode and nearly the same in train mode (batch statistics). With the
identity batch norm alone, train mode would renormalise every layer and the first steps would wreck it.
"""
import base64
import json
import os
import sys

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import export_tfjs  # noqa: E402
import fer_data  # noqa: E402
import nets  # noqa: E402


def read_weights(folder):
    """The weights of a model.json as float32 arrays by name (float16-quantised entries widened)."""
    with open(os.path.join(folder, "model.json")) as f:
        manifest = json.load(f)["weightsManifest"]
    weights = {}
    for group in manifest:
        raw = b"".join(open(os.path.join(folder, path), "rb").read() for path in group["paths"])
        offset = 0
        for entry in group["weights"]:
            stored = entry.get("quantization", {}).get("dtype", entry["dtype"])
            dtype = {"float16": "<f2", "float32": "<f4"}[stored]
            count = int(np.prod(entry["shape"]))
            weights[entry["name"]] = np.frombuffer(raw, dtype, count, offset).astype(np.float32).reshape(entry["shape"])
            offset += count * np.dtype(dtype).itemsize
        assert offset == len(raw), f"{folder}: weights.bin holds {len(raw)} bytes, the manifest {offset}"
    return weights


def rebuild(folder):
    """The network of a shipped folder with its weights, and its card."""
    with open(os.path.join(folder, "card.json")) as f:
        card = json.load(f)
    kwargs = nets.resolved_kwargs(card["arch"], card["config"].get("arch_args", ""))
    model = nets.ARCHITECTURES[card["arch"]](**kwargs)
    weights = read_weights(folder)
    # The exporter names layers in the order it meets the blocks: conv2d_1, conv2d_2, ... then logits.
    convs = [m for m in export_tfjs.weight_blocks(model).values() if isinstance(m, nets.ConvBN)]
    assert len(convs) == sum(name.endswith("/kernel") for name in weights) - 1, "not this architecture"
    with torch.no_grad():
        for i, block in enumerate(convs, 1):
            block.conv.weight.copy_(torch.from_numpy(weights[f"conv2d_{i}/kernel"]).permute(3, 2, 0, 1))
            bn = block.bn
            bn.running_mean.zero_()
            bn.running_var.fill_(1 - bn.eps)
            bn.weight.copy_(torch.sqrt(bn.running_var + bn.eps))
            bn.bias.copy_(torch.from_numpy(weights[f"conv2d_{i}/bias"]))
        head = model[-1]
        head.fc.weight.copy_(torch.from_numpy(weights["logits/kernel"].T))
        head.fc.bias.copy_(torch.from_numpy(weights["logits/bias"]))
    return model.eval(), card, kwargs


def parity_error(model, folder):
    """Largest |logit - PyTorch logit at export| on the folder's parity faces."""
    with open(os.path.join(folder, "parity.json")) as f:
        parity = json.load(f)
    pixels = np.frombuffer(base64.b64decode(parity["pixels_base64"]), np.uint8).reshape(parity["shape"])
    with torch.no_grad():
        logits = model(fer_data.normalise(torch.from_numpy(pixels.copy()))).numpy()
    return float(np.abs(logits - np.array(parity["logits"])).max())


@torch.no_grad()
def calibrate_batch_norm(model, faces_u8):
    """Give every batch norm its conv's output statistics on faces_u8 while keeping the function."""
    stats, hooks = {}, []
    for block in (m for m in model.modules() if isinstance(m, nets.ConvBN)):
        def hook(module, inputs, output, block=block):
            stats[block] = (output.mean(dim=(0, 2, 3)), output.var(dim=(0, 2, 3)))
        hooks.append(block.conv.register_forward_hook(hook))
    # One pass per block in order: a block's statistics are those of its inputs as the earlier, already
    # calibrated blocks produce them (in eval mode they are unchanged, so one pass gives them all).
    model.eval()
    model(fer_data.normalise(faces_u8))
    for h in hooks:
        h.remove()
    for block, (mean, var) in stats.items():
        bn = block.bn
        # eval: (x - mean) / sqrt(var + eps) * sqrt(var + eps) + bias + mean = x + bias, as before
        bn.bias.add_(mean - bn.running_mean)
        bn.running_mean.copy_(mean)
        bn.running_var.copy_(var)
        bn.weight.copy_(torch.sqrt(var + bn.eps))
    return model


def main(folder, path, calibrate=False):
    model, card, kwargs = rebuild(folder)
    if calibrate:
        data_dir = fer_data.default_dir()
        data = fer_data.load_fer2013(data_dir)
        rows = fer_data.training_rows(data["usage"], 2048)
        calibrate_batch_norm(model, torch.from_numpy(data["images"][rows]))
        print(f"batch norm calibrated on {len(rows)} Training faces", flush=True)
    error = parity_error(model, folder)
    print(f"{folder}: {card['arch']} {kwargs}, parity logits within {error:.1e} of the original run's", flush=True)
    history = card["history"]
    state = {"epoch": card["epochs_done"], "best_public": card["public_test_accuracy"],
             "best_epoch": card["best_epoch"], "best_model": {k: v.clone() for k, v in model.state_dict().items()},
             "history": history, "train_seconds": card["train_wall_minutes"] * 60, "machine": card["machine"],
             "command": card["command"], "config": card["config"], "rebuilt_from": os.path.normpath(folder)}
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    torch.save({"config": card["config"], "arch_kwargs": kwargs, "labels": fer_data.LABELS,
                "model": model.state_dict(), "rng": torch.get_rng_state(), "state": state}, path)
    print(f"wrote {path}", flush=True)


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if a != "--calibrate"]
    assert len(args) == 2, __doc__
    main(args[0], args[1], calibrate="--calibrate" in sys.argv[1:])
