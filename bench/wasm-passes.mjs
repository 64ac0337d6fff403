// The workload bench/wasm-work.mjs measures, alone in its own node process so that valgrind or
// `node --cpu-prof` sees nothing else: load one wasm package, then call it PASSES times on every
// input of one directory.
//
//   node bench/wasm-passes.mjs text  PKG PASSES DIR [NAME...]   analyzeText on DIR/*.txt
//   node bench/wasm-passes.mjs annot PKG PASSES DIR [NAME...]   annotateSnapshot on DIR/*.snapshot.json
//
// NAMEs (file names without the suffix) restrict the run to those inputs. PASSES = 0 is the
// start-up alone (node, the glue, compiling the wasm), which wasm-work.mjs subtracts. Prints
// nothing: the outputs are dropped, as the pass is the measurement.
//
// Keep the pass loop as it is: its JIT code is part of the instruction count, and earlier counts
// (BENCHMARKS.md) were taken with exactly this loop.

import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

/** Each mode's input files, by suffix: texts from examples/corpus_text, snapshots from examples/annotate_pages. */
export const SUFFIXES = { text: '.txt', annot: '.snapshot.json' };

/** One call of `mode`'s export of `glue` on one input. */
export const call = (glue, mode, input) => (mode === 'text' ? glue.analyzeText(input) : glue.annotateSnapshot(input));

/** The inputs of `mode` in `dir`, `{ name, text }`, sorted by name; only `names` if given. */
export function readInputs(mode, dir, names = []) {
  const suffix = SUFFIXES[mode];
  const all = readdirSync(dir)
    .sort()
    .filter((file) => file.endsWith(suffix))
    .map((file) => ({ name: file.slice(0, -suffix.length), text: readFileSync(join(dir, file), 'utf8') }));
  if (names.length === 0) return all;
  const chosen = names.map((name) => all.find((input) => input.name === name));
  const missing = names.filter((_, i) => chosen[i] === undefined);
  if (missing.length > 0) throw new Error(`${dir}: no ${mode} input named ${missing.join(', ')}`);
  return chosen;
}

/**
 * Imports the glue of the wasm package in `pkgDir` and instantiates its wasm; returns the glue's
 * exports. The glue keeps its instance in module state, so the query string (`instance`) gives
 * each load its own module: several packages, or one package twice, in one process.
 */
export async function loadPackage(pkgDir, instance = 0) {
  const dir = resolve(pkgDir);
  const glue = await import(`${pathToFileURL(join(dir, 'sourcelight.js')).href}?instance=${instance}`);
  await glue.default({ module_or_path: readFileSync(join(dir, 'sourcelight_bg.wasm')) });
  return glue;
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const [mode, pkgDir, passes, dir, ...names] = process.argv.slice(2);
  if (!(mode in SUFFIXES) || pkgDir === undefined || !(Number(passes) >= 0) || dir === undefined) {
    console.error('usage: node bench/wasm-passes.mjs text|annot PKG PASSES DIR [NAME...]');
    process.exit(2);
  }
  const inputs = readInputs(mode, dir, names).map((input) => input.text);
  const glue = await loadPackage(pkgDir);
  const n = Number(passes);
  // One loop per mode, each calling the export directly (not through `call`), as the counts in
  // BENCHMARKS.md were taken.
  if (mode === 'text') for (let k = 0; k < n; k++) for (const input of inputs) glue.analyzeText(input);
  else for (let k = 0; k < n; k++) for (const input of inputs) glue.annotateSnapshot(input);
}
