// `npm run train -- vgg [--epochs=40 ...]`: runs the PyTorch training with Debian's python3 (where torch lives).
import { spawnSync } from 'node:child_process';

const result = spawnSync('/usr/bin/python3', ['training/train.py', ...process.argv.slice(2)], {
  stdio: 'inherit',
});
process.exit(result.status ?? 1);
