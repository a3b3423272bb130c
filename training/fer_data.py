"""FER2013 loading: the whole table as uint8 in memory, FER+ soft votes, and the duplicate map.

Keeping the images as one uint8 array (35,887 x 48 x 48 = 83 MB) and augmenting per batch is what
makes an epoch cheap on two cores; decoding the CSV is the slow part (~7 s) and happens once.
"""
import csv
import gzip
import hashlib
import os

import numpy as np

# FER2013's own label order (column `emotion` 0..6). The exporter writes it into every model's spec.
LABELS = ["angry", "disgust", "fear", "happy", "sad", "surprise", "neutral"]
# ferplus.csv vote columns that correspond to LABELS, in LABELS order; contempt/unknown/NF are dropped.
FERPLUS_COLUMNS = ["anger", "disgust", "fear", "happiness", "sadness", "surprise", "neutral"]


def load_fer2013(data_dir):
    """Returns dict(images uint8 [N,48,48], labels int64 [N], usage array of str [N], ferplus float32 [N,7])."""
    images, labels, usage = [], [], []
    with gzip.open(os.path.join(data_dir, "fer2013.csv.gz"), "rt") as f:
        reader = csv.reader(f)
        header = next(reader)
        assert header == ["emotion", "pixels", "Usage"], header
        for emotion, pixels, split in reader:
            labels.append(int(emotion))
            images.append(np.array(pixels.split(), dtype=np.uint8))
            usage.append(split)
    images = np.stack(images).reshape(-1, 48, 48)
    ferplus = load_ferplus_votes(os.path.join(data_dir, "ferplus.csv"), len(labels))
    return {
        "images": images,
        "labels": np.array(labels, dtype=np.int64),
        "usage": np.array(usage),
        "ferplus": ferplus,
    }


def load_ferplus_votes(path, expected_rows):
    """FER+ vote distributions over LABELS; rows with no usable vote are all zero."""
    votes = np.zeros((expected_rows, len(LABELS)), dtype=np.float32)
    if not os.path.exists(path):
        return votes
    with open(path, newline="") as f:
        reader = csv.DictReader(f)
        for i, row in enumerate(reader):
            votes[i] = [float(row[c] or 0) for c in FERPLUS_COLUMNS]
        assert i + 1 == expected_rows, (i + 1, expected_rows)
    total = votes.sum(axis=1, keepdims=True)
    return np.divide(votes, total, out=np.zeros_like(votes), where=total > 0)


def duplicated_in_training(images, usage):
    """Boolean mask: rows outside Training whose pixels are byte-identical to some Training image."""
    train_hashes = {hashlib.sha1(img.tobytes()).digest() for img in images[usage == "Training"]}
    return np.array(
        [u != "Training" and hashlib.sha1(img.tobytes()).digest() in train_hashes for img, u in zip(images, usage)]
    )
