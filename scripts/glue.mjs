// Edits the JS glue wasm-bindgen wrote (DIR/sourcelight.js) so that a string argument crosses
// into the wasm through one native `TextEncoder.encodeInto` instead of a JS loop.
// Usage: node scripts/glue.mjs dist/pkg   (after wasm-bindgen; `./x build` runs it)
//
// Why: wasm-bindgen's `passStringToWasm0` copies a string one `charCodeAt` at a time up to its
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

const file = join(process.argv[2] ?? 'dist/pkg', 'sourcelight.js');
const glue = readFileSync(file, 'utf8');
if (glue.includes(REPLACEMENT)) {
  process.exit(0);
}
const parts = glue.split(ASCII_LOOP);
if (parts.length !== 2) {
  console.error(`${file}: wasm-bindgen's string copy loop found ${parts.length - 1} times, expected once`);
  process.exit(1);
}
writeFileSync(file, parts.join(REPLACEMENT));
