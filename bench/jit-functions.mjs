// Callgrind's instruction counts by object, its JIT-only counts (object `???`) by function
// name, and the calls between named JIT functions: bench/wasm-work.mjs reads every counted run
// with this.
//
// Valgrind knows no names for the code V8 generates at run time: callgrind files it under the
// object `???`, in "functions" named by the address where a call entered them (`fn=0x...`).
// V8 writes the names when node runs with `--perf-basic-prof`: /tmp/perf-PID.map, one line per
// code object, `START SIZE NAME` in hex (PID is the `pid:` line of the callgrind file). With
// callgrind's `--dump-instr=yes` every cost line carries its instruction's address, and a
// function's self (exclusive) instructions are those at addresses in its range. The call's
// target alone would not do: wasm functions call each other through V8's wasm jump table, which
// the map does not list, so most wasm "functions" would be named by a jump-table slot. Callgrind's
// calls are not a call graph either (they start at those slots too), so only self instructions
// are given, never inclusive.
//
// Calls are counted by name all the same: a call's cost line carries the address of the call
// instruction, which names the caller; its target is callgrind's function (the slot), named by
// where the instructions it ran lay, as for its self instructions (nameCalls).
//
// Names as read here: a wasm function is its Rust path without the `::h0123456789abcdef` hash,
// crate disambiguators and V8's `-INDEX-turbofan` (`wasm-function[INDEX]` in a package built
// with wasm-bindgen's --remove-name-section, and for node's own wasm); JS code keeps V8's `JS:`
// and tier mark (`~` bytecode, `^` Sparkplug, `+` Maglev, `*` TurboFan) with its file and
// line:column, the file relative to the repo or to its package's directory. Functions of one
// name are summed (closures of one function, builds whose hashes differ), so that builds compare.

import { strict as assert } from 'node:assert';
import { pathToFileURL } from 'node:url';

/** Callgrind's name of the object of code with no file: V8's generated code. */
export const JIT_OBJECT = '???';

/** A wasm function as V8's perf map names it: `JS:` NAME [`::h` HASH] `-` INDEX `-` TIER. */
const WASM_NAME = /^JS:(.*?)(?:::h[0-9a-f]{16})?-\d+-(?:turbofan|liftoff)$/;

/**
 * Self instructions of a callgrind output file (`text`): by object name; outside object `???`, by
 * function name (`runtime`: V8's and libc's own functions, the work the wasm makes them do); for
 * object `???`, by
 * function and instruction address (`jit`: function -> address -> instructions, filled only when
 * the file has addresses, `--dump-instr=yes`); the file's total; the pid of the run; and, with
 * addresses, the calls from `???` code to `???` functions (`jitCalls`: `{ at, callee, count }`,
 * the call instruction's address, the callee's callgrind function, how many calls). Names may
 * be compressed: `fn=(3) name` defines id 3 (also in `cfn=`), a later `fn=(3)` refers to it;
 * objects likewise with `ob=` and `cob=`. A position `+N`, `-N` or `*` is relative to the last
 * cost line's (callgrind's dump.c: a call's lines do not move it). A call's cost line (after
 * `calls=`) is the callee's inclusive cost, counted to no object; a `cob=` before `calls=` names
 * the callee's object for that call only.
 */
export function selfInstructions(text) {
  const names = { ob: new Map(), fn: new Map() };
  const resolveName = (kind, spec) => {
    const compressed = /^\((\d+)\)(?: (.*))?$/.exec(spec);
    if (!compressed) return spec;
    if (compressed[2] !== undefined) names[kind].set(compressed[1], compressed[2]);
    return names[kind].get(compressed[1]);
  };
  const byObject = new Map();
  const runtime = new Map();
  const jit = new Map();
  const jitCalls = [];
  let positions = 1;
  let instrAt = -1;
  let object = '';
  let fn = '';
  let address = 0;
  let total = 0;
  let pid = 0;
  /** The call whose cost line comes next (after `calls=`): `{ object, callee, count }`. */
  let call = null;
  let calleeObject = null;
  let calleeFn = '';
  /** The address a cost line's instruction position `at` stands for. */
  const addressOf = (at) => (at === '*' ? address : at[0] === '+' || at[0] === '-' ? address + Number(at) : Number(at));
  for (const line of text.split('\n')) {
    const first = line[0];
    if ((first >= '0' && first <= '9') || first === '+' || first === '-' || first === '*') {
      // A cost line: the positions, then the Ir count (the only event collected).
      const fields = line.split(' ');
      if (call) {
        // A call's cost line: not the caller's own cost, and its address does not move the
        // position (see above).
        if (instrAt >= 0 && object === JIT_OBJECT && call.object === JIT_OBJECT) {
          jitCalls.push({ at: addressOf(fields[instrAt]), callee: call.callee, count: call.count });
        }
        call = null;
        continue;
      }
      const ir = Number(fields[positions] ?? 0);
      byObject.set(object, (byObject.get(object) ?? 0) + ir);
      if (object !== JIT_OBJECT) runtime.set(fn, (runtime.get(fn) ?? 0) + ir);
      if (instrAt < 0) continue;
      address = addressOf(fields[instrAt]);
      if (object !== JIT_OBJECT) continue;
      if (!jit.has(fn)) jit.set(fn, new Map());
      const costs = jit.get(fn);
      costs.set(address, (costs.get(address) ?? 0) + ir);
    } else if (line.startsWith('ob=')) object = resolveName('ob', line.slice(3));
    else if (line.startsWith('cob=')) calleeObject = resolveName('ob', line.slice(4));
    else if (line.startsWith('fn=')) fn = resolveName('fn', line.slice(3));
    else if (line.startsWith('cfn=')) calleeFn = resolveName('fn', line.slice(4));
    else if (line.startsWith('calls=')) {
      // The callee's object is the caller's unless a `cob=` line named it for this call.
      call = { object: calleeObject ?? object, callee: calleeFn, count: Number(line.slice(6).split(' ')[0]) };
      calleeObject = null;
    } else if (line.startsWith('positions:')) {
      const subpositions = line.slice(10).trim().split(/\s+/);
      positions = subpositions.length;
      instrAt = subpositions.indexOf('instr');
    } else if (line.startsWith('totals:') || line.startsWith('summary:')) total = Number(line.split(' ')[1]);
    else if (line.startsWith('pid:')) pid = Number(line.slice(4));
  }
  return { byObject, jit, total, pid, jitCalls, runtime };
}

/**
 * The readable name of a perf map entry's `raw` name: wasm functions without hash, index and tier;
 * `file://` URLs of `dirs` (directories, absolute) cut to the path below them, and the glue's
 * `?instance=N` query dropped.
 */
function functionName(raw, dirs) {
  const wasm = WASM_NAME.exec(raw);
  // Rust's crate disambiguators (`core[c5930c85a12de822]::`) appear in some names only.
  if (wasm) return wasm[1].replace(/\[[0-9a-f]{16}\]/g, '');
  let name = raw.replace(/\?instance=\d+/g, '');
  for (const dir of dirs) name = name.replaceAll(`${pathToFileURL(dir).href}/`, '');
  return name;
}

/**
 * A perf map (`text`): `nameAt(address)`, the readable name (functionName) of the code object at
 * an address, `A or B` where entries of different names cover it (code freed and its space
 * reused within the run), undefined where none does; and `wasm`, its wasm functions
 * `{ start, end, name }` in the map's order.
 */
export function perfMap(text, dirs) {
  const entries = [];
  const wasm = [];
  for (const line of text.split('\n')) {
    const fields = /^([0-9a-f]+) ([0-9a-f]+) (.*)$/.exec(line);
    if (!fields) continue;
    const start = parseInt(fields[1], 16);
    const entry = { start, end: start + parseInt(fields[2], 16), name: functionName(fields[3], dirs) };
    entries.push(entry);
    if (WASM_NAME.test(fields[3])) wasm.push(entry);
  }
  entries.sort((a, b) => a.start - b.start);
  // The largest end among entries 0..=i: walking back from the last start at or below an
  // address, no earlier entry reaches it once this is at or below it.
  const reach = [];
  for (const [i, entry] of entries.entries()) reach.push(Math.max(entry.end, reach[i - 1] ?? 0));
  const nameAt = (address) => {
    let low = 0;
    let high = entries.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (entries[middle].start <= address) low = middle + 1;
      else high = middle;
    }
    const covering = new Set();
    for (let i = low - 1; i >= 0 && reach[i] > address; i--) {
      if (entries[i].end > address) covering.add(entries[i].name);
    }
    return covering.size === 0 ? undefined : [...covering].sort().join(' or ');
  };
  return { nameAt, wasm };
}

/**
 * JIT-only self instructions by function name (`byFunction`), from `jit` (selfInstructions) and
 * a perf map's lookup. V8 does not list its wasm jump table, through which wasm functions call
 * each other: a slot's one jump runs in the callee's callgrind function (the call's target), so
 * instructions at no name count to the one function the rest of their callgrind function ran in
 * (`viaJumpTable`); the others are `unattributed`.
 */
export function nameInstructions(jit, { nameAt }) {
  const byFunction = new Map();
  const add = (name, ir) => byFunction.set(name, (byFunction.get(name) ?? 0) + ir);
  let viaJumpTable = 0;
  let unattributed = 0;
  for (const costs of jit.values()) {
    const named = new Set();
    let unnamed = 0;
    for (const [address, ir] of costs) {
      const name = nameAt(address);
      if (name === undefined) unnamed += ir;
      else {
        named.add(name);
        add(name, ir);
      }
    }
    if (named.size === 1) {
      add([...named][0], unnamed);
      viaJumpTable += unnamed;
    } else unattributed += unnamed;
  }
  return { byFunction, viaJumpTable, unattributed };
}

/**
 * Calls between named JIT functions, `caller → callee` -> how many, from `jitCalls` and `jit`
 * (selfInstructions) and a perf map's lookup: the caller is the name at the call instruction,
 * the callee the name under which most of its callgrind function's instructions ran (its
 * jump-table slot has no name; `(at no name)` for either when there is none).
 */
export function nameCalls(jit, jitCalls, { nameAt }) {
  /** Callgrind function -> the name of most of its instructions. */
  const names = new Map();
  const nameOf = (fn) => {
    if (!names.has(fn)) {
      const byName = new Map();
      for (const [address, ir] of jit.get(fn) ?? []) {
        const name = nameAt(address);
        if (name !== undefined) byName.set(name, (byName.get(name) ?? 0) + ir);
      }
      const [most] = [...byName].sort((a, b) => b[1] - a[1]);
      names.set(fn, most?.[0] ?? NO_NAME);
    }
    return names.get(fn);
  };
  const edges = new Map();
  for (const { at, callee, count } of jitCalls) {
    const edge = `${nameAt(at) ?? NO_NAME} → ${nameOf(callee)}`;
    edges.set(edge, (edges.get(edge) ?? 0) + count);
  }
  return edges;
}

/** What nameCalls calls a function at no name of the perf map. */
const NO_NAME = '(at no name)';

/**
 * Whether a perf map (perfMap) names wasm functions by their Rust paths: the package kept its
 * name section. Without it they are `wasm-function[INDEX]`, beside V8's `wasm-to-js:SIGNATURE`
 * import wrappers and node's own wasm, if any ran, which has no names either.
 */
export const hasRustNames = ({ wasm }) => wasm.some(({ name }) => name.includes('::'));

/**
 * The smoke run's check of this module, on a perf map V8 wrote for a run of the wasm (perfMap):
 * the map names wasm functions, and a callgrind file written here comes out as the self
 * instructions it says: instructions in two wasm functions, relative addresses across a call's
 * lines, a call's inclusive cost and another object's code left out, names defined in `cfn=` and
 * `cob=` lines, a jump-table slot's jump counted to the function it ran into, code at no name;
 * and the calls between JIT functions by name, a call into another object left out.
 */
export function checkOnPerfMap(map) {
  // Two wasm functions of different names, each alone at its first and last byte.
  const alone = map.wasm.filter(
    ({ start, end, name }) => end - start > 8 && map.nameAt(start) === name && map.nameAt(end - 1) === name,
  );
  const a = alone[0];
  const b = alone.find(({ name }) => name !== a?.name);
  assert(b !== undefined, `perf map: ${map.wasm.length} wasm functions, not two apart (no wasm logged?)`);
  const nowhere = Math.max(...map.wasm.map(({ end }) => end)) + 0x100000;
  assert.equal(map.nameAt(nowhere), undefined);
  const hex = (address) => `0x${address.toString(16)}`;
  const sample = [
    '# callgrind format',
    'version: 1',
    'pid: 4242',
    'positions: instr line',
    'events: Ir',
    'summary: 31337',
    '',
    'ob=(1) /usr/bin/node',
    'fl=(1) ???',
    'fn=(1) Builtins_Anything',
    '0x1000 0 30000',
    'cob=(2) ???',
    `cfn=(2) ${hex(a.start)}`,
    `calls=1 ${hex(a.start)} 0`,
    '+2 0 1000',
    '',
    'ob=(2)',
    'fl=(1)',
    'fn=(2)',
    `${hex(a.start)} 0 100`,
    '+1 0 20',
    // Calls from a: into function 3 (mostly b's code), into node's code, into itself.
    `cfn=(3) ${hex(nowhere)}`,
    `calls=5 ${hex(nowhere)} 0`,
    '+1 0 400',
    'cob=(1)',
    'cfn=(1)',
    'calls=3 0x1000 0',
    '+2 0 30000',
    'cfn=(2)',
    `calls=2 ${hex(a.start)} 0`,
    '+3 0 500',
    // Relative to the last cost line's address (a.start + 1), not the call's.
    `+${a.end - a.start - 2} 0 7`,
    `fn=(3) ${hex(nowhere)}`,
    `${hex(nowhere)} 0 200`,
    `${hex(b.start)} 0 200`,
    '+1 0 200',
    `fn=(4) ${hex(nowhere + 5)}`,
    `${hex(nowhere + 5)} 0 3`,
    `fn=(5) ${hex(nowhere + 10)}`,
    `${hex(nowhere + 10)} 0 10`,
    `${hex(a.start)} 0 1`,
    `${hex(b.start)} 0 1`,
    'fn=(2)',
    `${hex(a.start)} 0 1000`,
    '',
    'totals: 31342',
  ].join('\n');
  const { byObject, jit, total, pid, jitCalls } = selfInstructions(sample);
  assert.deepEqual(byObject, new Map([['/usr/bin/node', 30000], [JIT_OBJECT, 1742]]));
  assert.deepEqual(
    jit.get(hex(a.start)),
    new Map([
      [a.start, 1100],
      [a.start + 1, 20],
      [a.end - 1, 7],
    ]),
  );
  assert.equal(total, 31342);
  assert.equal(pid, 4242);
  const { byFunction, viaJumpTable, unattributed } = nameInstructions(jit, map);
  assert.deepEqual(byFunction, new Map([[a.name, 1128], [b.name, 601]]));
  assert.equal(viaJumpTable, 200);
  assert.equal(unattributed, 13);
  assert.deepEqual(
    jitCalls.map(({ at, count }) => [at, count]),
    [
      [a.start + 2, 5],
      [a.start + 4, 2],
    ],
  );
  assert.deepEqual(
    nameCalls(jit, jitCalls, map),
    new Map([
      [`${a.name} → ${b.name}`, 5],
      [`${a.name} → ${a.name}`, 2],
    ]),
  );
  checkNames();
  return map.wasm.length;
}

/** Part of checkOnPerfMap: names as the header says, and code whose space was reused. */
function checkNames() {
  const rust = 'core[c5930c85a12de822]::str::<impl str>::find::h0123456789abcdef';
  const { nameAt, wasm } = perfMap(
    [
      `1000 100 JS:${rust}-7-turbofan`,
      '1100 10 JS:wasm-function[8]-8-turbofan',
      '1200 10 JS:wasm-to-js:iii:i-2-turbofan',
      '2000 40 JS:*analyzeText file:///tmp/p%20kg/sourcelight.js?instance=1:12:3',
      '2020 40 JS:^readInputs file:///repo/bench/wasm-passes.mjs:26:27',
    ].join('\n'),
    ['/repo', '/tmp/p kg'],
  );
  assert.deepEqual(
    [0x1000, 0x10ff, 0x1100, 0x1200, 0x2000, 0x2030, 0x2050, 0x2060].map(nameAt),
    [
      'core::str::<impl str>::find',
      'core::str::<impl str>::find',
      'wasm-function[8]',
      'wasm-to-js:iii:i',
      'JS:*analyzeText sourcelight.js:12:3',
      'JS:*analyzeText sourcelight.js:12:3 or JS:^readInputs bench/wasm-passes.mjs:26:27',
      'JS:^readInputs bench/wasm-passes.mjs:26:27',
      undefined,
    ],
  );
  assert.equal(wasm.length, 3);
  assert(hasRustNames({ wasm }) && !hasRustNames({ wasm: wasm.slice(1) }));
}
