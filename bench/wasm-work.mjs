// How much work the wasm does, in node, for one or more builds of it (wasm packages as
// `./x build` writes dist/pkg): instructions counted by valgrind (the exact measure), CPU time
// (a secondary check), whether two builds' outputs are identical, and a CPU profile with names.
//
//   node bench/wasm-work.mjs [PKG...]          all of the below for each package (default
//                                              dist/pkg); --same when given two or more, --count
//                                              when valgrind is installed
//   node bench/wasm-work.mjs --count A B       instructions per pass only (needs valgrind; each
//                                              package and mode ~75 s, one valgrind at a time)
//   node bench/wasm-work.mjs --functions A [B...]
//                                              instructions per pass by JIT function, self only
//                                              (valgrind as --count, names from V8: see
//                                              bench/jit-functions.mjs): A's top functions, and
//                                              by how much each other package moved each; the
//                                              wasm's names need packages built without
//                                              wasm-bindgen's --remove-name-section
//   node bench/wasm-work.mjs --time A B        CPU time only
//   node bench/wasm-work.mjs --same A B        are B's outputs identical to A's on every input?
//                                              (exit status 1 if not)
//   node bench/wasm-work.mjs --profile PKG     `node --cpu-prof` of each mode, top functions (see
//                                              bench/cpu-profile.mjs; names need a package built
//                                              without wasm-bindgen's --remove-name-section)
//   node bench/wasm-work.mjs --smoke           CI check, no valgrind: the reference article and
//                                              the smallest page, 1 pass, dist/pkg against itself
//   options: --modes text,annot (default both)
//            --top N (rows of --functions' tables; default 30)
//            --texts DIR (*.txt; default: `examples/corpus_text` writes them to a temp dir)
//            --snapshots DIR (*.snapshot.json; default: `examples/annotate_pages` writes them)
//
// The two modes: `text` is analyzeText on the 45 article texts (the fixture pages' and the
// reference article's article blocks, 290 KB); `annot` is annotateSnapshot on the same 45 pages'
// DOM snapshots as the content script sends them, the extension's real call (snapshot reader,
// article finder, analysis, paint plan). Each pass calls the export once per input
// (bench/wasm-passes.mjs).
//
// Instructions: valgrind's callgrind counts every instruction node executes, running
// `node --no-liftoff --no-wasm-lazy-compilation --single-threaded bench/wasm-passes.mjs`
// (TurboFan only and the whole wasm compiled at instantiation, so no tier-up or lazy compile
// falls inside a pass; one thread), once with 0 passes and once with 2: (2 − 0) / 2 is the
// count per pass, in millions. "JIT-only" is the instructions of code V8 generated at run time,
// callgrind's object `???`: the wasm, the JS glue and the loop. It repeats within 0.1 M from run
// to run, so a change of 0.5 M is real. "total" adds V8's runtime, builtins and garbage
// collector, which run when the heap says so: it jitters by ±20 M. Compare builds by JIT-only;
// read total too, as a change that moves work into builtins (JSON.parse of a bigger or smaller
// report, string copies across the boundary) shows only there. Native instruction gains mostly
// do not carry over to the wasm (bump arena, opt-level "z"): count them here.
//
// By function: the same two runs, with node's `--perf-basic-prof` (V8 writes the names of the
// code it generates to /tmp/perf-PID.map) and callgrind's `--dump-instr=yes` (every count with
// its instruction's address). Each name's count is (2 − 0) / 2 of its own, so the functions,
// plus what lay at no name (printed; about a thousand instructions a pass), split the JIT-only
// count of those runs. Every run (counted or by function) checks that the cost lines it read add
// up to callgrind's own total, so no part of the file went unread. Self instructions only.
//
// CPU time: all packages in one process, rounds alternating between them, the best pass's CPU
// time (process.cpuUsage); ±20% on a shared 2-core VM, so only a check that the counts did not
// mislead. Nothing is asserted on any number: --smoke only checks that every part runs, that
// a package's outputs compare equal with themselves, and that a callgrind file made up on the
// perf map V8 writes for the smoke's own run is read by function as it should
// (jit-functions.mjs's checkOnPerfMap).

import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { SUFFIXES, call, loadPackage, readInputs } from './wasm-passes.mjs';
import { printShares, summarise } from './cpu-profile.mjs';
import { JIT_OBJECT, checkOnPerfMap, hasRustNames, nameInstructions, perfMap, selfInstructions } from './jit-functions.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const DRIVER = join(root, 'bench/wasm-passes.mjs');
/** The V8 flags of every counted run (see the header). */
const V8_FLAGS = ['--no-liftoff', '--no-wasm-lazy-compilation', '--single-threaded'];
/** Passes of the counted run (the other has none). */
const COUNTED_PASSES = 2;
/** Passes of a profiled run per mode: a few seconds of samples each. */
const PROFILED_PASSES = { text: 40, annot: 20 };
/** The reference article: CPU time per call is also reported for it (BENCHMARKS.md's target). */
const REFERENCE = 'seed-article';

const { values: options, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    count: { type: 'boolean' },
    time: { type: 'boolean' },
    same: { type: 'boolean' },
    profile: { type: 'boolean' },
    functions: { type: 'boolean' },
    top: { type: 'string' },
    smoke: { type: 'boolean' },
    modes: { type: 'string' },
    texts: { type: 'string' },
    snapshots: { type: 'string' },
  },
});
/** Stops with `message` on stderr, exit status 2: the command line asked for what cannot run. */
const usageError = (message) => {
  console.error(`wasm-work: ${message}`);
  process.exit(2);
};
const smoke = options.smoke === true;
const modes = (options.modes ?? 'text,annot').split(',');
for (const mode of modes) if (!(mode in SUFFIXES)) usageError(`--modes: no mode ${mode} (text, annot)`);
const given = positionals.length > 0 ? positionals : [join(root, 'dist/pkg')];
// The smoke run compares the package with a second instance of itself.
const pkgs = smoke ? [given[0], given[0]] : given;
const valgrind = spawnSync('valgrind', ['--version']).status === 0;
const chosen = options.count || options.time || options.same || options.profile || options.functions;
const run = smoke
  ? { count: false, time: true, same: true, profile: true, functions: false }
  : chosen
    ? { count: options.count, time: options.time, same: options.same, profile: options.profile, functions: options.functions }
    : { count: valgrind, time: true, same: pkgs.length > 1, profile: false, functions: false };
if (run.count && !valgrind) usageError('--count needs valgrind (apt-get install valgrind)');
if (run.functions && !valgrind) usageError('--functions needs valgrind (apt-get install valgrind)');
const top = Number(options.top ?? 30);
if (!(top > 0)) usageError(`--top: ${options.top} is not a number of rows`);
if (run.same && pkgs.length < 2) usageError('--same needs two packages or more');

// ---- inputs ---------------------------------------------------------------------------------
const scratch = mkdtempSync(join(tmpdir(), 'sourcelight-wasm-work-'));
process.on('exit', () => rmSync(scratch, { recursive: true, force: true }));
/**
 * The node flags of the --functions runs: V8 writes its generated code's names to
 * /tmp/perf-PID.map, and its log, which --perf-basic-prof turns on, here (not to the working
 * directory).
 */
const PERF_MAP_FLAGS = ['--perf-basic-prof', '--no-logfile-per-isolate', `--logfile=${join(scratch, 'v8.log')}`];

/** Runs one of the crate's examples with `args` (they write the inputs from tests/fixtures). */
function example(name, ...args) {
  const done = spawnSync('cargo', ['run', '-q', '--profile', 'native', '--example', name, '--', ...args], {
    cwd: root,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  if (done.status !== 0) throw new Error(`cargo run --example ${name} failed`);
}

/** The directory of each mode's inputs: given, or written from the fixtures into `scratch`. */
function inputDir(mode) {
  if (mode === 'text') {
    if (options.texts) return options.texts;
    example('corpus_text', join(scratch, 'corpus'));
    return join(scratch, 'corpus/pages');
  }
  if (options.snapshots) return options.snapshots;
  example('annotate_pages', join(scratch, 'annot'));
  return join(scratch, 'annot');
}
const dirs = Object.fromEntries(modes.map((mode) => [mode, inputDir(mode)]));

/** The inputs of a smoke run: the reference article and the smallest other page, by its text. */
function smokeNames() {
  const others = readInputs('text', dirs.text ?? inputDir('text')).filter((input) => input.name !== REFERENCE);
  others.sort((a, b) => a.text.length - b.text.length);
  return [REFERENCE, others[0].name];
}
const names = smoke ? smokeNames() : [];
const inputs = Object.fromEntries(modes.map((mode) => [mode, readInputs(mode, dirs[mode], names)]));

// ---- printing -------------------------------------------------------------------------------
/** A Markdown table of `rows` under `header`, columns padded (as wasm-vs-peers.mjs prints). */
const table = (header, rows) => {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const line = (cells) => '| ' + cells.map((c, i) => String(c).padEnd(widths[i])).join(' | ') + ' |';
  return [line(header), '|' + widths.map((w) => '-'.repeat(w + 2)).join('|') + '|', ...rows.map(line)].join('\n');
};
const kb = (bytes) => `${(bytes / 1024).toFixed(0)} KB`;
const utf8Bytes = (inputs) => inputs.reduce((n, input) => n + Buffer.byteLength(input.text, 'utf8'), 0);
/** `now` against `base` in percent, signed; empty for the first package. */
const versus = (now, base, i) => (i === 0 ? '' : `${now >= base ? '+' : ''}${((100 * (now - base)) / base).toFixed(2)}%`);
const pkgName = (pkg, i) => (smoke && i === 1 ? `${pkg} (again)` : pkg);

console.log(`\nwasm work — ${new Date().toISOString().slice(0, 10)}, node ${process.version}`);
for (const mode of modes) {
  const what = mode === 'text' ? 'analyzeText on' : 'annotateSnapshot on';
  console.log(`${mode}: ${what} ${inputs[mode].length} inputs, ${kb(utf8Bytes(inputs[mode]))} (${dirs[mode]})`);
}

// ---- --same: outputs identical to the first package's ------------------------------------------
/** Loads every package as its own instance (a package given twice is instantiated twice). */
const loadAll = () => Promise.all(pkgs.map((pkg, i) => loadPackage(pkg, i)));
let failed = 0;
if (run.same) {
  const glues = await loadAll();
  const rows = [];
  for (let i = 1; i < pkgs.length; i++) {
    for (const mode of modes) {
      const differing = inputs[mode].filter(
        (input) => JSON.stringify(call(glues[0], mode, input.text)) !== JSON.stringify(call(glues[i], mode, input.text)),
      );
      failed += differing.length;
      const verdict =
        differing.length === 0 ? 'identical' : `${differing.length} DIFFER: ${differing.map((input) => input.name).join(', ')}`;
      rows.push([pkgName(pkgs[i], i), mode, inputs[mode].length, verdict]);
    }
  }
  console.log(`\noutputs against ${pkgs[0]}:\n`);
  console.log(table(['package', 'mode', 'inputs', 'outputs'], rows));
}

// ---- --count: instructions per pass under valgrind ----------------------------------------------
/**
 * The perf map node `pid` wrote (PERF_MAP_FLAGS) for a run of `pkg`, read (jit-functions.mjs's
 * perfMap, file names relative to the repo and the package) and deleted.
 */
function readPerfMap(pid, pkg) {
  const file = `/tmp/perf-${pid}.map`;
  const text = readFileSync(file, 'utf8');
  rmSync(file);
  return perfMap(text, [root, resolve(pkg)]);
}

/**
 * Runs the driver under callgrind for `passes`; returns `{ jit, total }` instructions, and with
 * `named` (the --functions runs) the JIT-only ones by function name (jit-functions.mjs):
 * `byFunction`, `viaJumpTable`, `unattributed`, and `rustNames`, whether the wasm had names.
 */
function callgrind(pkg, mode, passes, named = false) {
  const out = join(scratch, `callgrind-${passes}.out`);
  const done = spawnSync(
    'valgrind',
    [
      '--tool=callgrind',
      `--callgrind-out-file=${out}`,
      ...(named ? ['--dump-instr=yes'] : []),
      process.execPath,
      ...V8_FLAGS,
      ...(named ? PERF_MAP_FLAGS : []),
      DRIVER,
      mode,
      resolve(pkg),
      String(passes),
      dirs[mode],
      ...names,
    ],
    { stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 1 << 26 },
  );
  if (done.status !== 0) throw new Error(`valgrind on ${pkg} ${mode} exited ${done.status}:\n${done.stderr}`);
  const { byObject, jit, total, pid } = selfInstructions(readFileSync(out, 'utf8'));
  rmSync(out);
  // Every cost line read, or a count would silently miss some: the objects' self counts must add
  // up to the total callgrind writes at the end of its file.
  const read = [...byObject.values()].reduce((a, b) => a + b, 0);
  if (read !== total) throw new Error(`${pkg} ${mode}: the cost lines read add up to ${read}, callgrind's total is ${total}`);
  const counts = { jit: byObject.get(JIT_OBJECT) ?? 0, total };
  if (!named) return counts;
  const map = readPerfMap(pid, pkg);
  return { ...counts, ...nameInstructions(jit, map), rustNames: hasRustNames(map) };
}

if (run.count) {
  const rows = [];
  const firsts = {};
  for (const [i, pkg] of pkgs.entries()) {
    for (const mode of modes) {
      const started = Date.now();
      process.stderr.write(`counting ${pkg} ${mode} (valgrind, 2 runs)… `);
      const none = callgrind(pkg, mode, 0);
      const some = callgrind(pkg, mode, COUNTED_PASSES);
      process.stderr.write(`${((Date.now() - started) / 1000).toFixed(0)} s\n`);
      const jit = (some.jit - none.jit) / COUNTED_PASSES / 1e6;
      const total = (some.total - none.total) / COUNTED_PASSES / 1e6;
      firsts[mode] ??= { jit, total };
      const { jit: firstJit, total: firstTotal } = firsts[mode];
      rows.push([pkgName(pkg, i), mode, jit.toFixed(2), versus(jit, firstJit, i), total.toFixed(2), versus(total, firstTotal, i)]);
    }
  }
  console.log('\ninstructions per pass, millions (callgrind; JIT-only repeats within 0.1 M, total jitters ±20 M):\n');
  console.log(table(['package', 'mode', 'JIT-only M', 'JIT-only vs first', 'total M', 'total vs first'], rows));
} else if (!valgrind && !smoke) {
  console.log('\ninstructions: valgrind not installed, not counted (apt-get install valgrind)');
}

// ---- --functions: instructions per pass by JIT function ------------------------------------------
/** Instructions as millions with 3 decimals (thousands of instructions), signed if `signed`. */
const millions = (n, signed = false) => `${signed && n >= 0 ? '+' : ''}${(n / 1e6).toFixed(3)}`;
/** The named runs' `(2 − 0) / 2` of `pick(run)`. */
const perPass = (some, none, pick) => (pick(some) - pick(none)) / COUNTED_PASSES;

/**
 * `pkg`'s JIT-only instructions per pass in `mode`, by function: `{ byFunction, jit,
 * viaJumpTable, unattributed, rustNames }`.
 */
function functionsPerPass(pkg, mode) {
  const started = Date.now();
  process.stderr.write(`counting ${pkg} ${mode} by function (valgrind, 2 runs)… `);
  const none = callgrind(pkg, mode, 0, true);
  const some = callgrind(pkg, mode, COUNTED_PASSES, true);
  process.stderr.write(`${((Date.now() - started) / 1000).toFixed(0)} s\n`);
  const byFunction = new Map();
  for (const name of new Set([...some.byFunction.keys(), ...none.byFunction.keys()])) {
    byFunction.set(name, perPass(some, none, (run) => run.byFunction.get(name) ?? 0));
  }
  const [jit, viaJumpTable, unattributed] = ['jit', 'viaJumpTable', 'unattributed'].map((key) =>
    perPass(some, none, (run) => run[key]),
  );
  return { byFunction, jit, viaJumpTable, unattributed, rustNames: some.rustNames };
}

if (run.functions) {
  for (const mode of modes) {
    const counts = pkgs.map((pkg) => functionsPerPass(pkg, mode));
    const [first, ...others] = counts;
    const of = (count, name) => count.byFunction.get(name) ?? 0;
    const sum = (count) => [...count.byFunction.values()].reduce((a, b) => a + b, 0);
    const header = ['function', `${pkgName(pkgs[0], 0)} M`, '% of JIT-only'];
    pkgs.slice(1).forEach((pkg, i) => header.push(`${pkgName(pkg, i + 1)} M`, 'change M'));
    /** A table row: `value` of each package, the first's share, the others' changes from it. */
    const row = (label, value) => {
      const cells = [label, millions(value(first)), ((100 * value(first)) / first.jit).toFixed(2)];
      for (const count of others) cells.push(millions(value(count)), millions(value(count) - value(first), true));
      return cells;
    };
    const all = [...new Set(counts.flatMap((count) => [...count.byFunction.keys()]))];
    /** The `top` names of the largest `size` above 0, as table rows. */
    const largest = (size) =>
      all
        .filter((name) => size(name) > 0)
        .sort((a, b) => size(b) - size(a))
        .slice(0, top)
        .map((name) => row(name, (count) => of(count, name)));
    const rows = largest((name) => Math.max(...counts.map((count) => Math.abs(of(count, name)))));
    rows.push(
      row(`(all ${all.length} names)`, sum),
      row('(at no name)', (count) => count.unattributed),
      row('(JIT-only of these runs)', (count) => count.jit),
    );
    console.log(`\nJIT-only instructions per pass by function, ${mode}, self only, millions (top ${top}):\n`);
    console.log(table(header, rows));
    for (const [i, count] of counts.entries()) {
      const slots = `${millions(count.viaJumpTable)} M of the functions' counts are jumps in their wasm jump-table slots`;
      console.log(`${pkgName(pkgs[i], i)}: ${slots}`);
      if (!count.rustNames) {
        console.log(
          `${pkgName(pkgs[i], i)}: NO RUST NAMES, its wasm functions show as wasm-function[INDEX]: ` +
            "build it without wasm-bindgen's --remove-name-section",
        );
      }
    }
    if (others.length > 0) {
      const change = (name) => Math.max(...others.map((count) => Math.abs(of(count, name) - of(first, name))));
      const changed = largest(change);
      const changes = `${all.filter((name) => change(name) > 0).length} names changed`;
      const moved = `${millions(all.reduce((n, name) => n + change(name), 0))} M moved in all`;
      console.log(`\nlargest changes from ${pkgName(pkgs[0], 0)}, ${mode}: ${changes}, ${moved}\n`);
      if (changed.length > 0) console.log(table(header, changed));
    }
  }
}

// ---- --time: CPU time, all packages in one process -------------------------------------------------
/** Milliseconds of CPU time this process has used (user + system). */
const cpuMs = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};
/** CPU milliseconds per call of `calls` runs of `work` (one call). */
const cpuPerCall = (work, calls) => {
  const start = cpuMs();
  for (let k = 0; k < calls; k++) work();
  return (cpuMs() - start) / calls;
};

if (run.time) {
  const glues = await loadAll();
  const rounds = smoke ? 1 : 6;
  const passes = smoke ? 1 : 5;
  const referenceCalls = smoke ? 1 : 200;
  const best = pkgs.map(() => ({}));
  const keep = (record, key, ms) => (record[key] = Math.min(record[key] ?? Infinity, ms));
  const reference = inputs.text?.find((input) => input.name === REFERENCE);
  for (let round = 0; round < rounds; round++) {
    glues.forEach((glue, i) => {
      for (const mode of modes) {
        keep(best[i], mode, cpuPerCall(() => inputs[mode].forEach((input) => call(glue, mode, input.text)), passes));
      }
      if (reference) keep(best[i], 'reference', cpuPerCall(() => glue.analyzeText(reference.text), referenceCalls));
    });
  }
  const header = ['package'];
  for (const mode of modes) header.push(`${mode} ms/pass`, `${mode} MB/s`, `${mode} vs first`);
  if (reference) header.push('reference article ms');
  const rows = pkgs.map((pkg, i) => {
    const row = [pkgName(pkg, i)];
    for (const mode of modes) {
      const ms = best[i][mode];
      row.push(ms.toFixed(1), (utf8Bytes(inputs[mode]) / 1e6 / (ms / 1000)).toFixed(2), versus(ms, best[0][mode], i));
    }
    if (reference) row.push(best[i].reference.toFixed(3));
    return row;
  });
  const how = `best of ${rounds} rounds of ${passes} passes`;
  console.log(`\nCPU time, ${how} (±20% on a shared machine; a check, not the measure):\n`);
  console.log(table(header, rows));
}

// ---- --profile: where the time goes, with names --------------------------------------------------
if (run.profile) {
  const pkg = pkgs[0];
  const profiles = smoke ? join(scratch, 'profiles') : mkdtempSync(join(tmpdir(), 'sourcelight-profile-'));
  for (const mode of modes) {
    const passes = smoke ? 1 : PROFILED_PASSES[mode];
    const dir = join(profiles, mode);
    const done = spawnSync(
      process.execPath,
      ['--cpu-prof', `--cpu-prof-dir=${dir}`, DRIVER, mode, resolve(pkg), String(passes), dirs[mode], ...names],
      { stdio: ['ignore', 'inherit', 'inherit'] },
    );
    if (done.status !== 0) throw new Error(`node --cpu-prof on ${pkg} ${mode} exited ${done.status}`);
    const file = join(dir, readdirSync(dir)[0]);
    const { self, inclusive } = summarise(JSON.parse(readFileSync(file, 'utf8')), smoke ? 5 : 40);
    console.log(`\nCPU profile of ${pkg}, ${mode}, ${passes} passes${smoke ? '' : `: ${file}`}`);
    if (!inclusive.some(([name]) => name.includes('::'))) {
      console.log('(no Rust names: build the package without --remove-name-section to see them)');
    }
    printShares('SELF', self);
    printShares('INCLUSIVE', inclusive);
  }
  if (!smoke) console.log(`\ncallers and callees of a function: node bench/cpu-profile.mjs FILE --callers NAME`);
}

if (smoke) {
  // The driver as the --functions runs start it, without valgrind: the flags and the passes
  // work, and the perf map V8 writes names the wasm as jit-functions.mjs reads it.
  const wasmFunctions = [];
  for (const mode of modes) {
    const done = spawnSync(
      process.execPath,
      [...V8_FLAGS, ...PERF_MAP_FLAGS, DRIVER, mode, resolve(pkgs[0]), '1', dirs[mode], ...names],
      { stdio: ['ignore', 'inherit', 'inherit'] },
    );
    if (done.status !== 0) throw new Error(`${basename(DRIVER)} ${mode} exited ${done.status}`);
    wasmFunctions.push(checkOnPerfMap(readPerfMap(done.pid, pkgs[0])));
  }
  console.log(
    `\nwasm-work smoke: ${modes.join(' and ')} on ${names.join(', ')}; same, time, profile and the driver ran; ` +
      `callgrind files read by function on V8's perf maps (${wasmFunctions.join(' and ')} wasm functions)`,
  );
}
if (failed > 0) {
  console.log(`\n${failed} outputs differ`);
  process.exit(1);
}
