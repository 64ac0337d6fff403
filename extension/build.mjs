// Assembles the browser extension from extension/ and the wasm package in dist/pkg:
//   dist/extension/             Chromium (MV3, background service worker)
//   dist/extension-firefox/     Firefox (MV3, background scripts, gecko settings)
//   dist/sourcelight-chromium.zip, dist/sourcelight-firefox.zip   the store uploads
// Run from anywhere: `node extension/build.mjs` (after wasm-bindgen wrote dist/pkg).
//
// extension/manifest.json is the one manifest source: the version comes from Cargo.toml (the
// crate and the extension are released together) and the Firefox manifest is derived from it.

import { cp, mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Resvg } from '@resvg/resvg-js';
import { zipSync } from 'fflate';

const sourceDir = path.dirname(fileURLToPath(import.meta.url));
const rootDir = path.dirname(sourceDir);
const distDir = path.join(rootDir, 'dist');
const wasmPackageDir = path.join(distDir, 'pkg');

/**
 * The extension's own files and folders, copied as they are (build.mjs itself is not shipped;
 * highlights.css goes in as highlights.js, written per build by `writeExtension`).
 */
const SHIPPED = [
  '_locales',
  'background.js',
  'icons/icon.svg',
  'popup.css',
  'popup.html',
  'popup.js',
  'popup-request.js',
  'protocol.js',
  'scope.js',
  'styles.js',
  'summary.css',
  'summary.js',
];

/** The wasm-bindgen output the service worker imports. */
const WASM_PACKAGE_FILES = ['sourcelight.js', 'sourcelight_bg.wasm'];

/**
 * The service worker's module that holds what a click injects (see `injectionModule`); the
 * content script itself is not shipped as a file of its own.
 */
const INJECTION_FILE = 'injection.js';

/** PNG sizes the manifests name (browsers do not all take SVG icons). */
const ICON_SIZES = [16, 32, 48, 128];

/** Firefox add-on id; it must never change once published. */
const GECKO_ID = 'sourcelight@extension';

/**
 * Oldest Firefox that has everything used: the CSS Custom Highlight API and
 * `data_collection_permissions` both arrived in Firefox 140.
 */
const GECKO_MIN_VERSION = '140.0';

/** A fixed timestamp for zip entries, so that the same inputs give byte-identical zips. */
const ZIP_MTIME = new Date('2024-01-01T00:00:00Z');

/** The `[package]` version of Cargo.toml (its first `version = "…"` line). */
async function crateVersion() {
  const cargoToml = await readFile(path.join(rootDir, 'Cargo.toml'), 'utf8');
  const match = /^version\s*=\s*"([^"]+)"/m.exec(cargoToml);
  if (match === null) {
    throw new Error('no version in Cargo.toml');
  }
  return match[1];
}

/** Renders icons/icon.svg to `icons/icon-<size>.png` in `outDir`. */
async function writeIcons(outDir) {
  const svg = await readFile(path.join(sourceDir, 'icons', 'icon.svg'));
  for (const size of ICON_SIZES) {
    const png = new Resvg(svg, { fitTo: { mode: 'width', value: size } }).render().asPng();
    await writeFile(path.join(outDir, 'icons', `icon-${size}.png`), png);
  }
}

/** The Firefox manifest: background scripts instead of a service worker, plus gecko settings. */
function firefoxManifest(manifest) {
  const { service_worker: script, ...background } = manifest.background;
  // `minimum_chrome_version` is dropped: Firefox's add-on linter flags Chrome-only keys.
  const { minimum_chrome_version: _chromeOnly, ...shared } = manifest;
  return {
    ...shared,
    // Firefox runs MV3 backgrounds as event pages; `type: module` keeps the ES imports working.
    background: { ...background, scripts: [script] },
    // Firefox opens popups only synchronously within a user action, which a click that first sets
    // the popup cannot do (see background.js's `onClicked`): there the click opens the popup,
    // which asks for the annotation.
    action: { ...shared.action, default_popup: 'popup.html' },
    browser_specific_settings: {
      gecko: {
        id: GECKO_ID,
        strict_min_version: GECKO_MIN_VERSION,
        // Sourcelight reads the page locally and sends nothing anywhere.
        data_collection_permissions: { required: ['none'] },
      },
    },
  };
}

/**
 * `source` (a script whose code lines hold no multi-line string, as content.js) without its
 * comment lines, blank lines and indentation: what a click injects is sent to the page and
 * compiled there on every first click, and the page starts running it later the longer it is
 * (content.js as written, 43 KB, started 1.0 ms later than without its comment lines, 25 KB,
 * which started about as soon as an empty function; 18 fixture pages, fresh loads; end to end,
 * bench/browser-e2e.mjs --settle 1000: "→page" 4.9 → 3.8 ms median, shorter on 38 of 45 pages,
 * builds side by side). Line breaks
 * stay, so automatic semicolon insertion reads the code as before; comments after code on the
 * same line stay too (telling them from `//` in a string needs a tokenizer). A comment that
 * starts or ends beside code on its line is refused, as are a template literal spanning lines
 * and a result that does not parse.
 */
function compactScript(source) {
  const lines = [];
  let inComment = false;
  for (const [index, line] of source.split('\n').entries()) {
    const code = line.trim();
    const refuse = () => {
      throw new Error(`line ${index + 1}: a block comment beside code: ${code}`);
    };
    if (inComment || code.startsWith('/*')) {
      const end = code.indexOf('*/', inComment ? 0 : 2);
      if (end !== -1 && end !== code.length - 2) {
        refuse();
      }
      inComment = end === -1;
    } else if (code !== '' && !code.startsWith('//')) {
      if (code.includes('/*')) {
        refuse();
      }
      // An odd number of backticks: a template literal runs on to another line, whose `//` or
      // indentation would be string content.
      if (code.split('`').length % 2 === 0) {
        throw new Error(`line ${index + 1}: a template literal across lines: ${code}`);
      }
      lines.push(code);
    }
  }
  const compact = lines.join('\n');
  // Parsed, not run: a stripping mistake fails the build instead of the page.
  new Function(compact);
  return compact;
}

/**
 * `injection.js`, the module the service worker imports: `WALK_SPEC`, the DOM walker's rules (the
 * engine's `snapshotSpec()`, called on the wasm this build ships: the lists live in Rust, once),
 * and `injectAndAnswer(spec, reuse)`, content.js's code (`compactScript`) as a function body
 * followed by its answer (`answer(spec, reuse, enteredAt)`: the page's last outcome, or a new
 * snapshot; `enteredAt` is when the function started, so that the timings can tell the trip to
 * the page from content.js's own set-up).
 *
 * A click injects that function (`executeScript({ func, args })`): the call that puts the
 * content script in the page also brings the snapshot back, in one round trip, forced (the
 * popup's retry, `reuse` off) as well as not, since the arguments say which. The trip to the page
 * costs what three injected files did (bench/browser-e2e.mjs, "→page": 8.1 ms against 7.5 ms
 * for three files and 7.9 ms for one, the same run). content.js stays a classic script of its own
 * in the source tree: the site loads it as it is.
 */
async function injectionModule() {
  const { initSync, snapshotSpec } = await import(pathToFileURL(path.join(wasmPackageDir, 'sourcelight.js')).href);
  initSync({ module: await readFile(path.join(wasmPackageDir, 'sourcelight_bg.wasm')) });
  const content = compactScript(await readFile(path.join(sourceDir, 'content.js'), 'utf8'));
  return [
    '// Generated by extension/build.mjs from extension/content.js and the engine\'s snapshotSpec().',
    '',
    "/** The DOM walker's rules: the engine's `snapshotSpec()`. */",
    `export const WALK_SPEC = Object.freeze(${JSON.stringify(snapshotSpec())});`,
    '',
    '/**',
    ' * Runs in the page (serialised by `executeScript`): content.js (which keeps its first instance',
    " * when injected again), then its answer to the service worker, `answer(spec, reuse, enteredAt)`.",
    ' */',
    'export function injectAndAnswer(spec, reuse) {',
    '  const enteredAt = performance.timeOrigin + performance.now();',
    content,
    '  return globalThis.sourcelightContent.answer(spec, reuse, enteredAt);',
    '}',
    '',
  ].join('\n');
}

/**
 * `highlights.js`, the module styles.js builds the inserted highlight styles from: highlights.css
 * without its comments (`HIGHLIGHT_RULES`; every `::highlight(` must begin its line, checked,
 * since styles.js puts the scope before it there) and whether the browser's elements inherit
 * their parent's highlight styles (`HIGHLIGHTS_INHERIT`): Chromium's do (CSS Pseudo 4's highlight
 * inheritance, shipped there with `::highlight`; the manifest asks for 127); Firefox 140's do not.
 */
function highlightsModule(css, inherit) {
  const rules = css.replace(/\/\*[\s\S]*?\*\//g, '').trim();
  if (rules.split('::highlight(').length !== rules.split(/^::highlight\(/m).length) {
    throw new Error('highlights.css: a ::highlight() that does not begin its line');
  }
  return [
    '// Generated by extension/build.mjs from extension/highlights.css, for one browser.',
    '',
    "/** highlights.css's rules, each `::highlight(` at the start of its line. */",
    `export const HIGHLIGHT_RULES = ${JSON.stringify(`${rules}\n`)};`,
    '',
    "/** Whether this browser's elements inherit their parent's highlight styles. */",
    `export const HIGHLIGHTS_INHERIT = ${inherit};`,
    '',
  ].join('\n');
}

/** Writes one unpacked extension into `outDir`, with `highlights` as its highlights.js. */
async function writeExtension(outDir, manifest, injection, highlights) {
  await rm(outDir, { recursive: true, force: true });
  await mkdir(path.join(outDir, 'icons'), { recursive: true });
  await mkdir(path.join(outDir, 'pkg'), { recursive: true });
  for (const entry of SHIPPED) {
    await cp(path.join(sourceDir, entry), path.join(outDir, entry), { recursive: true });
  }
  for (const file of WASM_PACKAGE_FILES) {
    await cp(path.join(wasmPackageDir, file), path.join(outDir, 'pkg', file));
  }
  await writeIcons(outDir);
  await writeFile(path.join(outDir, INJECTION_FILE), injection);
  await writeFile(path.join(outDir, 'highlights.js'), highlights);
  await writeFile(path.join(outDir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
}

/** Every file under `dir`, as sorted `/`-separated paths relative to it. */
async function listFiles(dir) {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'))
    .sort();
}

/** Zips the unpacked extension in `dir` (manifest.json at the zip's root) to `zipPath`. */
async function writeZip(dir, zipPath) {
  const entries = {};
  for (const file of await listFiles(dir)) {
    entries[file] = [await readFile(path.join(dir, file)), { mtime: ZIP_MTIME }];
  }
  await writeFile(zipPath, zipSync(entries, { level: 9 }));
}

async function main() {
  const missing = WASM_PACKAGE_FILES.filter((file) => !existsSync(path.join(wasmPackageDir, file)));
  if (missing.length > 0) {
    throw new Error(`missing ${missing.map((file) => `dist/pkg/${file}`).join(', ')}: build the wasm package first`);
  }
  const manifest = JSON.parse(await readFile(path.join(sourceDir, 'manifest.json'), 'utf8'));
  manifest.version = await crateVersion();
  const highlightsCss = await readFile(path.join(sourceDir, 'highlights.css'), 'utf8');
  const targets = [
    { dir: 'extension', zip: 'sourcelight-chromium.zip', manifest, highlights: highlightsModule(highlightsCss, true) },
    {
      dir: 'extension-firefox',
      zip: 'sourcelight-firefox.zip',
      manifest: firefoxManifest(manifest),
      highlights: highlightsModule(highlightsCss, false),
    },
  ];
  const injection = await injectionModule();
  for (const target of targets) {
    const outDir = path.join(distDir, target.dir);
    await writeExtension(outDir, target.manifest, injection, target.highlights);
    await writeZip(outDir, path.join(distDir, target.zip));
    console.log(`built dist/${target.dir} and dist/${target.zip}`);
  }
}

main().catch((error) => {
  console.error(`extension build failed: ${error.message}`);
  process.exitCode = 1;
});
