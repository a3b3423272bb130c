#!/bin/sh
# CI smoke test of the whole training pipeline: a few steps per architecture on a few hundred images,
# export to TF.js, then the parity test on those exports. Needs Debian's python3-torch and the dataset.
set -eu
cd "$(dirname "$0")/.."
out=$(mktemp -d)
dirs=""
for arch in cnn vgg resnet; do
  /usr/bin/python3 training/train.py "$arch" --epochs=1 --max_train=256 --max_eval=128 --batch_size=32 \
    --checkpoint_dir="$out/ckpt" --out="$out/$arch"
  dirs="$dirs${dirs:+,}$out/$arch"
done
PARITY_MODEL_DIRS="$dirs" npx vitest run test/parity.test.ts
rm -rf "$out"
