// Edits what wasm-bindgen wrote to DIR, after it and before anything ships:
//   1. the JS glue (DIR/sourcelight.js): a string argument crosses into the wasm through one
//      native `TextEncoder.encodeInto` instead of a JS loop;
//   2. the wasm (DIR/sourcelight_bg.wasm): its custom sections are dropped, but for `name`;
//   3. both: the imported JS functions lose the hash wasm-bindgen appends to their names, and
//      their module is named `b` instead of `./sourcelight_bg.js`;
//   4. both: wasm-bindgen's own exports that the glue calls (`__wbindgen_malloc`, …) are named
//      `_0`, `_1`, … ; those it never calls (`__wbindgen_free`, `__abort_handler`,
//      `__instance_terminated`) are dropped from the wasm.
//   5. the TypeScript declarations wasm-bindgen writes beside them (`*.d.ts`) are deleted: edit 4
//      makes their list of the wasm's exports untrue, and nothing in this project reads them (the
//      builds copy only the glue and the wasm).
//   6. the wasm: the body of every function no export, start or global reaches (by calls,
//      `ref.func` and the `call_indirect`s of its type, from bodies that are reached) is replaced
//      by `unreachable`.
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
//
// 3. Why: wasm-bindgen names each import `__wbg_<name>_<16 hex digits>` (a hash that keeps apart
// same-named imports of different crates); the hex digits do not compress, and the names stand
// in both files (60 B gzip of the wasm). The short name is the one without the hash, checked to
// be unique; the glue must name each import once as wasm-bindgen writes it, else the build fails
// here. The module name, written before every import's, is one key of the glue's import object
// (30 B gzip more). Running it again changes nothing (no name has a hash left, the module is
// renamed).
//
// 4. Why: those names are written out in the wasm's export section (26 B gzip) for the glue's
// eyes only. An export is renamed when its name starts with `__` and the glue uses it, only as
// `wasm.<name>` (else the build fails here); the API's own exports keep their names. An export
// whose name starts with `__` and that the glue never names is wasm-bindgen's runtime kept for
// glue this build does not have (freeing a string returned to JS; the abort hook and the
// terminated flag of `panic = "unwind"` builds, which `--experimental-reset-state-function` does
// not read with `panic = "abort"`: its reset makes a new instance from the module): it is dropped
// (70 B gzip). The function and the two globals behind them stay, unreached (edit 6 empties
// the function's body): dropping a function or a global renumbers the ones after it. Running it
// again changes nothing (no `__` name is left).
//
// 6. Why: edit 4 leaves those functions in the wasm (and wasm-bindgen leaves two more it stopped
// exporting itself, `__wbindgen_destroy_closure` and `__wbindgen_exn_store`), 91 bytes of code
// no call can reach. Dropping a function would renumber the ones after it; emptying its body
// keeps every number. "Nothing reaches it" is read from the module itself: every instruction
// of every body is decoded (an opcode this reader does not know fails the build); a function
// named by an export, the start section or a global's initial value keeps its body, and so does
// every function a kept body names by a `call` or a `ref.func`, and every table entry whose type
// a kept body calls through the table (`call_indirect` traps on any other type; all entries if
// the table is exported or a kept body reads or changes it). The last rule matters: core's
// bounds-check panic puts `<u32 as Display>::fmt` in the table for its message, which the panic
// handler never formats (it traps), and that function's `call_indirect`s are the only ones of its
// type: it, `Formatter::pad_integral` and `str::count::do_count_chars` are 1.9 KB of code
// (950 B gzip) that nothing can run. Running it again changes nothing (what a body nothing
// reaches named or called was not reached through it).

import { readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

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
 * A wasm module read section by section, failing the build on anything but a whole module. A
 * module is an 8-byte header (the magic bytes "\0asm" and a version), then sections of one id
 * byte, a LEB128 byte count and the content.
 */
class WasmModule {
  constructor(file) {
    this.file = file;
    this.bytes = readFileSync(file);
    /** The read position, in bytes. */
    this.at = 8;
    if (this.bytes.length < 8 || this.bytes.readUInt32LE(0) !== 0x6d736100) this.fail('not a wasm module');
  }

  /** Ends the build with `message`. */
  fail(message) {
    console.error(`${this.file}: ${message} (read up to byte ${this.at})`);
    process.exit(1);
  }

  /**
   * An unsigned LEB128 number at the read position, which must end before `limit`: a count cut
   * off at the end fails here rather than loop or read past it.
   */
  leb128(limit = this.bytes.length) {
    let value = 0;
    for (let shift = 0; ; shift += 7) {
      if (this.at >= limit) this.fail('not a whole wasm module');
      const byte = this.bytes[this.at++];
      value += (byte & 0x7f) * 2 ** shift;
      if (byte < 0x80) return value;
    }
  }

  /** A name at the read position: its LEB128 length, then its UTF-8 bytes, inside `limit`. */
  name(limit) {
    const length = this.leb128(limit);
    if (this.at + length > limit) this.fail('a name longer than its section');
    const name = this.bytes.toString('utf8', this.at, this.at + length);
    this.at += length;
    return name;
  }

  /**
   * The sections, in order: `{ id, start, end }` (`start` at the id byte, `end` after the
   * content). The read position is left at each section's content while its caller looks at it.
   */
  *sections() {
    this.at = 8;
    while (this.at < this.bytes.length) {
      const start = this.at;
      const id = this.bytes[this.at++];
      const size = this.leb128();
      const end = this.at + size;
      if (end > this.bytes.length) this.fail('a section longer than the module');
      const content = this.at;
      yield { id, start, end };
      this.at = Math.max(end, content);
    }
  }

  /** The module with section `{ start, end }` replaced by one of id `id` holding `parts`. */
  withSection({ start, end }, id, parts) {
    const content = Buffer.concat(parts);
    const section = [Buffer.from([id]), leb128Bytes(content.length), content];
    return Buffer.concat([this.bytes.subarray(0, start), ...section, this.bytes.subarray(end)]);
  }
}

/** The module wasm-bindgen imports the glue's functions from, and its name after edit 3. */
const GLUE_MODULE = './sourcelight_bg.js';
const SHORT_GLUE_MODULE = 'b';

/** A LEB128 encoding of `value` (a non-negative integer). */
function leb128Bytes(value) {
  const bytes = [];
  do {
    let byte = value % 128;
    value = Math.floor(value / 128);
    if (value > 0) byte |= 0x80;
    bytes.push(byte);
  } while (value > 0);
  return Buffer.from(bytes);
}

/** Edit 2: the module without its custom sections (id 0; content: a name, then data) but `name`. */
function dropCustomSections(file) {
  const wasm = new WasmModule(file);
  const kept = [wasm.bytes.subarray(0, 8)];
  for (const section of wasm.sections()) {
    if (section.id !== 0 || wasm.name(section.end) === 'name') {
      kept.push(wasm.bytes.subarray(section.start, section.end));
    }
  }
  writeFileSync(file, Buffer.concat(kept));
}

/**
 * Runs `edit(wasm, section, glue)` on the module's one section of id `id`, then writes the module
 * with the section's new content (the parts `edit` returns) and the glue (`glue.text`, which
 * `edit` may change). A module without such a section is left as it is.
 */
function editSection(wasmFile, glueFile, id, edit) {
  const wasm = new WasmModule(wasmFile);
  const glue = { text: readFileSync(glueFile, 'utf8') };
  for (const section of wasm.sections()) {
    if (section.id !== id) continue;
    const parts = edit(wasm, section, glue);
    if (wasm.at !== section.end) wasm.fail(`a section ${id} of an unknown shape`);
    writeFileSync(wasmFile, wasm.withSection(section, id, parts));
    writeFileSync(glueFile, glue.text);
    return;
  }
}

/**
 * Edit 3: the imports' hashes dropped from their names, in the wasm's import section (id 2: a
 * count, then per import its module and field names and a kind byte with a LEB128 index for a
 * function) and in the glue, where each is one key of the import object.
 */
function shortenImportNames(wasmFile, glueFile) {
  editSection(wasmFile, glueFile, 2, (wasm, { end }, glue) => {
    const rename = (from, to) => {
      const uses = glue.text.split(from).length - 1;
      if (uses !== 1) wasm.fail(`${from} found ${uses} times in the glue, expected once`);
      glue.text = glue.text.replace(from, to);
    };
    const names = new Set();
    const count = wasm.leb128(end);
    const parts = [leb128Bytes(count)];
    for (let i = 0; i < count; i++) {
      const module = wasm.name(end);
      const field = wasm.name(end);
      const kindStart = wasm.at;
      if (wasm.bytes[wasm.at++] !== 0) wasm.fail('an import that is not a function');
      wasm.leb128(end);
      const short = field.replace(/^(__wbg_.+)_[0-9a-f]{16}$/, '$1');
      // Checked for every import, renamed or not: an unhashed name after a hashed one that
      // shortens to it would bind both to one function.
      if (names.has(short)) wasm.fail(`two imports named ${short}`);
      if (short !== field) rename(`${field}:`, `${short}:`);
      names.add(short);
      if (module !== GLUE_MODULE && module !== SHORT_GLUE_MODULE) wasm.fail(`an import from ${module}`);
      if (module === GLUE_MODULE && i === 0) rename(`"${GLUE_MODULE}":`, `"${SHORT_GLUE_MODULE}":`);
      for (const name of [SHORT_GLUE_MODULE, short]) {
        const bytes = Buffer.from(name, 'utf8');
        parts.push(leb128Bytes(bytes.length), bytes);
      }
      parts.push(wasm.bytes.subarray(kindStart, wasm.at));
    }
    return parts;
  });
}

/**
 * Edit 4: wasm-bindgen's exports that the glue calls renamed `_0`, `_1`, … in the wasm's export
 * section (id 7: a count, then per export its name, a kind byte and a LEB128 index) and at each
 * `wasm.<name>` of the glue; those it does not call dropped.
 */
function shortenExportNames(wasmFile, glueFile) {
  editSection(wasmFile, glueFile, 7, (wasm, { end }, glue) => {
    // A name as a whole word of the glue: `$` is a word character of JS names, `\b`'s is not.
    const word = (name) => new RegExp(`(?<![\\w$])${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\w$])`, 'g');
    const uses = (name) => (glue.text.match(word(name)) ?? []).length;
    const count = wasm.leb128(end);
    const parts = [];
    const names = new Set();
    let renamed = 0;
    for (let i = 0; i < count; i++) {
      let name = wasm.name(end);
      const kindStart = wasm.at;
      wasm.at++;
      wasm.leb128(end);
      const used = uses(name);
      if (name.startsWith('__') && used === 0) continue;
      if (name.startsWith('__')) {
        if (uses(`wasm.${name}`) !== used) wasm.fail(`the glue uses ${name} other than as wasm.${name}`);
        const short = `_${renamed++}`;
        if (uses(short) > 0) wasm.fail(`the glue already names ${short}`);
        glue.text = glue.text.replace(word(`wasm.${name}`), `wasm.${short}`);
        name = short;
      }
      // Also catches a `_N` the module exported already: two exports may not share a name.
      if (names.has(name)) wasm.fail(`two exports named ${name}`);
      names.add(name);
      const bytes = Buffer.from(name, 'utf8');
      parts.push(leb128Bytes(bytes.length), bytes, wasm.bytes.subarray(kindStart, wasm.at));
    }
    return [leb128Bytes(names.size), ...parts];
  });
}

/**
 * Skips one instruction at the read position of `wasm` (inside `limit`), adding the function it
 * names, if it is a `call`, `return_call` or `ref.func`, to `named`, and to `uses` (when given)
 * the type index of a `call_indirect` or `return_call_indirect` through table 0 (as
 * `uses.indirect`) and whether it reads or changes table 0 otherwise (`uses.table`). The opcodes
 * are those of wasm 2.0 without SIMD (what rustc emits for this crate's target features): any
 * other fails the build rather than be misread.
 */
function skipInstruction(wasm, limit, named, uses) {
  const op = wasm.bytes[wasm.at++];
  const index = () => wasm.leb128(limit);
  if (op === 0x10 || op === 0x12 || op === 0xd2) {
    named.add(index());
  } else if (op === 0x02 || op === 0x03 || op === 0x04) {
    // A block type: empty (0x40), one value type (one byte, 0x6f..0x7f) or a type index.
    const type = wasm.bytes[wasm.at];
    if (type === 0x40 || (type >= 0x6f && type <= 0x7f)) wasm.at++;
    else index();
  } else if (op === 0x25 || op === 0x26) {
    if (index() === 0 && uses) uses.table = true; // `table.get`, `table.set`
  } else if (op === 0x0c || op === 0x0d || (op >= 0x20 && op <= 0x24) || op === 0x41 || op === 0x42) {
    index(); // a label, local or global index, or a constant (signed, skipped alike)
  } else if (op === 0x0e) {
    for (let targets = index(); targets >= 0; targets--) index();
  } else if (op === 0x11 || op === 0x13) {
    const type = index();
    if (index() === 0 && uses) uses.indirect.add(type);
  } else if (op >= 0x28 && op <= 0x3e) {
    index(); // a memory access's alignment and offset
    index();
  } else if (op === 0x1c) {
    // A typed `select`: its value types' count, then one byte each. Two statements on purpose:
    // `wasm.at += index()` would add to the position read before `index()` moved it.
    const length = index();
    wasm.at += length;
  } else if (op === 0x3f || op === 0x40 || op === 0xd0) {
    wasm.at++;
  } else if (op === 0x43 || op === 0x44) {
    wasm.at += op === 0x43 ? 4 : 8;
  } else if (op === 0xfc) {
    const sub = index();
    const immediates = [0, 0, 0, 0, 0, 0, 0, 0, 2, 1, 2, 1, 2, 1, 2, 1, 1, 1][sub];
    if (immediates === undefined) wasm.fail(`an instruction 0xfc ${sub} this script does not read`);
    const values = [];
    for (let i = 0; i < immediates; i++) values.push(index());
    // `table.init` (segment, table), `table.copy` (to, from), `table.grow`, `.size`, `.fill`.
    const tables = sub === 12 ? values.slice(1) : sub >= 14 ? values : [];
    if (tables.includes(0) && uses) uses.table = true;
  } else if (!(op <= 0x01 || op === 0x05 || op === 0x0b || op === 0x0f || op === 0x1a || op === 0x1b || op === 0xd1 || (op >= 0x45 && op <= 0xc4))) {
    wasm.fail(`an opcode 0x${op.toString(16)} this script does not read`);
  }
  if (wasm.at > limit) wasm.fail('an instruction longer than its function');
}

/**
 * The functions of the wasm in `file` and what reaches them: `{ wasm, code, imported, bodies,
 * reachable }`, where `bodies` are the code section's (id 10: a count, then per function its
 * byte count, its locals and its instructions) with their byte counts, `imported` the number of
 * imported functions (which take the first numbers) and `reachable` the numbers of the functions
 * that can run: those named by the exports (id 7), the start (id 8) or a global's initial value
 * (id 6); every function a reachable body names; and every entry of table 0 (id 9, active
 * segments of function indices, the only kind wasm-bindgen writes) of a type that a reachable
 * body's `call_indirect` calls through it, since a call of another type traps (all of them if
 * table 0 is exported or a reachable body reads or changes it). A body no one can run keeps
 * nothing alive, so emptying it leaves the set as it was: a second run changes nothing.
 */
function readFunctions(file) {
  const wasm = new WasmModule(file);
  const roots = new Set();
  // Each function type's bytes (its parameter and result types), by type index: wasm 2.0
  // calls through a table by type equality, not by index.
  const types = [];
  // Each function's type index, by function number (imports first).
  const typeOf = [];
  // The functions in table 0, by the bytes of their type.
  const entries = new Map();
  let tableExported = false;
  // What each body names (a `call`, `return_call` or `ref.func`), and calls or does through
  // table 0, by body.
  const named = [];
  const uses = [];
  const bodies = [];
  let imported = 0;
  let code;
  for (const section of wasm.sections()) {
    const { id, end } = section;
    if (id === 1) {
      for (let count = wasm.leb128(end); count > 0; count--) {
        const start = wasm.at;
        if (wasm.bytes[wasm.at++] !== 0x60) wasm.fail('a type that is not a function type');
        // Parameters, then results: each a count and one byte per value type.
        for (let list = 0; list < 2; list++) {
          const length = wasm.leb128(end);
          wasm.at += length;
        }
        types.push(wasm.bytes.toString('hex', start, wasm.at));
      }
    } else if (id === 2) {
      for (let count = wasm.leb128(end); count > 0; count--) {
        wasm.name(end);
        wasm.name(end);
        if (wasm.bytes[wasm.at++] !== 0) wasm.fail('an import that is not a function');
        typeOf.push(wasm.leb128(end));
        imported++;
      }
    } else if (id === 3) {
      for (let count = wasm.leb128(end); count > 0; count--) typeOf.push(wasm.leb128(end));
    } else if (id === 6) {
      for (let count = wasm.leb128(end); count > 0; count--) {
        wasm.at += 2; // the value type (one byte for every type without SIMD) and mutability
        while (wasm.bytes[wasm.at] !== 0x0b) skipInstruction(wasm, end, roots);
        wasm.at++;
      }
    } else if (id === 7) {
      for (let count = wasm.leb128(end); count > 0; count--) {
        wasm.name(end);
        const kind = wasm.bytes[wasm.at++];
        const index = wasm.leb128(end);
        if (kind === 0) roots.add(index);
        if (kind === 1 && index === 0) tableExported = true;
      }
    } else if (id === 8) {
      roots.add(wasm.leb128(end));
    } else if (id === 9) {
      for (let count = wasm.leb128(end); count > 0; count--) {
        if (wasm.leb128(end) !== 0) wasm.fail('a table segment of a kind this script does not read');
        while (wasm.bytes[wasm.at] !== 0x0b) skipInstruction(wasm, end, roots);
        wasm.at++;
        for (let count = wasm.leb128(end); count > 0; count--) {
          const index = wasm.leb128(end);
          const type = types[typeOf[index]];
          if (type === undefined) wasm.fail('a table entry of no known type');
          entries.set(type, [...(entries.get(type) ?? []), index]);
        }
      }
    } else if (id === 10) {
      code = section;
      for (let count = wasm.leb128(end); count > 0; count--) {
        const start = wasm.at;
        const bodyEnd = wasm.leb128(end) + wasm.at;
        if (bodyEnd > end) wasm.fail('a function longer than its section');
        for (let locals = wasm.leb128(bodyEnd); locals > 0; locals--) {
          wasm.leb128(bodyEnd);
          wasm.at++;
        }
        const names = new Set();
        const body = { indirect: new Set(), table: false };
        while (wasm.at < bodyEnd) skipInstruction(wasm, bodyEnd, names, body);
        if (wasm.at !== bodyEnd || wasm.bytes[bodyEnd - 1] !== 0x0b) wasm.fail('a function of an unknown shape');
        bodies.push(wasm.bytes.subarray(start, bodyEnd));
        named.push(names);
        uses.push(body);
      }
    } else {
      continue;
    }
    if (wasm.at !== end) wasm.fail(`a section ${id} of an unknown shape`);
  }
  const reachable = new Set();
  // The types of table 0's entries already let in (or all, as `true`).
  const calledTypes = new Set();
  const pending = [...roots];
  const letIn = (type) => {
    if (calledTypes.has(type) || calledTypes.has(true)) return;
    calledTypes.add(type);
    pending.push(...(type === true ? [...entries.values()].flat() : (entries.get(type) ?? [])));
  };
  if (tableExported) letIn(true);
  while (pending.length > 0) {
    const index = pending.pop();
    if (reachable.has(index)) continue;
    reachable.add(index);
    pending.push(...(named[index - imported] ?? []));
    const body = uses[index - imported];
    if (!body) continue;
    if (body.table) letIn(true);
    for (const type of body.indirect) {
      if (types[type] === undefined) wasm.fail('a call_indirect of no known type');
      letIn(types[type]);
    }
  }
  return { wasm, code, imported, bodies, reachable };
}

/** An emptied function, with its byte count: no locals, `unreachable`, `end`. */
const EMPTY_BODY = Buffer.from([3, 0, 0x00, 0x0b]);

/**
 * The numbers of the functions of the wasm in `file` that nothing refers to and whose bodies are
 * not empty: none after edit 6 (the build's test checks the shipped wasm with it).
 */
export function unreachedBodies(file) {
  const { imported, bodies, reachable } = readFunctions(file);
  return bodies
    .map((body, i) => imported + i)
    .filter((index) => !reachable.has(index) && !bodies[index - imported].equals(EMPTY_BODY));
}

/** Edit 6: the bodies of the functions nothing reaches replaced by `unreachable`. */
function emptyUnreachedFunctions(file) {
  const { wasm, code, imported, bodies, reachable } = readFunctions(file);
  if (!code) return;
  const parts = bodies.map((body, i) => (reachable.has(imported + i) ? body : EMPTY_BODY));
  writeFileSync(file, wasm.withSection(code, 10, [leb128Bytes(bodies.length), ...parts]));
}

// Run as a script (not imported by the build's test for `unreachedBodies`).
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const dir = process.argv[2] ?? 'dist/pkg';
  editGlue(join(dir, 'sourcelight.js'));
  dropCustomSections(join(dir, 'sourcelight_bg.wasm'));
  shortenImportNames(join(dir, 'sourcelight_bg.wasm'), join(dir, 'sourcelight.js'));
  shortenExportNames(join(dir, 'sourcelight_bg.wasm'), join(dir, 'sourcelight.js'));
  emptyUnreachedFunctions(join(dir, 'sourcelight_bg.wasm'));
  for (const file of readdirSync(dir)) {
    if (file.endsWith('.d.ts')) rmSync(join(dir, file));
  }
}
