// Annotates a page shown in a same-origin iframe with exactly the extension's pipeline:
// content.js (loaded by the page as a classic script, `globalThis.sourcelightContent`)
// snapshots the frame's document, the wasm engine finds the article and analyses it, and
// content.js paints the ranges with the frame's CSS.highlights (styled by highlights.css) and
// shows the hover card inside the frame. Nothing here analyses or paints on its own.

import init, { analyzeText, annotateSnapshot, snapshotSpec } from '../pkg/sourcelight.js';
import { itemLabels, messagesFrom } from '../ext/summary.js';

/** What the status line says during each step of an annotation. */
export const STEP_TEXT = Object.freeze({
  parse: 'Parsing…',
  find: 'Finding the article…',
  paint: 'Painting…',
});

/** One line saying what the report holds. */
export function describeReport(report) {
  const count = (list, one, many) => `${list.length} ${list.length === 1 ? one : many}`;
  return [
    count(report.quotes, 'quote', 'quotes'),
    count(report.speakers, 'speaker', 'speakers'),
    count(report.officials, 'official', 'officials'),
    count(report.image_credits, 'photo credit', 'photo credits'),
  ].join(', ');
}

/** Fetches a file of the site, relative to this module, as text. */
async function siteFile(path) {
  const response = await fetch(new URL(path, import.meta.url));
  if (!response.ok) {
    throw new Error(`${path}: HTTP ${response.status}`);
  }
  return response.text();
}

/** The wasm engine, initialised once per page. */
let engineReady = null;

/** Loads the wasm engine (once). */
export function loadEngine() {
  engineReady ??= init({ module_or_path: new URL('../pkg/sourcelight_bg.wasm', import.meta.url) });
  return engineReady;
}

/** The English `message(key, substitutions)` of the summary and hover card, loaded once. */
let messagesReady = null;

export function loadMessages() {
  messagesReady ??= siteFile('../ext/messages.json').then((json) => messagesFrom(JSON.parse(json)));
  return messagesReady;
}

/** The extension's highlight stylesheet, fetched once. */
let highlightCss = null;

/**
 * Gives the frame the `::highlight()` styles as an adopted stylesheet, as the extension's
 * insertCSS does: the page's DOM is not touched (a <style> element would be snapshotted).
 */
async function styleFrame(frameWindow) {
  highlightCss ??= siteFile('../ext/highlights.css');
  const sheet = new frameWindow.CSSStyleSheet();
  sheet.replaceSync(await highlightCss);
  const doc = frameWindow.document;
  doc.adoptedStyleSheets = [...doc.adoptedStyleSheets, sheet];
}

/** content.js's API, loaded by the page with `<script src="…/ext/content.js">`. */
export function contentScript() {
  const content = globalThis.sourcelightContent;
  if (content === undefined) {
    throw new Error('ext/content.js is not loaded');
  }
  return content;
}

/** Turns an error value returned by content.js into an exception. */
function checked(result) {
  if (result === null || result === undefined || result.error !== undefined) {
    throw new Error(`content script: ${result?.error ?? 'no answer'}`);
  }
  return result;
}

/**
 * Lets the browser render the progress line before the next long step: the engine runs on the
 * main thread, so each step is kept separate.
 */
function yieldToEventLoop() {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/**
 * Snapshots, analyses and paints the document of `frameWindow`, calling `progress(step)` before
 * each step ('find', 'paint'). Resolves to `{ articleFound, report, ranges, painted, message }`.
 */
export async function annotateFrame(frameWindow, progress = () => {}) {
  const [message] = await Promise.all([loadMessages(), loadEngine()]);
  progress('find');
  await yieldToEventLoop();
  const content = contentScript();
  const taken = checked(content.snapshot(snapshotSpec(), frameWindow.document));
  await yieldToEventLoop();
  const annotation = annotateSnapshot(JSON.stringify(taken.snapshot));
  progress('paint');
  await yieldToEventLoop();
  await styleFrame(frameWindow);
  const labels = itemLabels(annotation.report, message);
  const { painted } = checked(content.paint(taken.generation, annotation.ranges, { labels }));
  return {
    articleFound: annotation.article_found,
    report: annotation.report,
    ranges: annotation.ranges,
    painted,
    message,
  };
}

/** The report of plain text (paragraphs separated by blank lines), as the CLI gives for text. */
export async function reportOfText(text) {
  await loadEngine();
  return analyzeText(text);
}

/**
 * Shows `srcdoc` in `frame`, first removing the previous document's highlights and hover card
 * listeners. Resolves to the frame's window once the new document has loaded (the listener is
 * attached before the assignment, so a fast parse cannot be missed).
 */
export function loadSrcdoc(frame, srcdoc) {
  contentScript().clear();
  return new Promise((resolve) => {
    frame.addEventListener('load', () => resolve(frame.contentWindow), { once: true });
    frame.srcdoc = srcdoc;
  });
}
