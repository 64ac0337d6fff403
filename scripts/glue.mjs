// Edits what wasm-bindgen wrote to DIR, after it and before anything ships:
//   1. the JS glue (DIR/sourcelight.js): a string argument crosses into the wasm through one
//      native `TextEncoder.encodeInto` instead of a JS loop;
//   2. the wasm (DIR/sourcelight_bg.wasm): its custom sections are dropped, but for `name`.
// Usage: node scripts/glue.mjs dist/pkg   (after wasm-bindgen; `./x build` runs it)
//
// 1. Why: wasm-bindgen's `passStringToWasm0` copies a string one `charCodeAt` at a time up to its
// first non-ASCII character, then encodes the rest with `encodeInto`. Every page's snapshot has
// such a character (a curly quote, an accent) far into it, so the loop copied most of each
// snapshot: without it, `annotateSnapshot` over the 45 fixture snapshots ran 4% fewer wasm+JS
// instructions (1157.6 -> 1112.0 M per pass). Taking the snapshot as bytes instead (`&[u8]`)
// was worse both ways: the wasm must then check the bytes are UTF-8 (core's `from_utf8` and its
// table, +0.36 KB gzip) and the caller's `TextEncoder.encode` plus the copy in cost more
// instructions than the loop did (+1%); encoding into the wasm memory from Rust through imported
// `encodeInto` saved only 2.2% for +0.7 KB gzip. With the loop gone the existing code path
// allocates three bytes per UTF-16 unit, encodes once and shrinks the block to what was written.
//
// The edit is exact: the loop must be found once as wasm-bindgen writes it (its version is
// pinned by Cargo.lock), else the build fails here rather than ship an unknown glue. Running it
// again on edited glue changes nothing.
//
// 2. Why: custom sections are for tools, and no browser reads them to run the module.
// wasm-bindgen's flags already drop `name` and `producers`; it has none for `target_features`
// (the features rustc compiled for, 148 bytes, 104 B gzip), so every custom section goes here
// except `name`: a package built without `--remove-name-section` keeps its function names for
// profiles (bench/wasm-work.mjs --profile, --functions).

import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const ASCII_LOOP = `
    const mem = getUint8ArrayMemory0();

    let offset = 0;

    for (; offset < len; offset++) {
        const code = arg.charCodeAt(offset);
        if (code > 0x7F) break;
        mem[ptr + offset] = code;
    }
`;

const REPLACEMENT = `
    // scripts/glue.mjs: no per-character loop; the whole string goes through encodeInto below.
    let offset = 0;
`;

const dir = process.argv[2] ?? 'dist/pkg';

/** Edit 1: the glue without the per-character copy loop (unchanged if already edited). */
function editGlue(file) {
  const glue = readFileSync(file, 'utf8');
  if (glue.includes(REPLACEMENT)) return;
  const parts = glue.split(ASCII_LOOP);
  if (parts.length !== 2) {
    console.error(`${file}: wasm-bindgen's string copy loop found ${parts.length - 1} times, expected once`);
    process.exit(1);
  }
  writeFileSync(file, parts.join(REPLACEMENT));
}

/**
 * Edit 2: the module without its custom sections (id 0) but `name`. A wasm module is an 8-byte
 * header, then sections of one id byte, a LEB128 byte count and the content (for a custom
 * section, a LEB128 name length and the name first); the others are kept as they are.
 */
function dropCustomSections(file) {
  const wasm = readFileSync(file);
  const kept = [wasm.subarray(0, 8)];
  let at = 8;
  // A truncated module, or a file that is none, fails the build here rather than ship (or loop
  // on) it.
  const broken = () => {
    console.error(`${file}: not a whole wasm module (read up to byte ${at})`);
    process.exit(1);
  };
  const leb128 = (limit) => {
    let value = 0;
    for (let shift = 0; ; shift += 7) {
      if (at >= limit) broken();
      const byte = wasm[at++];
      value += (byte & 0x7f) * 2 ** shift;
      if (byte < 0x80) return value;
    }
  };
  // The header: the magic bytes "\0asm" and a version.
  if (wasm.length < 8 || wasm.readUInt32LE(0) !== 0x6d736100) broken();
  while (at < wasm.length) {
    const start = at;
    const id = wasm[at++];
    const size = leb128(wasm.length);
    const end = at + size;
    if (end > wasm.length) broken();
    if (id !== 0) {
      kept.push(wasm.subarray(start, end));
    } else {
      const length = leb128(end);
      if (at + length > end) broken();
      if (wasm.toString('utf8', at, at + length) === 'name') kept.push(wasm.subarray(start, end));
    }
    at = end;
  }
  writeFileSync(file, Buffer.concat(kept));
}

editGlue(join(dir, 'sourcelight.js'));
dropCustomSections(join(dir, 'sourcelight_bg.wasm'));
