"""Our own PyTorch -> TF.js layers-model exporter for the blocks in nets.py, plus spec, card and parity files.

Batch norm is folded into the preceding conv (one Conv2D with bias per ConvBN), ReLU is fused into
the conv where nothing else reads the pre-activation, and weights are stored as float16, which
TF.js dequantises on load. Where float16 everywhere would move a parity logit by more than FLOAT16_TOLERANCE,
the layers whose rounding costs most stay float32, one at a time until it holds (float16_plan).
Layout: PyTorch NCHW/OIHW becomes Keras NHWC/HWIO.

    /usr/bin/python3 training/export_tfjs.py --spec-only public/models/cnn   # rewrite spec.json only
"""
import base64
import copy
import json
import os
import sys

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cards import save_card  # noqa: E402
import fer_data  # noqa: E402
import nets  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
# Measured by scripts/measure-framing.mjs (detector box vs FER2013 image frame); see the README, "How it is built".
FRAMING_PATH = os.path.join(HERE, "crop_framing.json")
MANIFEST_PATH = os.path.join(HERE, "..", "public", "models", "manifest.json")
# ITU-R BT.601 luma, the weights OpenCV and PIL use for RGB -> grey (FER2013 was published grey).
GREY_WEIGHTS = [0.299, 0.587, 0.114]
DISPLAY_NAMES = {"cnn": "CNN", "vgg": "VGG", "resnet": "ResNet"}
# test/parity's bound on |TF.js logit - PyTorch logit| is 1e-2; with_float16_weights predicts TF.js's error to
# ~1e-5 (6.59e-3 both ways for the CNN, 1.06e-2 for the ResNet), so this leaves ample room for TF.js's own float32.
FLOAT16_TOLERANCE = 8e-3


def fold_conv_bn(block):
    """(kernel OIHW, bias) tensors of ConvBN with its batch norm folded in."""
    bn = block.bn
    scale = bn.weight.detach() / torch.sqrt(bn.running_var + bn.eps)
    return block.conv.weight.detach() * scale[:, None, None, None], bn.bias.detach() - bn.running_mean * scale


class KerasGraph:
    """Collects Keras functional-model layers and their weights in order."""

    def __init__(self, input_size, float32_blocks=()):
        self.layers, self.weights, self.counts = [], [], {}
        # blocks (ConvBN or Linear modules) whose weights are stored as float32; the layer names they became
        self.float32_blocks, self.float32_layers = list(float32_blocks), []
        self.last = self._add("InputLayer", {"batch_input_shape": [None, input_size, input_size, 1],
                                             "dtype": "float32", "sparse": False}, [], name="input")

    def _add(self, class_name, config, inputs, name=None):
        if name is None:
            n = self.counts[class_name] = self.counts.get(class_name, 0) + 1
            name = f"{class_name.lower()}_{n}"
        config = {"name": name, "trainable": True, "dtype": "float32", **config}
        inbound = [[[i, 0, 0, {}] for i in inputs]] if inputs else []
        self.layers.append({"class_name": class_name, "config": config, "name": name, "inbound_nodes": inbound})
        return name

    def conv(self, block, source):
        kernel, bias = fold_conv_bn(block)
        kernel, bias = kernel.permute(2, 3, 1, 0).numpy(), bias.numpy()
        name = self._add("Conv2D", {
            "filters": int(kernel.shape[3]), "kernel_size": [block.kernel] * 2, "strides": [block.stride] * 2,
            "padding": "same", "data_format": "channels_last", "dilation_rate": [1, 1],
            "activation": "relu" if block.relu else "linear", "use_bias": True,
            "kernel_initializer": {"class_name": "Zeros", "config": {}},
            "bias_initializer": {"class_name": "Zeros", "config": {}}}, [source])
        self.store(name, block, kernel, bias)
        return name

    def store(self, name, block, kernel, bias):
        dtype = "float32" if any(block is b for b in self.float32_blocks) else "float16"
        if dtype == "float32":
            self.float32_layers.append(name)
        self.weights += [(f"{name}/kernel", kernel, dtype), (f"{name}/bias", bias, dtype)]

    def add_block(self, module, source):
        if isinstance(module, nets.ConvBN):
            return self.conv(module, source)
        if isinstance(module, nets.MaxPool):
            return self._add("MaxPooling2D", {"pool_size": [2, 2], "strides": [2, 2], "padding": "valid",
                                              "data_format": "channels_last"}, [source])
        if isinstance(module, nets.Residual):
            main = self.conv(module.conv2, self.conv(module.conv1, source))
            skip = source if module.shortcut is None else self.conv(module.shortcut, source)
            return self._add("Activation", {"activation": "relu"}, [self._add("Add", {}, [main, skip])])
        if isinstance(module, nets.Head):
            pooled = self._add("GlobalAveragePooling2D", {"data_format": "channels_last"}, [source])
            name = self._add("Dense", {
                "units": module.fc.out_features, "activation": "linear", "use_bias": True,
                "kernel_initializer": {"class_name": "Zeros", "config": {}},
                "bias_initializer": {"class_name": "Zeros", "config": {}}}, [pooled], name="logits")
            self.store(name, module.fc, module.fc.weight.detach().numpy().T, module.fc.bias.detach().numpy())
            return name
        raise TypeError(f"the exporter does not know {type(module).__name__}")

    def weights_blob(self):
        return b"".join(w.astype("<f2" if dtype == "float16" else "<f4").tobytes() for _, w, dtype in self.weights)

    def model_json(self, name, weight_file):
        quantised = {"quantization": {"dtype": "float16", "original_dtype": "float32"}}
        manifest = [{"name": n, "shape": list(w.shape), "dtype": "float32", **(quantised if dtype == "float16" else {})}
                    for n, w, dtype in self.weights]
        return {
            "format": "layers-model", "generatedBy": "training/export_tfjs.py", "convertedBy": None,
            "modelTopology": {"class_name": "Model", "keras_version": "2.11.0", "backend": "tensorflow",
                              "config": {"name": name, "layers": self.layers, "input_layers": [["input", 0, 0]],
                                         "output_layers": [[self.last, 0, 0]]}},
            "weightsManifest": [{"paths": [weight_file], "weights": manifest}],
        }


def write_spec(out, labels, norm_mean, norm_std, input_size=48):
    """spec.json: everything the browser must do exactly as training did. Re-runnable on its own."""
    with open(FRAMING_PATH) as f:
        framing = json.load(f)
    spec = {
        "inputSize": input_size,
        "labels": labels,
        "greyWeights": GREY_WEIGHTS,
        "normalisation": {"scale": 1 / 255, "mean": norm_mean, "std": norm_std,
                          "formula": "(grey * scale - mean) / std"},
        "output": "logits",
        # Per detector range: the two MediaPipe models place their boxes differently on the same face.
        "cropFraming": {"full": framing["cropFraming"], "short": framing["shortRange"]["cropFraming"]},
    }
    with open(os.path.join(out, "spec.json"), "w") as f:
        json.dump(spec, f, indent=2)
        f.write("\n")


def update_manifest(model_id):
    """Adds the model to the app's manifest if it is new. Every other entry is kept as it is, ensembles included
    (entries with "members" and no weights of their own, e.g. "All three"), which stay after the single models."""
    manifest = {"models": []}
    if os.path.exists(MANIFEST_PATH):
        with open(MANIFEST_PATH) as f:
            manifest = json.load(f)
    if model_id not in [m["id"] for m in manifest["models"]]:
        manifest["models"].append({"id": model_id, "name": DISPLAY_NAMES.get(model_id, model_id), "path": model_id})
        order = list(DISPLAY_NAMES)
        manifest["models"].sort(
            key=lambda m: ("members" in m, order.index(m["id"]) if m["id"] in order else len(order))
        )
    with open(MANIFEST_PATH, "w") as f:
        json.dump(manifest, f, indent=2)
        f.write("\n")


def weight_blocks(model):
    """The modules whose weights the export stores, by name: every ConvBN and the Linear of the head."""
    return {name: m for name, m in model.named_modules() if isinstance(m, (nets.ConvBN, torch.nn.Linear))}


def with_float16_weights(model, keep=()):
    """A copy of the model computing what the export computes: batch norm folded, then rounded to float16,
    except in the blocks named in keep (weight_blocks' names), which stay float32."""
    model = copy.deepcopy(model)
    for name, module in weight_blocks(model).items():
        stored = (lambda t: t.clone()) if name in keep else (lambda t: t.half().float())
        cast = lambda t: torch.nn.Parameter(stored(t))  # noqa: E731
        if isinstance(module, nets.ConvBN):
            kernel, bias = fold_conv_bn(module)
            module.conv.weight, module.conv.bias, module.bn = cast(kernel), cast(bias), torch.nn.Identity()
        else:
            module.weight, module.bias = cast(module.weight.detach()), cast(module.bias.detach())
    return model


def float16_plan(model, x, logits):
    """Which blocks stay float32 so that no parity logit moves by more than FLOAT16_TOLERANCE: none where
    float16 everywhere holds; else, one at a time, the block whose float32 lowers the error most.
    Returns (names kept float32, error with float16 everywhere, error as stored)."""
    def error(keep):
        with torch.no_grad():
            return float(np.abs(with_float16_weights(model, keep).eval()(x).numpy() - logits).max())

    names, keep = list(weight_blocks(model)), []
    everywhere = stored = error(keep)
    while stored > FLOAT16_TOLERANCE and len(keep) < len(names):
        stored, best = min((error(keep + [n]), n) for n in names if n not in keep)
        keep.append(best)
    return keep, everywhere, stored


def export(model, out, labels, parity_images, results, training, in_manifest=True):
    os.makedirs(out, exist_ok=True)
    model.eval()
    # Parity fixture: PyTorch logits on real PrivateTest faces, checked against TF.js by test/parity.
    x = fer_data.normalise(torch.from_numpy(parity_images))
    with torch.no_grad():
        logits = model(x).numpy()
    keep, float16_error, stored_error = float16_plan(model, x, logits)
    blocks = weight_blocks(model)
    graph = KerasGraph(48, [blocks[name] for name in keep])
    for module in model:
        graph.last = graph.add_block(module, graph.last)
    dtype = ("float16" if not keep else "float32" if len(keep) == len(blocks)
             else f"float16, float32 in {', '.join(graph.float32_layers)}")
    print(f"float16 weights move the parity logits by up to {float16_error:.2e}; stored as {dtype}: "
          f"{stored_error:.2e}", flush=True)

    weight_file = "weights.bin"
    with open(os.path.join(out, weight_file), "wb") as f:
        f.write(graph.weights_blob())
    with open(os.path.join(out, "model.json"), "w") as f:
        json.dump(graph.model_json(training["arch"], weight_file), f)
    write_spec(out, labels, fer_data.NORM_MEAN, fer_data.NORM_STD)
    with open(os.path.join(out, "parity.json"), "w") as f:
        json.dump({"source": "first PrivateTest rows of fer2013.csv", "shape": list(parity_images.shape),
                   "pixels_base64": base64.b64encode(parity_images.astype(np.uint8).tobytes()).decode(),
                   "logits": np.round(logits, 6).tolist()}, f)

    files_bytes = sum(os.path.getsize(os.path.join(out, n)) for n in ("model.json", weight_file))
    card = {"name": DISPLAY_NAMES.get(training["arch"], training["arch"]), **results,
            "file_bytes": files_bytes, "weights_dtype": dtype, "float16_max_logit_error": float16_error,
            "stored_max_logit_error": stored_error, **training}
    save_card(os.path.join(out, "card.json"), card)
    # Listed only where the app can load it from: a folder of public/models (an export to /tmp is not).
    if in_manifest and os.path.samefile(os.path.dirname(os.path.normpath(out)), os.path.dirname(MANIFEST_PATH)):
        update_manifest(os.path.basename(os.path.normpath(out)))


if __name__ == "__main__":
    assert sys.argv[1:2] == ["--spec-only"], __doc__
    for folder in sys.argv[2:]:
        with open(os.path.join(folder, "spec.json")) as f:
            old = json.load(f)
        write_spec(folder, old["labels"], old["normalisation"]["mean"], old["normalisation"]["std"], old["inputSize"])
        print(f"rewrote {folder}/spec.json")
