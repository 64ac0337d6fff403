// Playground: annotates pasted text, pasted HTML or a dropped/uploaded saved page.
//
// HTML is shown in a frame sandboxed without allow-scripts (srcdoc), so the page's scripts never
// run, and the page's policy (see playground/index.html) refuses every off-site resource. The
// frame's document is then snapshotted and painted exactly as the extension does it.

import { STEP_TEXT, annotateFrame, describeReport, loadEngine, loadSrcdoc, reportOfText } from './annotate.js';
import { setStatus } from './site.js';
import { disableLinks, showSummary } from './viewer.js';

const form = document.getElementById('input');
const source = document.getElementById('source');
const fileInput = document.getElementById('file');
const dropZone = document.getElementById('drop-zone');
const annotateButton = document.getElementById('annotate');
const result = document.getElementById('result');
const frame = document.getElementById('page');
const status = document.getElementById('status');
const exportLink = document.getElementById('export');
const summary = document.getElementById('summary');

const showStatus = (state, text) => setStatus(status, state, text);

/** Whether pasted input is HTML rather than plain text: it starts with a tag. */
function looksLikeHtml(text) {
  return /^\s*(<!--[\s\S]*?-->\s*)*<(!doctype|html|head|body|[a-z][a-z0-9-]*)[\s>/]/i.test(text);
}

/**
 * A page showing plain text as paragraphs (split at blank lines), built with textContent so the
 * text can never become markup.
 */
function pageOfText(text) {
  const doc = document.implementation.createHTMLDocument('Pasted text');
  doc.head.appendChild(doc.createElement('style')).textContent =
    'body{font:18px/1.6 Georgia,serif;max-width:40rem;margin:2rem auto;padding:0 1rem;color:#1d1d1f;background:#fff}';
  const article = doc.body.appendChild(doc.createElement('article'));
  for (const paragraph of text.split(/\n[ \t\r]*\n/)) {
    if (paragraph.trim() !== '') {
      article.appendChild(doc.createElement('p')).textContent = paragraph.trim();
    }
  }
  return `<!doctype html>${doc.documentElement.outerHTML}`;
}

/**
 * Elements whose attribute makes the browser connect to a host although the page's policy
 * refuses the resource: nested frames (the test's recording proxy saw Chromium open a
 * connection for them before refusing the navigation), plugins, connection hints (which no
 * policy governs) and refreshes. Stylesheets, images, fonts, scripts and preloads are refused by
 * the policy and the sandbox before any connection, so they are left alone.
 */
const CONNECTING_ATTRIBUTES = [
  ['iframe, frame, embed', 'src'],
  ['object', 'data'],
  ['link[rel~="preconnect" i], link[rel~="dns-prefetch" i], link[rel~="prerender" i]', 'href'],
  ['meta[http-equiv="refresh" i]', 'content'],
];

/**
 * The page's HTML with the attributes in CONNECTING_ATTRIBUTES removed, parsed and serialised by
 * the browser (inert: DOMParser neither runs nor loads anything). Only attributes change, never
 * text, so the article and every offset in it are the page's own.
 */
function inertHtml(html) {
  const doc = new DOMParser().parseFromString(html, 'text/html');
  for (const [selector, attribute] of CONNECTING_ATTRIBUTES) {
    for (const element of doc.querySelectorAll(selector)) {
      element.removeAttribute(attribute);
    }
  }
  const doctype = doc.doctype === null ? '' : new XMLSerializer().serializeToString(doc.doctype);
  return doctype + doc.documentElement.outerHTML;
}

/** The character set a saved page declares (BOM, then <meta charset> in its first 1024 bytes). */
function declaredCharset(bytes) {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return 'utf-8';
  }
  if (bytes[0] === 0xff && bytes[1] === 0xfe) {
    return 'utf-16le';
  }
  if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    return 'utf-16be';
  }
  const head = new TextDecoder('windows-1252').decode(bytes.subarray(0, 1024));
  const match = /<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)/i.exec(head);
  return match ? match[1] : 'utf-8';
}

/** Decodes a saved page's bytes as the browser would (unknown labels fall back to UTF-8). */
function decodePage(bytes) {
  try {
    return new TextDecoder(declaredCharset(bytes)).decode(bytes);
  } catch {
    return new TextDecoder('utf-8').decode(bytes);
  }
}

/** Offers `report` as a JSON download named after the input. */
function offerExport(report, name) {
  if (exportLink.href) {
    URL.revokeObjectURL(exportLink.href);
  }
  const json = `${JSON.stringify(report, null, 2)}\n`;
  exportLink.href = URL.createObjectURL(new Blob([json], { type: 'application/json' }));
  exportLink.download = `${name.replace(/\.[^.]*$/, '') || 'article'}.sourcelight.json`;
  exportLink.hidden = false;
}

/**
 * Shows and annotates one input: `{ kind: 'html' | 'text', text, name }`. Text is shown as a
 * simple page and analysed through the same pipeline; if no article is found in it (too short),
 * its report comes from the plain-text analysis, without highlights.
 */
async function annotate(input) {
  annotateButton.disabled = true;
  exportLink.hidden = true;
  result.hidden = false;
  result.scrollIntoView({ block: 'start' });
  summary.replaceChildren();
  showStatus('working', STEP_TEXT.parse);
  try {
    // Started now so the engine compiles while the frame parses.
    const engine = loadEngine();
    const frameWindow = await loadSrcdoc(frame, input.kind === 'html' ? inertHtml(input.text) : pageOfText(input.text));
    disableLinks(frameWindow);
    acceptDrops(frameWindow.document);
    await engine;
    const annotation = await annotateFrame(frameWindow, (step) => showStatus('working', STEP_TEXT[step]));
    if (!annotation.articleFound && input.kind === 'text') {
      annotation.report = await reportOfText(input.text);
    }
    showSummary(summary, annotation);
    offerExport(annotation.report, input.name);
    const found = describeReport(annotation.report);
    if (annotation.articleFound) {
      showStatus('done', `${found}.`);
    } else if (input.kind === 'text') {
      showStatus('done', `${found} (analysed as plain text: too short to find an article, so nothing is highlighted).`);
    } else {
      showStatus('no-article', 'No article found on this page.');
    }
    document.body.dataset.annotated = 'true';
  } catch (error) {
    showStatus('error', `Could not annotate this page: ${error.message}`);
  } finally {
    annotateButton.disabled = false;
  }
}

/** Annotates a saved page or text file. */
async function annotateFile(file) {
  const bytes = new Uint8Array(await file.arrayBuffer());
  const isText = /\.txt$/i.test(file.name) || file.type === 'text/plain';
  const text = decodePage(bytes);
  await annotate({ kind: isText && !looksLikeHtml(text) ? 'text' : 'html', text, name: file.name });
}

form.addEventListener('submit', (event) => {
  event.preventDefault();
  const text = source.value;
  if (text.trim() === '') {
    source.focus();
    return;
  }
  annotate({ kind: looksLikeHtml(text) ? 'html' : 'text', text, name: 'pasted' });
});

fileInput.addEventListener('change', () => {
  const [file] = fileInput.files;
  if (file !== undefined) {
    annotateFile(file);
  }
});

/**
 * Makes `target` (this page's document, or the shown page's) accept a dropped file: a page
 * dropped anywhere on the playground is annotated, never opened by the browser.
 */
function acceptDrops(target) {
  target.addEventListener('dragover', (event) => {
    if (event.dataTransfer?.types.includes('Files')) {
      event.preventDefault();
      dropZone.dataset.dragging = 'true';
    }
  });
  target.addEventListener('dragleave', (event) => {
    if (event.relatedTarget === null) {
      dropZone.dataset.dragging = 'false';
    }
  });
  target.addEventListener('drop', (event) => {
    dropZone.dataset.dragging = 'false';
    const file = event.dataTransfer?.files[0];
    if (file !== undefined) {
      event.preventDefault();
      annotateFile(file);
    }
  });
}

acceptDrops(document);
