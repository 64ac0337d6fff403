// Assembles the static site into dist/www (run from anywhere: `node www/build.mjs`, after the
// wasm package and the extension are built):
//   the pages and scripts in www/;
//   ext/       the extension's content script, highlight styles, summary renderer and styles,
//              English messages (the site runs the extension's code, never a second implementation);
//   pkg/       the wasm package (the same engine the extension runs);
//   demo/article.html + demo/img/ + demo/article.txt   the reference article and its plain text
//              (tests/fixtures/seed-article; the benchmark page reads both);
//   downloads/ the extension zips, screenshots/ the extension's screenshots, when built.
// Everything is local: the site makes no external request.

import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'dist/www');

/**
 * Files of extension/ the site loads as they are: content.js (snapshot, paint, hover card,
 * toggles, reveal; it binds to whichever document it is given, e.g. an iframe's), the
 * highlight styles, and the summary renderer the popup uses with its styles. The site runs the
 * extension's code, never a second implementation.
 */
const EXTENSION_FILES = ['content.js', 'highlights.css', 'summary.css', 'summary.js'];

/** The English messages the summary's labels come from (the popup uses chrome.i18n instead). */
const MESSAGES = '_locales/en/messages.json';

/** The extension's screenshots the landing page shows when they exist, with their captions. */
const SCREENSHOTS = [
  { file: 'page.png', caption: 'Highlights on a news page' },
  { file: 'popup.png', caption: 'The popup summary' },
];

/** The landing page's screenshot section, or nothing when no screenshot was made yet. */
function screenshotsHtml(present) {
  const figures = SCREENSHOTS.filter(({ file }) => present.includes(file)).map(
    ({ file, caption }) =>
      `    <figure><img src="screenshots/${file}" alt="${caption}" loading="lazy"><figcaption>${caption}</figcaption></figure>`,
  );
  if (figures.length === 0) {
    return '';
  }
  return `<h2>Screenshots</h2>\n  <div class="screenshots">\n${figures.join('\n')}\n  </div>`;
}

/** The landing page's download links for the built zips. */
function downloadsHtml(zips) {
  if (zips.length === 0) {
    return '';
  }
  const links = zips.map((zip) => `<li><a href="downloads/${zip}" download>${zip}</a></li>`);
  return `<p>Or download the packaged builds (the store uploads):</p>\n  <ul>${links.join('')}</ul>`;
}

function main() {
  if (!existsSync(join(root, 'dist/pkg/sourcelight_bg.wasm'))) {
    throw new Error('dist/pkg is missing: build the wasm package first (./x build)');
  }
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  cpSync(join(root, 'www'), out, {
    recursive: true,
    filter: (src) => !src.endsWith('build.mjs'),
  });
  cpSync(join(root, 'dist/pkg'), join(out, 'pkg'), {
    recursive: true,
    filter: (src) => !src.endsWith('.d.ts'),
  });

  const ext = join(out, 'ext');
  mkdirSync(ext, { recursive: true });
  for (const file of EXTENSION_FILES) {
    cpSync(join(root, 'extension', file), join(ext, file));
  }
  cpSync(join(root, 'extension/icons/icon.svg'), join(out, 'icon.svg'));
  cpSync(join(root, 'extension', MESSAGES), join(ext, 'messages.json'));

  const seed = join(root, 'tests/fixtures/seed-article');
  cpSync(join(seed, 'source.html'), join(out, 'demo/article.html'));
  cpSync(join(seed, 'article.txt'), join(out, 'demo/article.txt'));
  cpSync(join(seed, 'img'), join(out, 'demo/img'), { recursive: true });

  const dist = join(root, 'dist');
  const zips = readdirSync(dist).filter((name) => /^sourcelight-.*\.zip$/.test(name));
  if (zips.length > 0) {
    mkdirSync(join(out, 'downloads'), { recursive: true });
    for (const zip of zips) {
      cpSync(join(dist, zip), join(out, 'downloads', zip));
    }
  }
  const screenshots = join(root, 'docs/screenshots');
  const present = existsSync(screenshots) ? readdirSync(screenshots) : [];
  for (const { file } of SCREENSHOTS.filter(({ file }) => present.includes(file))) {
    mkdirSync(join(out, 'screenshots'), { recursive: true });
    cpSync(join(screenshots, file), join(out, 'screenshots', file));
  }
  const landing = join(out, 'index.html');
  writeFileSync(
    landing,
    readFileSync(landing, 'utf8')
      .replace('<!-- screenshots -->', screenshotsHtml(present))
      .replace('<!-- downloads -->', downloadsHtml(zips)),
  );
  console.log(`site written to ${out}`);
}

try {
  main();
} catch (error) {
  console.error(`site build failed: ${error.message}`);
  process.exitCode = 1;
}
