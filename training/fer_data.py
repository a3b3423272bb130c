"""FER2013 loading: the whole table as uint8 in memory, FER+ soft votes, and the duplicate map.

Keeping the images as one uint8 array (35,887 x 48 x 48 = 83 MB) and augmenting per batch is what
makes an epoch cheap on two cores; decoding the CSV is the slow part (~7 s) and happens once.
"""
import bz2
import csv
import gzip
import hashlib
import os

import numpy as np

# FER2013's own label order (column `emotion` 0..6). The exporter writes it into every model's spec.
LABELS = ["angry", "disgust", "fear", "happy", "sad", "surprise", "neutral"]
# ferplus.csv vote columns that correspond to LABELS, in LABELS order; contempt/unknown/NF are dropped.
FERPLUS_COLUMNS = ["anger", "disgust", "fear", "happiness", "sadness", "surprise", "neutral"]
# The models' input: grey 0..1 mapped to -1..1. The app reproduces it from the spec the exporter writes.
NORM_MEAN, NORM_STD = 0.5, 0.5


def default_dir():
    """Where FER2013 is read from: $FER2013_DIR, else ../shared/datasets/fer2013 beside the repository."""
    here = os.path.dirname(os.path.abspath(__file__))
    return os.environ.get("FER2013_DIR") or os.path.join(here, "..", "..", "shared", "datasets", "fer2013")


def normalise(batch_u8):
    """uint8 [N,48,48] -> float [N,1,48,48], as the models take it."""
    return (batch_u8.float().unsqueeze(1) / 255.0 - NORM_MEAN) / NORM_STD


def load_fer2013(data_dir):
    """Returns dict(images uint8 [N,48,48], labels int64 [N], usage array of str [N], ferplus float32 [N,7]).

    A folder holding `fer2013.npz` (written by `pack`, or with plain `images`) is read instead of the CSV.
    """
    packed = os.path.join(data_dir, "fer2013.npz")
    if os.path.exists(packed):
        with np.load(packed) as z:
            images = z["images"] if "images" in z else unpack_images(z["residual_bz2"])
            return {"images": images, **{k: z[k] for k in ("labels", "usage", "ferplus")}}
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


def training_rows(usage, max_train=0, seed=1337):
    """Row numbers of Training; with max_train > 0, that many drawn at random (the smoke test's subset)."""
    rows = np.flatnonzero(usage == "Training")
    return np.random.RandomState(seed).permutation(rows)[:max_train] if max_train else rows


def pack(data_dir, path, splits=("Training", "PublicTest")):
    """Writes the rows of `splits` as `path`, a .npz that load_fer2013 reads back losslessly.

    For training on a machine the data must be sent to in under 64 MiB: plain compression leaves the
    images at ~94% of their 83 MB, so each pixel is stored as its residual from JPEG-LS's prediction,
    then bzip2-compressed (54 MiB for Training and PublicTest, labels included). PrivateTest stays here: it is read once,
    on this machine, when the model is exported.
    """
    data = load_fer2013(data_dir)
    keep = np.isin(data["usage"], splits)
    np.savez(path, residual_bz2=pack_images(data["images"][keep]),
             **{k: data[k][keep] for k in ("labels", "usage", "ferplus")})


def pack_images(images):
    """uint8 [N,48,48] -> bzip2 of each pixel's residual from its prediction, as a uint8 array."""
    images = images.astype(np.int16)
    padded = np.zeros((len(images), 49, 49), np.int16)
    padded[:, 1:, 1:] = images
    residual = (images - _med_prediction(padded[:, 1:, :-1], padded[:, :-1, 1:], padded[:, :-1, :-1])) % 256
    return np.frombuffer(bz2.compress(residual.astype(np.uint8).tobytes(), 9), np.uint8)


def _med_prediction(left, up, up_left):
    """JPEG-LS's median edge detector: a pixel predicted from its left, upper and upper-left neighbours."""
    low, high = np.minimum(left, up), np.maximum(left, up)
    return np.where(up_left >= high, low, np.where(up_left <= low, high, left + up - up_left))


def unpack_images(residual_bz2):
    """Inverse of pack: rebuilds the images pixel by pixel in raster order, all images at once."""
    residual = np.frombuffer(bz2.decompress(residual_bz2.tobytes()), np.uint8).reshape(-1, 48, 48)
    padded = np.zeros((len(residual), 49, 49), np.int16)
    for y in range(48):
        for x in range(48):
            prediction = _med_prediction(padded[:, y + 1, x], padded[:, y, x + 1], padded[:, y, x])
            padded[:, y + 1, x + 1] = (prediction + residual[:, y, x]) % 256
    return padded[:, 1:, 1:].astype(np.uint8)


def load_ferplus_counts(path, expected_rows):
    """FER+'s raw vote counts per row: LABELS' columns in LABELS order, then contempt, unknown and not-a-face.
    All zero where ferplus.csv is missing."""
    columns = FERPLUS_COLUMNS + ["contempt", "unknown", "NF"]
    if not os.path.exists(path):
        return np.zeros((expected_rows, len(columns)), dtype=np.float32)
    with open(path, newline="") as f:
        counts = np.array([[float(row[c] or 0) for c in columns] for row in csv.DictReader(f)], dtype=np.float32)
    assert len(counts) == expected_rows, (len(counts), expected_rows)
    return counts


def load_ferplus_votes(path, expected_rows):
    """FER+ vote distributions over LABELS; rows with no usable vote are all zero."""
    votes = load_ferplus_counts(path, expected_rows)[:, :len(LABELS)]
    total = votes.sum(axis=1, keepdims=True)
    return np.divide(votes, total, out=np.zeros_like(votes), where=total > 0)


def load_ferplus_majority(path, expected_rows):
    """FER+'s majority label of each row as an index into LABELS, or -1 where there is none: FER+'s "majority"
    scheme keeps a face whose most-voted category leads alone and is one of LABELS (not contempt, unknown or
    not-a-face). Ten annotators a face against FER2013's one: the cleaner yardstick of the two."""
    counts = load_ferplus_counts(path, expected_rows)
    top = counts.max(axis=1, keepdims=True)
    alone = (top[:, 0] > 0) & ((counts == top).sum(axis=1) == 1)
    leader = counts.argmax(axis=1)
    return np.where(alone & (leader < len(LABELS)), leader, -1)


def duplicated_in_training(images, usage):
    """Boolean mask: rows outside Training whose pixels are byte-identical to some Training image."""
    train_hashes = {hashlib.sha1(img.tobytes()).digest() for img in images[usage == "Training"]}
    return np.array(
        [u != "Training" and hashlib.sha1(img.tobytes()).digest() in train_hashes for img, u in zip(images, usage)]
    )


def private_test_figures(predict, labels, private_idx, duplicate):
    """The PrivateTest figures every card carries, for one model or an ensemble alike.

    predict(idx, flip_average) gives softmax probabilities [len(idx), 7] (a torch tensor) for rows idx; labels is
    the label tensor of all rows; duplicate the mask from duplicated_in_training. Accuracy on plain faces, on
    faces averaged with their mirror image, and without the PrivateTest faces that also appear in Training.
    """
    truth = labels[private_idx]
    probs = predict(private_idx, False)
    pred = probs.argmax(1)
    unique = ~duplicate[private_idx]
    confusion = np.zeros((len(LABELS), len(LABELS)), dtype=int)
    for t, p in zip(truth.tolist(), pred.tolist()):
        confusion[t, p] += 1

    def accuracy(predicted, rows):
        return float((predicted[rows] == truth[rows]).float().mean())

    everything, unique_rows = np.arange(len(private_idx)), np.flatnonzero(unique)
    return {
        "private_test_accuracy": accuracy(pred, everything),
        "private_test_accuracy_flip_average": accuracy(predict(private_idx, True).argmax(1), everything),
        "private_test_accuracy_dedup": accuracy(pred, unique_rows),
        "private_test_dedup_images": int(unique.sum()),
        "per_class_recall": {lab: float(confusion[i, i] / max(1, confusion[i].sum())) for i, lab in enumerate(LABELS)},
        "confusion_matrix": {"rows": "true label", "columns": "predicted label", "labels": LABELS,
                             "counts": confusion.tolist()},
    }
