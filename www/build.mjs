// Assembles the static site into dist/www: the pages in www/, the wasm package, and the
// reference article as the live demo. Everything is local: the site makes no external request.
import { cpSync, mkdirSync, rmSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'dist/www');
if (!existsSync(join(root, 'dist/pkg/sourcelight_bg.wasm'))) {
  console.error('dist/pkg is missing: build the wasm package first (./x build)');
  process.exit(1);
}
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
cpSync(join(root, 'www'), out, {
  recursive: true,
  filter: (src) => !src.endsWith('build.mjs'),
});
cpSync(join(root, 'dist/pkg'), join(out, 'pkg'), { recursive: true });
console.log(`site written to ${out}`);
