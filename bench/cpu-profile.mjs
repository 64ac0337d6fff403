// Where a CPU profile's time went, by function name. `node --cpu-prof` writes the profile
// (bench/wasm-work.mjs --profile does, for the wasm); this reads it.
//
//   node bench/cpu-profile.mjs FILE.cpuprofile [--top N]     the N functions (40) with the most
//                                                            self time, then inclusive time
//   node bench/cpu-profile.mjs FILE.cpuprofile --callers NAME [--depth D]
//                                                            every function whose name contains
//                                                            NAME: its callers (chains of D, 4)
//                                                            and its callees, inclusive time
//
// Percent of the sampled time (a sampling profiler: a few percent is noise, read it for where
// the time goes, and count instructions with wasm-work.mjs for by how much a change moves it).
// Inclusive time counts a function once per sample however often it recurses. Wasm functions
// have names only in a package built without wasm-bindgen's --remove-name-section; their
// `::h0123456789abcdef` hashes are dropped.

import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';

/** A profile node's function name, without the Rust symbol hash. */
const nameOf = (node) => (node.callFrame.functionName || '(anonymous)').replace(/::h[0-9a-f]{16}$/, '');

/**
 * The profile's nodes by id, each node's parent id, the sampled time of each node (its self
 * time, microseconds) and the total.
 */
function indexProfile(profile) {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const self = new Map();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const dt = profile.timeDeltas[i] ?? 0;
    self.set(id, (self.get(id) ?? 0) + dt);
    total += dt;
  });
  return { byId, parent, self, total };
}

/** `[name, share]` of the `top` largest entries of `times` (name -> time), share in percent of `total`. */
const largest = (times, total, top) =>
  [...times]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([name, time]) => [name, (100 * time) / total]);

/** Self and inclusive time by function name: `{ self, inclusive }`, each `[name, percent][]`. */
export function summarise(profile, top = 40) {
  const { byId, parent, self, total } = indexProfile(profile);
  const selfByName = new Map();
  const inclusiveByName = new Map();
  for (const [id, time] of self) {
    const name = nameOf(byId.get(id));
    selfByName.set(name, (selfByName.get(name) ?? 0) + time);
    // Walk up the stack, counting each name once (recursion would count it again).
    const seen = new Set();
    for (let at = id; at !== undefined; at = parent.get(at)) {
      const outer = nameOf(byId.get(at));
      if (seen.has(outer)) continue;
      seen.add(outer);
      inclusiveByName.set(outer, (inclusiveByName.get(outer) ?? 0) + time);
    }
  }
  return { self: largest(selfByName, total, top), inclusive: largest(inclusiveByName, total, top) };
}

/**
 * For every node whose function name contains `pattern`: its inclusive time by caller chain
 * (`depth` callers, innermost first) and its callees' inclusive time by name.
 */
export function callersAndCallees(profile, pattern, depth = 4) {
  const { byId, parent, self, total } = indexProfile(profile);
  // Inclusive time of each node: children before parents, without recursion (deep stacks).
  const inclusive = new Map(self);
  const order = [];
  for (const root of profile.nodes.filter((node) => !parent.has(node.id))) {
    const stack = [root.id];
    while (stack.length > 0) {
      const id = stack.pop();
      order.push(id);
      stack.push(...(byId.get(id).children ?? []));
    }
  }
  for (const id of order.reverse()) {
    const up = parent.get(id);
    if (up !== undefined) inclusive.set(up, (inclusive.get(up) ?? 0) + (inclusive.get(id) ?? 0));
  }
  const callers = new Map();
  const callees = new Map();
  for (const node of profile.nodes) {
    if (!nameOf(node).includes(pattern)) continue;
    const chain = [];
    for (let at = parent.get(node.id); at !== undefined && chain.length < depth; at = parent.get(at)) {
      chain.push(nameOf(byId.get(at)).slice(-60));
    }
    const key = chain.join(' <- ');
    callers.set(key, (callers.get(key) ?? 0) + (inclusive.get(node.id) ?? 0));
    for (const child of node.children ?? []) {
      const name = nameOf(byId.get(child));
      callees.set(name, (callees.get(name) ?? 0) + (inclusive.get(child) ?? 0));
    }
  }
  return { callers: largest(callers, total, 10), callees: largest(callees, total, 25) };
}

/** Prints `[name, percent]` rows under a heading, names cut to `width`. */
export function printShares(heading, rows, width = 110) {
  console.log(`\n${heading}`);
  for (const [name, percent] of rows) console.log(`${percent.toFixed(1).padStart(6)}%  ${name.slice(0, width)}`);
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { top: { type: 'string' }, callers: { type: 'string' }, depth: { type: 'string' } },
  });
  if (positionals.length !== 1) {
    console.error('usage: node bench/cpu-profile.mjs FILE.cpuprofile [--top N] [--callers NAME [--depth D]]');
    process.exit(2);
  }
  const profile = JSON.parse(readFileSync(positionals[0], 'utf8'));
  if (values.callers !== undefined) {
    const { callers, callees } = callersAndCallees(profile, values.callers, Number(values.depth ?? 4));
    printShares(`CALLERS of *${values.callers}* (inclusive)`, callers, 400);
    printShares(`CALLEES of *${values.callers}* (inclusive)`, callees);
  } else {
    const { self, inclusive } = summarise(profile, Number(values.top ?? 40));
    printShares('SELF', self);
    printShares('INCLUSIVE', inclusive);
  }
}
