// Annotates a page shown in a same-origin (sandboxed) iframe with exactly the extension's
// pipeline: content.js snapshots the frame's DOM, the wasm engine finds the article and analyses
// it, content.js paints the ranges with the frame's CSS.highlights, styled by highlights.css.

import init, { analyzeText, annotateSnapshot, snapshotSpec } from '../pkg/sourcelight.js';
import { contentFor } from '../ext/content-module.js';

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

/** The wasm engine, initialised once per page. */
let engineReady = null;

/** Loads the wasm engine (once). */
export function loadEngine() {
  engineReady ??= init({ module_or_path: new URL('../pkg/sourcelight_bg.wasm', import.meta.url) });
  return engineReady;
}

/** The text of the extension's highlight stylesheet plus the site's focus style, fetched once. */
let highlightCss = null;

function loadHighlightCss() {
  highlightCss ??= Promise.all([
    fetch(new URL('../ext/highlights.css', import.meta.url)).then((response) => response.text()),
    fetch(new URL('../frame.css', import.meta.url)).then((response) => response.text()),
  ]).then((sheets) => sheets.join('\n'));
  return highlightCss;
}

/**
 * Lets the browser render (the progress line, the spinner) before the next long step: the
 * engine runs on the main thread, so each step is kept separate.
 */
function yieldToEventLoop() {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/**
 * Gives the frame the `::highlight()` styles as an adopted stylesheet, so the page's DOM is not
 * touched (a <style> element would become part of the next snapshot).
 */
async function styleFrame(frameWindow) {
  const sheet = new frameWindow.CSSStyleSheet();
  sheet.replaceSync(await loadHighlightCss());
  const doc = frameWindow.document;
  doc.adoptedStyleSheets = [...doc.adoptedStyleSheets, sheet];
}

/** Turns an error value returned by content.js into an exception. */
function checked(result) {
  if (result === null || result === undefined || result.error !== undefined) {
    throw new Error(`content script: ${result?.error ?? 'no answer'}`);
  }
  return result;
}

/**
 * Snapshots, analyses and paints the document of `frameWindow`, calling `progress(step)` before
 * each step ('find', 'paint'). Resolves to `{ articleFound, report, ranges, painted, content }`,
 * `content` being the content.js instance bound to the frame.
 */
export async function annotateFrame(frameWindow, progress = () => {}) {
  await loadEngine();
  progress('find');
  await yieldToEventLoop();
  const content = contentFor(frameWindow);
  const taken = checked(content.snapshot(snapshotSpec()));
  await yieldToEventLoop();
  const annotation = annotateSnapshot(taken.snapshot);
  progress('paint');
  await yieldToEventLoop();
  await styleFrame(frameWindow);
  const { painted } = checked(content.paint(taken.generation, annotation.ranges));
  return {
    articleFound: annotation.article_found,
    report: annotation.report,
    ranges: annotation.ranges,
    painted,
    content,
  };
}

/** The report of plain text (paragraphs separated by blank lines), as the CLI gives for text. */
export async function reportOfText(text) {
  await loadEngine();
  return analyzeText(text);
}

/**
 * Resolves once `frame` has loaded `srcdoc`. The load listener is attached before the
 * assignment so a fast parse cannot be missed.
 */
export function loadSrcdoc(frame, srcdoc) {
  return new Promise((resolve) => {
    frame.addEventListener('load', () => resolve(frame.contentWindow), { once: true });
    frame.srcdoc = srcdoc;
  });
}
