// The library's declarations as a consumer gets them (`npm run build:lib`, after tsc -p tsconfig.lib.json):
// tsc writes a .d.ts for every module the library's code imports, and package.json's `exports` reaches only
// lib/index.d.ts. Keeps that file and the declarations it reaches (imports and re-exports, followed through),
// deletes the rest, and fails when a kept one names a package: a consumer has none of them (TF.js,
// tasks-vision and mediabunny are bundled, not installed), so such a type would break their compile.
//
//   node scripts/lib-types.mjs [typesDir]     default: dist-lib/types

import { existsSync, readdirSync, readFileSync, rmSync, rmdirSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const root = resolve(process.argv[2] ?? 'dist-lib/types');
const entry = join(root, 'lib', 'index.d.ts');
/** `from '…'` of an import or export, and `import('…')` in a type. */
const SPECIFIER = /(?:\bfrom\s*|\bimport\s*\(\s*)['"]([^'"]+)['"]/g;

/** The declaration file that `specifier`, written in `file`, names. */
function declarationOf(file, specifier) {
  const base = resolve(dirname(file), specifier).replace(/\.(d\.ts|ts|js)$/, '');
  const found = [`${base}.d.ts`, join(base, 'index.d.ts')].find((candidate) => existsSync(candidate));
  if (!found)
    throw new Error(`${relative(root, file)} imports '${specifier}', which has no declaration file`);
  return found;
}

/** Every declaration file reached from `start`, and each package a reached file names. */
function reachedFrom(start) {
  const reached = new Set();
  const packages = [];
  const queue = [start];
  while (queue.length > 0) {
    const file = queue.pop();
    if (reached.has(file)) continue;
    reached.add(file);
    for (const [, specifier] of readFileSync(file, 'utf8').matchAll(SPECIFIER)) {
      if (specifier.startsWith('.')) queue.push(declarationOf(file, specifier));
      else packages.push(`${relative(root, file)} names '${specifier}'`);
    }
  }
  return { reached, packages };
}

function* declarations(dir) {
  for (const item of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, item.name);
    if (item.isDirectory()) yield* declarations(path);
    else if (item.name.endsWith('.d.ts')) yield path;
  }
}

/** Removes the folders under `dir` that the deletions left empty. */
function removeEmpty(dir) {
  for (const item of readdirSync(dir, { withFileTypes: true }))
    if (item.isDirectory()) removeEmpty(join(dir, item.name));
  if (dir !== root && readdirSync(dir).length === 0) rmdirSync(dir);
}

if (!existsSync(entry)) throw new Error(`${entry} is missing: run tsc -p tsconfig.lib.json first`);
const { reached, packages } = reachedFrom(entry);
if (packages.length > 0) {
  console.error(
    `lib-types: the public types reach packages a consumer does not have:\n  ${packages.join('\n  ')}`,
  );
  process.exit(1);
}
const all = [...declarations(root)];
const unreached = all.filter((file) => !reached.has(file));
for (const file of unreached) rmSync(file);
removeEmpty(root);
console.log(
  `lib-types: ${reached.size} declaration files reached from lib/index.d.ts kept, ${unreached.length} others removed`,
);
