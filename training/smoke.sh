#!/bin/sh
# CI smoke test of the whole training pipeline: a few steps per architecture on a few hundred images,
# export to TF.js, then the parity test on those exports. Needs Debian's python3-torch and the dataset
# (FER2013_DIR, default ../shared/datasets/fer2013 next to the repository).
set -eu
cd "$(dirname "$0")/.."
data="${FER2013_DIR:-../shared/datasets/fer2013}"
if [ ! -f "$data/fer2013.csv.gz" ]; then
  # A developer without the data may skip; CI (CI=1) must fail, or it would pass without testing training.
  [ -n "${CI:-}" ] && { echo "training smoke test FAILED: no FER2013 at $data (set FER2013_DIR)" >&2; exit 1; }
  echo "training smoke test SKIPPED: no FER2013 at $data (set FER2013_DIR)" >&2
  exit 0
fi
# The packed form a GPU machine is sent (training/sweep.py) must give back every pixel: real faces, noise, edges.
/usr/bin/python3 -c '
import sys; sys.path.insert(0, "training"); import numpy as np, fer_data
faces = fer_data.load_fer2013(sys.argv[1])["images"][:200]
rng = np.random.RandomState(0)
images = np.concatenate([faces, rng.randint(0, 256, (20, 48, 48)).astype(np.uint8), np.full((2, 48, 48), 255, np.uint8)])
assert np.array_equal(fer_data.unpack_images(fer_data.pack_images(images)), images), "pack/unpack lost pixels"
print("fer_data pack/unpack: lossless on", len(images), "images")' "$data"
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
dirs=""
for arch in cnn vgg resnet; do
  FER2013_DIR="$data" /usr/bin/python3 training/train.py "$arch" --epochs=1 --max_train=256 --max_eval=128 \
    --batch_size=32 --threads=2 --checkpoint_dir="$out/ckpt" --out="$out/$arch"
  dirs="$dirs${dirs:+,}$out/$arch"
done
# Distillation: a teacher's soft targets from the smoke CNN, and a student fine-tuned from it with them (and mixup).
FER2013_DIR="$data" /usr/bin/python3 training/teacher.py "$out/teacher.npz" "$out/cnn/smoke-ckpt.pt" \
  --max_train=256 --max_eval=128
FER2013_DIR="$data" /usr/bin/python3 training/train.py cnn --epochs=1 --max_train=256 --max_eval=128 \
  --batch_size=32 --threads=2 --init="$out/cnn/smoke-ckpt.pt" --teacher="$out/teacher.npz" --teacher_mix=0.5 --mixup=0.2 \
  --out="$out/cnn-distilled"
dirs="$dirs,$out/cnn-distilled"
# A checkpoint rebuilt from an exported folder (training/checkpoint_from_export.py) exports again.
/usr/bin/python3 training/checkpoint_from_export.py "$out/resnet" "$out/resnet-rebuilt/smoke-ckpt.pt"
FER2013_DIR="$data" /usr/bin/python3 training/train.py resnet --export_only=1 --max_train=256 --max_eval=128 \
  --batch_size=32 --threads=2 --out="$out/resnet-rebuilt"
dirs="$dirs,$out/resnet-rebuilt"
# FER2013-C on 64 faces: the corruptions are deterministic, the same in a slice, and graded (--self_test);
# a folder, a checkpoint and their ensemble are evaluated, and the record lands on the folder's card; the
# corrupted faces are written for the browser benchmark (--dump, bench/fer2013c.mjs).
FER2013_DIR="$data" /usr/bin/python3 training/fer2013c.py "$out/cnn" "$out/vgg/smoke-ckpt.pt" \
  --ensemble="$out/cnn,$out/vgg/smoke-ckpt.pt" --max_images=64 --self_test=1 --write_card=1 \
  --json="$out/fer2013c.json" --examples="$out/fer2013c.png" --dump="$out/fer2013c.bin"
FER2013_DIR="$data" /usr/bin/python3 -c '
import json, sys
import numpy as np
sys.path.insert(0, "training")
import fer_data
meta, faces = json.load(open(sys.argv[1] + ".json")), np.fromfile(sys.argv[1], np.uint8)
data = fer_data.load_fer2013(fer_data.default_dir())
private = np.flatnonzero(data["usage"] == "PrivateTest")[:64]
assert meta["images"] == 64 and len(meta["conditions"]) == 40 and meta["conditions"][0] == ["clean", 0], meta
faces = faces.reshape(40, 64, 48, 48)
assert np.array_equal(faces[0], data["images"][private]) and meta["labels"] == data["labels"][private].tolist()
assert all((faces[i] != faces[0]).any() for i in range(1, 40)), "a corrupted condition equals the clean faces"
print("fer2013c: the dumped faces are PrivateTest clean, then 39 corrupted conditions")' "$out/fer2013c.bin"
/usr/bin/python3 -c '
import json, sys
report, card = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
assert list(report["models"]) == ["cnn", "smoke-ckpt", "cnn+smoke-ckpt"], list(report["models"])
assert all(len(m["corruptions"]) == 13 for m in report["models"].values())
record = card["fer2013_c"]
assert record["images"] == 64 and abs(record["mean"] - report["models"]["cnn"]["mean"]) < 1e-4, record
assert card["arch"] == "cnn" and "history" in card, "the card lost its other keys"
majority = card["ferplus_majority"]
assert 0 < majority["images"] <= 64 and 0 <= majority["private_test_accuracy"] <= 1, majority
print("fer2013c: figures and card record written for", ", ".join(report["models"]))' "$out/fer2013c.json" "$out/cnn/card.json"
# The shipped ensemble's card figures, on a slice, into a scratch card (the shipped one is not touched).
FER2013_DIR="$data" /usr/bin/python3 training/ensemble_card.py all --max_eval=128 --out="$out/all-card.json"
/usr/bin/python3 -c '
import json, sys
card = json.load(open(sys.argv[1]))
assert 0.3 < card["private_test_accuracy"] <= 1 and card["private_test_dedup_images"] <= 128, card
print("ensemble card: PrivateTest slice", card["private_test_accuracy"])' "$out/all-card.json"
# What a change moved, on the card: the FER2013-C CNN above against the smoke VGG's card.
/usr/bin/python3 training/card_changes.py "$out/cnn" --previous="$out/vgg/card.json" --change="smoke: cnn vs vgg"
/usr/bin/python3 -c '
import json, sys
card, vgg = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
[record] = card["changes"]
moved = record["figures"]["fer2013 PrivateTest"]
assert moved["before"] == round(vgg["private_test_accuracy"], 4) and moved["after"] == round(card["private_test_accuracy"], 4), moved
assert "fer2013-c mean" not in record["figures"], "a figure only one card has was compared"
print("card_changes:", len(record["figures"]), "figures compared")' "$out/cnn/card.json" "$out/vgg/card.json"
PARITY_MODEL_DIRS="$dirs" npx vitest run test/parity.test.ts
