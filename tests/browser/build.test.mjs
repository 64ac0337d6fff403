// The build output of extension/build.mjs: manifests (permissions, backgrounds, Firefox
// settings), store zips, icons and the two locales. Needs `node extension/build.mjs` first.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { unzipSync } from 'fflate';
import { PAINT, STYLE } from '../../extension/protocol.js';
import { DIST, ROOT } from './support.mjs';
import { unreachedBodies } from '../../scripts/glue.mjs';

const EXTENSION_SOURCE = path.join(ROOT, 'extension');

/** The parsed JSON file at `file`. */
async function readJson(file) {
  return JSON.parse(await readFile(file, 'utf8'));
}

/** Every file under `dir`, as sorted `/`-separated relative paths. */
async function listFiles(dir) {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'))
    .sort();
}

/** Width and height of a PNG, from its IHDR chunk. */
function pngSize(bytes) {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return [view.getUint32(16), view.getUint32(20)];
}

/** The unpacked builds and their store zips. */
const BUILDS = [
  { dir: 'extension', zip: 'sourcelight-chromium.zip' },
  { dir: 'extension-firefox', zip: 'sourcelight-firefox.zip' },
];

describe('extension build', () => {
  it('asks only for activeTab, scripting and storage, and runs the engine in a module worker', async () => {
    const manifest = await readJson(path.join(DIST, 'extension', 'manifest.json'));
    assert.equal(manifest.manifest_version, 3);
    assert.deepEqual(manifest.permissions, ['activeTab', 'scripting', 'storage']);
    for (const key of ['host_permissions', 'optional_host_permissions', 'content_scripts', 'web_accessible_resources']) {
      assert.equal(manifest[key], undefined, key);
    }
    assert.deepEqual(manifest.background, { service_worker: 'background.js', type: 'module' });
    assert.equal(
      manifest.content_security_policy.extension_pages,
      "script-src 'self' 'wasm-unsafe-eval'; object-src 'self'",
    );
    // No popup in the manifest: the click reaches the worker first, which opens popup.html itself.
    assert.equal(manifest.action.default_popup, undefined);
    assert.ok(Number(manifest.minimum_chrome_version) >= 127, 'chrome.action.openPopup for every extension');
    assert.equal(manifest.commands._execute_action.suggested_key.default, 'Alt+Shift+S');
    const cargoVersion = /^version\s*=\s*"([^"]+)"/m.exec(await readFile(path.join(ROOT, 'Cargo.toml'), 'utf8'))[1];
    assert.equal(manifest.version, cargoVersion);
  });

  it('ships no code that compiles strings: no eval, no Function constructor, no string timers', async () => {
    // The CSP would refuse them at run time; this finds them before a user does, in every build.
    const forbidden = [/\beval\s*\(/, /\bFunction\s*\(/, /\bset(?:Timeout|Interval)\s*\(\s*['"`]/, /\.innerHTML\s*=/];
    for (const { dir } of BUILDS) {
      const scripts = (await listFiles(path.join(DIST, dir))).filter((file) => file.endsWith('.js'));
      assert.ok(scripts.includes('pkg/sourcelight.js'), `${dir} ships the wasm glue`);
      for (const file of scripts) {
        const source = await readFile(path.join(DIST, dir, file), 'utf8');
        for (const pattern of forbidden) {
          assert.doesNotMatch(source, pattern, `${dir}/${file}`);
        }
      }
    }
  });

  it('ships the wasm glue as scripts/glue.mjs edits it: strings copied in by encodeInto alone', async () => {
    // A build that skipped the edit would still work, only slower: this catches it.
    for (const { dir } of BUILDS) {
      const glue = await readFile(path.join(DIST, dir, 'pkg/sourcelight.js'), 'utf8');
      assert.match(glue, /scripts\/glue\.mjs: no per-character loop/, `${dir}: the edit's marker`);
      assert.doesNotMatch(glue, /charCodeAt\(offset\)/, `${dir}: wasm-bindgen's copy loop`);
    }
  });

  it('ships the wasm without the custom sections scripts/glue.mjs drops', async () => {
    // Dead bytes in every download otherwise; the names are the three rustc and wasm-bindgen write.
    for (const { dir } of BUILDS) {
      const module = await WebAssembly.compile(await readFile(path.join(DIST, dir, 'pkg/sourcelight_bg.wasm')));
      for (const name of ['target_features', 'producers', 'name']) {
        assert.equal(WebAssembly.Module.customSections(module, name).length, 0, `${dir}: custom section ${name}`);
      }
    }
  });

  it('ships the wasm with the bodies of functions nothing reaches emptied, as scripts/glue.mjs does', async () => {
    // Dead bytes in every download otherwise (wasm-bindgen leaves `__wbindgen_free` and two more).
    for (const { dir } of BUILDS) {
      assert.deepEqual(unreachedBodies(path.join(DIST, dir, 'pkg/sourcelight_bg.wasm')), [], dir);
    }
  });

  it('keeps every table entry a reached call_indirect of its type could call, and only those', () => {
    // scripts/glue.mjs's reachability on small modules (tests/fixtures/glue/*.wat): the
    // function numbers whose bodies it would empty.
    const cases = [
      ['typed', [1]], // the entry of a type no reached body calls indirectly
      ['sametype-other-index', []], // the same type bytes under another type index
      ['exported', []], // an exported table: anything may call its entries
      ['tableget', []], // a body reads table 0
      ['tablecopy', []], // a body copies table 0 into another table
      ['retcall', [1]], // return_call_indirect counts as a call_indirect
      ['unreached-caller', [0, 1]], // a call_indirect in a body nothing reaches reaches nothing
    ];
    for (const [name, emptied] of cases) {
      const file = path.join(ROOT, 'tests/fixtures/glue', `${name}.wasm`);
      assert.deepEqual(unreachedBodies(file), emptied, name);
    }
  });

  it('derives the Firefox manifest: background scripts and gecko settings', async () => {
    const chromium = await readJson(path.join(DIST, 'extension', 'manifest.json'));
    const firefox = await readJson(path.join(DIST, 'extension-firefox', 'manifest.json'));
    assert.deepEqual(firefox.background, { scripts: ['background.js'], type: 'module' });
    assert.equal(firefox.browser_specific_settings.gecko.id.includes('@'), true);
    assert.deepEqual(firefox.browser_specific_settings.gecko.data_collection_permissions, { required: ['none'] });
    assert.equal(firefox.minimum_chrome_version, undefined);
    // Firefox opens the popup from the manifest (see extension/build.mjs).
    assert.deepEqual(firefox.action, { ...chromium.action, default_popup: 'popup.html' });
    // Everything else is the Chromium manifest's.
    const shared = ({ action, background, browser_specific_settings, minimum_chrome_version, ...rest }) => rest;
    assert.deepEqual(shared(firefox), shared(chromium));
  });

  it('styles the highlights on one element in Chromium, on it and every element inside in Firefox', async () => {
    const source = await readFile(path.join(EXTENSION_SOURCE, 'highlights.css'), 'utf8');
    const rules = source.replace(/\/\*[\s\S]*?\*\//, '').trim();
    assert.match(rules, /^::highlight\(sourcelight-quote\) \{/m);
    const scope = ':root>body:nth-child(2)>main:nth-child(3)>my-article:nth-child(1)>:nth-child(4)';
    const [chromium, firefox] = await Promise.all(
      BUILDS.map(({ dir }) => import(pathToFileURL(path.join(DIST, dir, 'styles.js')).href)),
    );
    const chromiumCss = chromium.highlightCss(scope);
    assert.equal(chromiumCss.trim(), rules.replaceAll(/^::highlight\(/gm, `${scope}::highlight(`));
    assert.equal(chromiumCss.split(`${scope}::highlight(`).length, 6, 'five highlight names');
    // Firefox (140) has no highlight inheritance: there the rules name every element inside too.
    const firefoxCss = firefox.highlightCss(scope);
    assert.equal(
      firefoxCss.trim(),
      rules.replaceAll(/^::highlight\(([a-z-]+)\)/gm, `${scope}::highlight($1), ${scope} *::highlight($1)`),
    );
    // Whatever the page holds, only a path of element names and positions becomes a selector.
    for (const refused of [
      '',
      'body',
      ':root>div',
      ':root>div:nth-child(0)',
      ':root>DIV:nth-child(1)',
      ':root>div:nth-child(1) *',
      ':root>div:nth-child(1){}*',
      ':root>a\\:b:nth-child(1)',
      ':root>div:nth-child(1)>',
      null,
    ]) {
      assert.throws(() => chromium.highlightCss(refused), /not a highlight scope/, String(refused));
    }
    assert.match(chromium.highlightCss(':root'), /^:root::highlight\(sourcelight-quote\) \{/);
  });

  it('zips exactly the unpacked files, manifest at the root', async () => {
    for (const { dir, zip } of BUILDS) {
      const unpacked = path.join(DIST, dir);
      const entries = unzipSync(await readFile(path.join(DIST, zip)));
      const files = await listFiles(unpacked);
      assert.deepEqual(Object.keys(entries).sort(), files, zip);
      assert.ok(files.includes('manifest.json'), zip);
      for (const file of files) {
        assert.deepEqual(Buffer.from(entries[file]), await readFile(path.join(unpacked, file)), `${zip}: ${file}`);
      }
    }
  });

  it('ships every file the manifest names, icons at their sizes', async () => {
    const dir = path.join(DIST, 'extension');
    const manifest = await readJson(path.join(dir, 'manifest.json'));
    const named = [manifest.background.service_worker, 'popup.html'];
    for (const icons of [manifest.icons, manifest.action.default_icon]) {
      for (const [size, file] of Object.entries(icons)) {
        assert.deepEqual(pngSize(await readFile(path.join(dir, file))), [Number(size), Number(size)], file);
        named.push(file);
      }
    }
    // The popup's stylesheets and scripts, as its page links them.
    const popupHtml = await readFile(path.join(dir, 'popup.html'), 'utf8');
    named.push(...Array.from(popupHtml.matchAll(/(?:href|src)="([^":]+)"/g), (match) => match[1]));
    const files = await listFiles(dir);
    for (const file of [...named, 'injection.js', 'summary.js', 'summary.css', 'protocol.js', 'styles.js', 'highlights.js', 'pkg/sourcelight.js', 'pkg/sourcelight_bg.wasm']) {
      assert.ok(files.includes(file), file);
    }
  });

  it('injects every line of content.js\'s code, with the walk rules', async () => {
    // The build leaves out comment lines (content.js's block comments have a `*` on each line),
    // blank lines and indentation, and nothing else.
    const content = await readFile(path.join(EXTENSION_SOURCE, 'content.js'), 'utf8');
    const code = content
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line !== '' && !/^(\/\/|\/\*|\*)/.test(line));
    for (const { dir } of BUILDS) {
      const { WALK_SPEC, injectAndAnswer } = await import(pathToFileURL(path.join(DIST, dir, 'injection.js')).href);
      assert.ok(String(injectAndAnswer).includes(code.join('\n')), dir);
      assert.ok(WALK_SPEC.skipped.includes('script') && WALK_SPEC.attributes.includes('class'), dir);
    }
  });

  it('names the paint and style messages in the content script as protocol.js does', async () => {
    // content.js is a classic script and spells the types out instead of importing them.
    const content = await readFile(path.join(EXTENSION_SOURCE, 'content.js'), 'utf8');
    assert.ok(content.includes(`message?.type !== '${PAINT}'`), PAINT);
    assert.ok(content.includes(`{ type: '${STYLE}', scope }`), STYLE);
  });

  it('has every string in English and French', async () => {
    const english = await readJson(path.join(EXTENSION_SOURCE, '_locales', 'en', 'messages.json'));
    const french = await readJson(path.join(EXTENSION_SOURCE, '_locales', 'fr', 'messages.json'));
    assert.deepEqual(Object.keys(french).sort(), Object.keys(english).sort());
    const manifestText = await readFile(path.join(EXTENSION_SOURCE, 'manifest.json'), 'utf8');
    const popupHtml = await readFile(path.join(EXTENSION_SOURCE, 'popup.html'), 'utf8');
    // Keys appear as `message('key')` calls and as `label: 'key'` / `single: 'key'` table entries.
    const scripts = await Promise.all(
      ['popup.js', 'summary.js', 'background.js'].map((file) => readFile(path.join(EXTENSION_SOURCE, file), 'utf8')),
    );
    const used = [
      ...Array.from(manifestText.matchAll(/__MSG_(\w+)__/g), (match) => match[1]),
      ...Array.from(popupHtml.matchAll(/data-i18n="(\w+)"/g), (match) => match[1]),
      ...scripts.flatMap((script) => [
        ...Array.from(script.matchAll(/(?:label|single): '(\w+)'/g), (match) => match[1]),
        ...Array.from(script.matchAll(/message\('(\w+)'/g), (match) => match[1]),
      ]),
    ];
    assert.ok(used.length > 30, `only ${used.length} keys found`);
    for (const key of used) {
      assert.ok(key in english, `missing message: ${key}`);
    }
  });
});
