// What bench/wasm-vs-peers.mjs (node) and bench/browser-peers.mjs (headless Chromium) share, so
// that both measure the same texts by the same rule: the corpus, the warm rule and its timed
// passes, and the printing.

import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { basename, join } from 'node:path';
import { tmpdir } from 'node:os';
import { spawnSync } from 'node:child_process';

/**
 * The corpus directory: `given` (texts from `examples/corpus_text`), or a temp directory that
 * example writes (removed however the run ends: the texts are ~11 MB with the 10 MB synthetic
 * page). `root` is the repository.
 */
export function corpusDir(given, root) {
  if (given) return given;
  const dir = mkdtempSync(join(tmpdir(), 'sourcelight-corpus-'));
  process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
  const run = spawnSync('cargo', ['run', '-q', '--profile', 'native', '--example', 'corpus_text', '--', dir], {
    cwd: root,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  if (run.status !== 0) throw new Error('cargo run --example corpus_text failed');
  return dir;
}

/** The texts of `dir`/`sub`/*.txt, `{ name, text }`, sorted by name. */
export const readTexts = (dir, sub) =>
  readdirSync(join(dir, sub))
    .filter((f) => f.endsWith('.txt'))
    .sort()
    .map((f) => ({ name: basename(f, '.txt'), text: readFileSync(join(dir, sub, f), 'utf8') }));

/** The smoke runs' two small inputs of `pages`: the reference article and the smallest page. */
export function smokePages(pages) {
  const seed = pages.find((p) => p.name === 'seed-article');
  if (!seed) throw new Error('the corpus has no seed-article.txt');
  return [seed, pages.filter((p) => p !== seed).sort((a, b) => a.text.length - b.text.length)[0]];
}

/**
 * Runs `pass` (one pass over the inputs) until it is warm: at least `warmPasses` passes and
 * `warmMs` of them. Returns the first pass's wall-clock ms (compiling included), or null when
 * it ran none.
 *
 * The same rule for every peer. V8 runs wasm first as Liftoff code and moves hot functions to
 * TurboFan in background threads as they run: our corpus pass took 62, 20, 17, 16, 15.6 … 13.4 ms
 * over its first ten passes in node (BENCHMARKS.md, Run 20), compromise's 1880 then about
 * 1450 ms. One warm-up pass, as before Run 20, timed part of our tier-up and none of
 * compromise's.
 *
 * Self-contained: bench/browser-peers.mjs sends its source text into the page.
 */
export function warmUp(pass, { warmPasses = 1, warmMs = 0 } = {}) {
  let first = null;
  const warmStart = performance.now();
  for (let i = 0; i < warmPasses || performance.now() - warmStart < warmMs; i++) {
    const t0 = performance.now();
    pass();
    first ??= performance.now() - t0;
  }
  return first;
}

/**
 * Runs `pass` `runs` times; returns each pass's wall-clock ms (`times`) and, when a `cpuClock`
 * (ms of CPU time so far) is given, each pass's CPU ms (`cpuTimes`). Self-contained, as
 * `warmUp`.
 */
export function timedPasses(pass, runs, cpuClock = null) {
  const times = [];
  const cpuTimes = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const c0 = cpuClock?.();
    pass();
    if (cpuClock) cpuTimes.push(cpuClock() - c0);
    times.push(performance.now() - t0);
  }
  return { times, cpuTimes };
}

/** Warm for the corpus passes (see `warmUp`): a second of passes, and at least two. */
export const WARM = { warmPasses: 2, warmMs: 1000 };

/** The median of `xs` (the upper one of an even count). */
export const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
/** Megabytes (10^6 bytes). */
export const mb = (bytes) => bytes / 1e6;
/** `x` with `digits` decimals, none from 100 up. */
export const fmt = (x, digits = 2) => (x >= 100 ? x.toFixed(0) : x.toFixed(digits));
/** A Markdown table of `rows` under `header`, columns padded. */
export const table = (header, rows) => {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const line = (cells) => '| ' + cells.map((c, i) => String(c).padEnd(widths[i])).join(' | ') + ' |';
  return [line(header), '|' + widths.map((w) => '-'.repeat(w + 2)).join('|') + '|', ...rows.map(line)].join('\n');
};
