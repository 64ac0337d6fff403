// The core in wasm against its in-browser peers, compromise and wink-nlp, in one node process.
//
//   node bench/wasm-vs-peers.mjs            full run: tables on stdout
//   node bench/wasm-vs-peers.mjs --smoke    CI check: 2 small inputs, 1 pass, no timing claims
//   options: --pkg DIR (default dist/pkg)   --corpus DIR (texts from `examples/corpus_text`;
//            default: written to a temp dir by `cargo run --example corpus_text`)
//            --cli PATH (default target/native/sourcelight)   --save-baseline (bench/baseline.json)
//
// Measures (see BENCHMARKS.md): analyzeText MB/s over the fixture corpus and the reference
// article's time per call; the same texts through compromise (`people()` + `quotations()`) and
// through wink-nlp with its browser model (`readDoc` + `entities()`: it has no person or
// quotation finder, so this is the least it does before it could attribute anything) and the
// time ratios; each peer's download size, gzip; peak memory; time against text size on synthetic
// pages (10 KB .. 10 MB); the native CLI on the 44 fixture pages (pages/s).
import { readFileSync, readdirSync, writeFileSync, existsSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { cpus } from 'node:os';
import { gzipSync } from 'node:zlib';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { WARM, corpusDir, fmt, mb, median, readTexts, smokePages, table, timedPasses, warmUp } from './peers.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : fallback;
};
const smoke = args.includes('--smoke');
const pkgDir = option('--pkg', join(root, 'dist/pkg'));
const cliPath = option('--cli', join(root, 'target/native/sourcelight'));
const baselinePath = join(root, 'bench/baseline.json');

// ---- inputs -------------------------------------------------------------------------------
const dir = corpusDir(option('--corpus'), root);
let pages = readTexts(dir, 'pages');
let synthetic = readTexts(dir, 'synthetic').sort((a, b) => a.text.length - b.text.length);
if (smoke) {
  pages = smokePages(pages);
  synthetic = synthetic.slice(0, 1);
}
const utf8Bytes = (s) => Buffer.byteLength(s, 'utf8');
const corpusBytes = pages.reduce((n, p) => n + utf8Bytes(p.text), 0);

// ---- the peers ----------------------------------------------------------------------------
const glue = await import(join(pkgDir, 'sourcelight.js'));
const wasm = glue.initSync({ module: readFileSync(join(pkgDir, 'sourcelight_bg.wasm')) });
const nlp = (await import('compromise')).default;
const wink = (await import('wink-nlp')).default((await import('wink-eng-lite-web-model')).default);

const sourcelight = (text) => glue.analyzeText(text);
const compromise = (text) => {
  const doc = nlp(text);
  return { people: doc.people().out('array'), quotations: doc.quotations().out('array') };
};
const winkNlp = (text) => ({ entities: wink.readDoc(text).entities().out(wink.its.detail) });

/** Bytes of `files` concatenated, gzip level 9 (as scripts/wasm-size.mjs measures the wasm). */
const gzipBytes = (files) => gzipSync(Buffer.concat(files.map((f) => readFileSync(f))), { level: 9 }).length;
/** Every file under `dir` whose name ends in one of `suffixes`, sorted. */
const filesUnder = (dir, suffixes) =>
  readdirSync(dir, { recursive: true })
    .filter((f) => suffixes.some((s) => f.endsWith(s)))
    .sort()
    .map((f) => join(dir, f));
/** A peer package's directory (installed by `npm ci --prefix bench`). */
const packageDir = (name) => join(root, 'bench/node_modules', name);
/**
 * What each peer's user downloads, gzip: the wasm and its glue; compromise's browser build;
 * wink-nlp's sources and its browser model (it has no build of its own; a bundler would ship
 * about these bytes).
 */
const downloadSizes = () => ({
  sourcelight: gzipBytes([join(pkgDir, 'sourcelight_bg.wasm'), join(pkgDir, 'sourcelight.js')]),
  compromise: gzipBytes([join(packageDir('compromise'), 'builds/compromise.js')]),
  winkNlp: gzipBytes([
    ...filesUnder(join(packageDir('wink-nlp'), 'src'), ['.js', '.json']),
    ...filesUnder(join(packageDir('wink-eng-lite-web-model'), 'dist'), ['.js', '.json']),
  ]),
});

// ---- timing helpers -----------------------------------------------------------------------
/** Milliseconds of CPU time this process has used (user + system). */
const cpuMs = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};
/**
 * Runs `pass` (one pass over the inputs) until it is `warm` (see `warmUp` in peers.mjs), then
 * `runs` more times. Returns the timed passes' wall-clock ms (median, min), their least CPU time
 * (`cpuMin`: on a machine shared with other builds, wall-clock time includes waiting for a core,
 * CPU time much less so) and the first pass's wall-clock ms (`first`: compiling included).
 */
function timePasses(pass, runs, warm) {
  const first = warmUp(pass, warm);
  const { times, cpuTimes } = timedPasses(pass, runs, cpuMs);
  return { median: median(times), min: Math.min(...times), cpuMin: Math.min(...cpuTimes), runs, first: first ?? times[0] };
}
const mem = () => ({ rss: process.memoryUsage().rss, maxRSS: process.resourceUsage().maxRSS * 1024 });

// ---- smoke: shape checks only ---------------------------------------------------------------
if (smoke) {
  let checked = 0;
  for (const p of [...pages, ...synthetic]) {
    const report = sourcelight(p.text);
    for (const key of ['quotes', 'speakers', 'officials', 'image_credits']) {
      if (!Array.isArray(report[key])) throw new Error(`${p.name}: report.${key} is not an array`);
    }
    const peer = compromise(p.text);
    if (!Array.isArray(peer.people) || !Array.isArray(peer.quotations)) throw new Error(`${p.name}: compromise output`);
    if (!Array.isArray(winkNlp(p.text).entities)) throw new Error(`${p.name}: wink-nlp output`);
    checked++;
  }
  const sizes = downloadSizes();
  if (!(Object.values(sizes).every((bytes) => bytes > 0))) throw new Error('a peer has no files to measure');
  console.log(`wasm-vs-peers smoke: ${checked} inputs through analyzeText, compromise and wink-nlp; sizes measured`);
  console.log(`${checked} passed, 0 failed`);
  process.exit(0);
}

// ---- 1. throughput on the fixture corpus, both peers, same texts, same process -------------
const start = mem();
const passOf = (fn) => () => {
  for (const p of pages) fn(p.text);
};
const ours = timePasses(passOf(sourcelight), 10, WARM);
const afterOurs = mem();
const wasmMemory = wasm.memory.buffer.byteLength;
const theirs = timePasses(passOf(compromise), 3, WARM);
const afterTheirs = mem();
const winks = timePasses(passOf(winkNlp), 3, WARM);
const afterWink = mem();

const seed = pages.find((p) => p.name === 'seed-article');
const seedOurs = timePasses(() => sourcelight(seed.text), 200, { warmPasses: 20 });
const seedTheirs = timePasses(() => compromise(seed.text), 10, { warmPasses: 2 });
const seedWink = timePasses(() => winkNlp(seed.text), 10, { warmPasses: 2 });

/** One peer's corpus timings (wall-clock median and best CPU time) and its reference-article time. */
function corpusSummary(corpus, seed) {
  return {
    ms: corpus.median,
    firstMs: corpus.first,
    mbps: mb(corpusBytes) / (corpus.median / 1000),
    cpuMs: corpus.cpuMin,
    cpuMbps: mb(corpusBytes) / (corpus.cpuMin / 1000),
    seedMs: seed.median,
  };
}

const results = {
  date: new Date().toISOString().slice(0, 10),
  machine: `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, node ${process.version}`,
  corpus: { pages: pages.length, bytes: corpusBytes },
  sourcelight: corpusSummary(ours, seedOurs),
  compromise: corpusSummary(theirs, seedTheirs),
  winkNlp: corpusSummary(winks, seedWink),
  gzipBytes: downloadSizes(),
  memory: {
    startRss: start.rss,
    maxRssAfterSourcelight: afterOurs.maxRSS,
    maxRssAfterCompromise: afterTheirs.maxRSS,
    maxRssAfterWink: afterWink.maxRSS,
    wasmMemory,
  },
};
results.ratio = theirs.median / ours.median;
results.cpuRatio = theirs.cpuMin / ours.cpuMin;
results.firstRatio = theirs.first / ours.first;
results.winkRatio = winks.median / ours.median;
results.winkCpuRatio = winks.cpuMin / ours.cpuMin;

// ---- 2. time against text size (synthetic pages) ---------------------------------------------
results.curve = synthetic.map((s) => {
  const bytes = utf8Bytes(s.text);
  // Big pages: one run is long enough to time, and a warm-up would double the wait.
  const t = bytes > 2e6 ? timePasses(() => sourcelight(s.text), 1, { warmPasses: 0 }) : timePasses(() => sourcelight(s.text), bytes > 2e5 ? 3 : 20);
  return { bytes, ms: t.median, mbps: mb(bytes) / (t.median / 1000) };
});
results.memory.maxRssAfterCurve = mem().maxRSS;
results.memory.wasmMemoryAfterCurve = wasm.memory.buffer.byteLength;

// ---- 3. the native CLI over the fixture pages (uses every core) ------------------------------
const htmlPages = readdirSync(join(root, 'tests/fixtures/pages'))
  .map((d) => join(root, 'tests/fixtures/pages', d, 'source.html'))
  .filter(existsSync);
if (existsSync(cliPath)) {
  const once = () => {
    const t0 = performance.now();
    const run = spawnSync(cliPath, ['analyze', '--format', 'json', ...htmlPages], { maxBuffer: 1 << 28 });
    if (run.status !== 0) throw new Error(`sourcelight analyze exited ${run.status}: ${run.stderr}`);
    return performance.now() - t0;
  };
  once();
  const times = [once(), once(), once(), once(), once()];
  results.cli = { pages: htmlPages.length, ms: median(times), pagesPerSecond: htmlPages.length / (median(times) / 1000) };
}

// ---- print ------------------------------------------------------------------------------------
const baseline = existsSync(baselinePath) ? JSON.parse(readFileSync(baselinePath, 'utf8')) : null;
const vs = (now, then, higherIsBetter) =>
  then ? `${fmt(now)} (${higherIsBetter ? fmt(now / then) : fmt(then / now)}× baseline)` : fmt(now);
const kb = (b) => (b / 1024).toFixed(0) + ' KB';
const kb1 = (b) => (b / 1024).toFixed(1) + ' KB';
const mib = (b) => (b / 1048576).toFixed(1) + ' MiB';

console.log(`\nwasm vs peers — ${results.date}, ${results.machine}`);
console.log(`corpus: ${pages.length} articles, ${kb(corpusBytes)} of text; baseline: ${baseline ? baseline.date : 'none'}\n`);
console.log(
  table(
    ['peer', 'corpus ms (warm, median)', 'MB/s', 'MB/s by CPU time (best pass)', 'first corpus pass ms', 'reference article ms'],
    [
      ['sourcelight (wasm)', vs(ours.median, baseline?.sourcelight.ms, false), vs(results.sourcelight.mbps, baseline?.sourcelight.mbps, true), fmt(results.sourcelight.cpuMbps), fmt(ours.first), vs(seedOurs.median, baseline?.sourcelight.seedMs, false)],
      ['compromise', fmt(theirs.median), fmt(results.compromise.mbps), fmt(results.compromise.cpuMbps), fmt(theirs.first), fmt(seedTheirs.median)],
      ['ratio (compromise / sourcelight)', fmt(results.ratio) + '×', '', fmt(results.cpuRatio) + '×', fmt(results.firstRatio) + '×', fmt(seedTheirs.median / seedOurs.median) + '×'],
      ['wink-nlp (readDoc + entities)', fmt(winks.median), fmt(results.winkNlp.mbps), fmt(results.winkNlp.cpuMbps), fmt(winks.first), fmt(seedWink.median)],
      ['ratio (wink-nlp / sourcelight)', fmt(results.winkRatio) + '×', '', fmt(results.winkCpuRatio) + '×', fmt(winks.first / ours.first) + '×', fmt(seedWink.median / seedOurs.median) + '×'],
    ],
  ),
);
console.log('\ndownload size, gzip (level 9):\n');
console.log(
  table(
    ['peer', 'gzip', '÷ sourcelight'],
    [
      ['sourcelight (wasm + glue)', kb1(results.gzipBytes.sourcelight), '1×'],
      ['compromise (builds/compromise.js)', kb1(results.gzipBytes.compromise), fmt(results.gzipBytes.compromise / results.gzipBytes.sourcelight) + '×'],
      ['wink-nlp (sources + web model)', kb1(results.gzipBytes.winkNlp), fmt(results.gzipBytes.winkNlp / results.gzipBytes.sourcelight) + '×'],
    ],
  ),
);
console.log(`\ntargets: ≥ 20 MB/s (${results.sourcelight.mbps >= 20 ? 'met' : 'NOT met'}), reference article < 0.3 ms (${seedOurs.median < 0.3 ? 'met' : 'NOT met'}), ≥ 100× compromise (${results.ratio >= 100 ? 'met' : 'NOT met'})\n`);
console.log(
  table(
    ['memory', 'value'],
    [
      ['RSS at start', mib(results.memory.startRss)],
      ['peak RSS after sourcelight', mib(results.memory.maxRssAfterSourcelight)],
      ['wasm linear memory after corpus', mib(results.memory.wasmMemory)],
      ['peak RSS after compromise', mib(results.memory.maxRssAfterCompromise)],
      ['peak RSS after wink-nlp', mib(results.memory.maxRssAfterWink)],
      ['peak RSS after 10 MB synthetic', mib(results.memory.maxRssAfterCurve)],
      ['wasm linear memory after 10 MB synthetic', mib(results.memory.wasmMemoryAfterCurve)],
    ],
  ),
);
console.log('\ntime against text size (synthetic pages of fixture paragraphs, wasm):\n');
const first = results.curve[0];
console.log(
  table(
    ['text', 'ms', 'MB/s', 'ms per KB ÷ 10 KB case'],
    results.curve.map((c) => [kb(c.bytes), fmt(c.ms), fmt(c.mbps), fmt(c.ms / c.bytes / (first.ms / first.bytes))]),
  ),
);
if (results.cli) {
  console.log(`\nCLI: sourcelight analyze on ${results.cli.pages} fixture pages, ${cpus().length} cores:`);
  console.log(table(['pages', 'ms (median of 5)', 'pages/s'], [[results.cli.pages, fmt(results.cli.ms), vs(results.cli.pagesPerSecond, baseline?.cli?.pagesPerSecond, true)]]));
} else {
  console.log(`\nCLI: ${cliPath} not built, skipped`);
}
if (args.includes('--save-baseline')) {
  writeFileSync(baselinePath, JSON.stringify(results, null, 2) + '\n');
  console.log(`\nbaseline saved to ${baselinePath}`);
}
