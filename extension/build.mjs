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
import { fileURLToPath } from 'node:url';
import { Resvg } from '@resvg/resvg-js';
import { zipSync } from 'fflate';

const sourceDir = path.dirname(fileURLToPath(import.meta.url));
const rootDir = path.dirname(sourceDir);
const distDir = path.join(rootDir, 'dist');
const wasmPackageDir = path.join(distDir, 'pkg');

/** The extension's own files and folders, copied as they are (build.mjs itself is not shipped). */
const SHIPPED = [
  '_locales',
  'background.js',
  'content.js',
  'highlights.css',
  'icons/icon.svg',
  'popup.css',
  'popup.html',
  'popup.js',
  'popup-request.js',
  'protocol.js',
  'summary.css',
  'summary.js',
];

/** The wasm-bindgen output the service worker imports. */
const WASM_PACKAGE_FILES = ['sourcelight.js', 'sourcelight_bg.wasm'];

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

/** Writes one unpacked extension into `outDir`. */
async function writeExtension(outDir, manifest) {
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
  const targets = [
    { dir: 'extension', zip: 'sourcelight-chromium.zip', manifest },
    { dir: 'extension-firefox', zip: 'sourcelight-firefox.zip', manifest: firefoxManifest(manifest) },
  ];
  for (const target of targets) {
    const outDir = path.join(distDir, target.dir);
    await writeExtension(outDir, target.manifest);
    await writeZip(outDir, path.join(distDir, target.zip));
    console.log(`built dist/${target.dir} and dist/${target.zip}`);
  }
}

main().catch((error) => {
  console.error(`extension build failed: ${error.message}`);
  process.exitCode = 1;
});
