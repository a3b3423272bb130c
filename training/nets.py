"""The three classifier families, built only from blocks that the TF.js exporter knows how to write.

Every network maps [N,1,48,48] normalised grey images to [N,7] logits. Downsampling uses 2x2 max
pooling or a stride-2 conv with explicit (0,1,0,1) zero padding: that is what TF's 'same' padding
does for even sizes, so the exported Keras graph computes exactly what PyTorch trained.
"""
import inspect
import json

import torch
import torch.nn.functional as F
from torch import nn

import fer_data


class ConvBN(nn.Module):
    """3x3 (or 1x1) conv -> batch norm -> optional ReLU. Folded into a single Conv2D on export."""

    def __init__(self, cin, cout, kernel=3, stride=1, relu=True):
        super().__init__()
        self.kernel, self.stride, self.relu = kernel, stride, relu
        # stride 2 pads only bottom/right, like TF 'same' on even inputs; stride 1 pads symmetrically.
        self.pad = nn.ZeroPad2d((0, 1, 0, 1)) if stride == 2 and kernel == 3 else nn.Identity()
        padding = kernel // 2 if stride == 1 else 0
        self.conv = nn.Conv2d(cin, cout, kernel, stride, padding, bias=False)
        self.bn = nn.BatchNorm2d(cout)

    def forward(self, x):
        x = self.bn(self.conv(self.pad(x)))
        return torch.relu(x) if self.relu else x


class MaxPool(nn.MaxPool2d):
    def __init__(self):
        super().__init__(2, 2)


class Residual(nn.Module):
    """ResNet basic block: two 3x3 ConvBN, identity or 1x1-conv shortcut, ReLU after the sum."""

    def __init__(self, cin, cout, stride):
        super().__init__()
        self.conv1 = ConvBN(cin, cout, 3, stride)
        self.conv2 = ConvBN(cout, cout, 3, 1, relu=False)
        self.shortcut = ConvBN(cin, cout, 1, stride, relu=False) if stride != 1 or cin != cout else None

    def forward(self, x):
        skip = x if self.shortcut is None else self.shortcut(x)
        return torch.relu(self.conv2(self.conv1(x)) + skip)


class Head(nn.Module):
    """Global average pooling -> dropout -> linear logits."""

    def __init__(self, cin, classes, dropout):
        super().__init__()
        self.drop = nn.Dropout(dropout)
        self.fc = nn.Linear(cin, classes)

    def forward(self, x):
        return self.fc(self.drop(x.mean(dim=(2, 3))))


def plain_cnn(classes=7, widths=(32, 64, 128, 256, 256), dropout=0.3):
    """One conv-bn-relu-pool block per stage (48->24->12->6->3->1), then the head."""
    layers, cin = [], 1
    for w in widths:
        layers += [ConvBN(cin, w), MaxPool()]
        cin = w
    return nn.Sequential(*layers, Head(cin, classes, dropout))


def vgg(classes=7, widths=(32, 64, 128, 256), convs_per_stage=2, dropout=0.4):
    """VGG-style: stacks of 3x3 convs per stage, 2x2 max pool between stages (48->24->12->6->3)."""
    layers, cin = [], 1
    for w in widths:
        for _ in range(convs_per_stage):
            layers.append(ConvBN(cin, w))
            cin = w
        layers.append(MaxPool())
    return nn.Sequential(*layers, Head(cin, classes, dropout))


def resnet(classes=7, widths=(32, 64, 128, 256), blocks_per_stage=(1, 1, 1, 1), dropout=0.3):
    """ResNet-style: 3x3 stem at 48x48, pool to 24x24, basic blocks with stride-2 stage transitions."""
    layers, cin = [ConvBN(1, widths[0]), MaxPool()], widths[0]
    for stage, (w, n) in enumerate(zip(widths, blocks_per_stage)):
        for b in range(n):
            layers.append(Residual(cin, w, 2 if stage > 0 and b == 0 else 1))
            cin = w
    return nn.Sequential(*layers, Head(cin, classes, dropout))


ARCHITECTURES = {"cnn": plain_cnn, "vgg": vgg, "resnet": resnet}


def resolved_kwargs(arch, arch_args=""):
    """Every keyword argument `arch` is built with: its defaults here, overridden by arch_args (JSON).

    train.py stores this in each checkpoint, so a checkpoint still describes its network after a default
    here changes (a checkpoint made with empty arch_args otherwise meant whatever the defaults were then).
    """
    defaults = {k: p.default for k, p in inspect.signature(ARCHITECTURES[arch]).parameters.items()}
    return json.loads(json.dumps({**defaults, **json.loads(arch_args or "{}")}))


def from_checkpoint(saved):
    """The selected model of a train.py checkpoint (as torch.load returns it), in eval mode."""
    config = saved["config"]
    kwargs = saved.get("arch_kwargs") or resolved_kwargs(config["arch"], config.get("arch_args", ""))
    model = ARCHITECTURES[config["arch"]](**kwargs)
    model.load_state_dict(saved["state"]["best_model"])
    return model.eval()


@torch.no_grad()
def probabilities(model, images_u8, batch, mirror=False, temperature=1.0):
    """Softmax of logits / temperature for uint8 faces [N,48,48] (mirrored first if mirror), [N,7].

    Batch by batch in eval mode (the model's mode is restored): on the 2-core CPU an image costs 2.8x more
    in a batch of 256 than of 64.
    """
    was_training = model.training
    model.eval()
    probs = []
    for start in range(0, len(images_u8), batch):
        x = fer_data.normalise(images_u8[start:start + batch])
        probs.append(F.softmax(model(torch.flip(x, dims=[3]) if mirror else x) / temperature, 1))
    model.train(was_training)
    return torch.cat(probs)


def count_macs(model, size=48):
    """Multiply-accumulates per face, counted with forward hooks on conv and linear layers."""
    total = [0]

    def hook(module, inputs, output):
        if isinstance(module, nn.Conv2d):
            k = module.kernel_size[0] * module.kernel_size[1] * module.in_channels // module.groups
            total[0] += output.numel() * k
        elif isinstance(module, nn.Linear):
            total[0] += module.in_features * module.out_features

    handles = [m.register_forward_hook(hook) for m in model.modules() if isinstance(m, (nn.Conv2d, nn.Linear))]
    was_training = model.training
    model.eval()
    with torch.no_grad():
        model(torch.zeros(1, 1, size, size, device=next(model.parameters()).device))
    model.train(was_training)
    for h in handles:
        h.remove()
    return total[0]
