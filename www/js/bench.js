// The site's benchmark page: times the wasm engine in this tab on the reference article,
// `analyzeText` on its plain text and `annotateSnapshot` on its page (the snapshot content.js
// takes of it, as the extension's service worker receives it). Shows median, max and MB/s.

import { analyzeText, annotateSnapshot, snapshotSpec } from '../pkg/sourcelight.js';
import { contentScript, loadEngine } from './annotate.js';
import { setStatus } from './site.js';

const form = document.getElementById('controls');
const runsInput = document.getElementById('runs');
const runButton = document.getElementById('run');
const status = document.getElementById('status');
const results = document.getElementById('results');
const frame = document.getElementById('page');

/** The reference article's plain text, as the CLI and the native benchmarks read it. */
const ARTICLE_TEXT = '../demo/article.txt';

/** `{ median, max }` of `times`. */
function summarise(times) {
  const sorted = [...times].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
  return { median, max: sorted.at(-1) };
}

/** Milliseconds of each of `runs` calls of `work`. */
function time(work, runs) {
  const times = [];
  for (let run = 0; run < runs; run += 1) {
    const start = performance.now();
    work();
    times.push(performance.now() - start);
  }
  return times;
}

/** Resolves once the article in the frame has loaded (it may already have). */
function articleLoaded() {
  const doc = frame.contentDocument;
  if (doc !== null && doc.URL !== 'about:blank' && doc.readyState === 'complete') {
    return Promise.resolve(doc);
  }
  return new Promise((resolve) => frame.addEventListener('load', () => resolve(frame.contentDocument), { once: true }));
}

/** The inputs, loaded once: the article's text and its page's snapshot as JSON text. */
let inputsReady = null;

function loadInputs() {
  inputsReady ??= (async () => {
    const [response, doc] = await Promise.all([fetch(new URL(ARTICLE_TEXT, import.meta.url)), articleLoaded(), loadEngine()]);
    if (!response.ok) {
      throw new Error(`${ARTICLE_TEXT}: HTTP ${response.status}`);
    }
    const taken = contentScript().snapshot(snapshotSpec(), doc);
    if (taken.error !== undefined) {
      throw new Error(`content script: ${taken.error}`);
    }
    return { text: await response.text(), snapshotJson: JSON.stringify(taken.snapshot) };
  })();
  return inputsReady;
}

/** One row of the results table. */
function row(name, input, bytes, times) {
  const { median, max } = summarise(times);
  const cells = [name, `${(bytes / 1024).toFixed(1)} KB ${input}`, String(times.length), median.toFixed(2), max.toFixed(2), (bytes / 1e6 / (median / 1000)).toFixed(2)];
  const tr = document.createElement('tr');
  tr.dataset.benchmark = name;
  for (const text of cells) {
    tr.appendChild(document.createElement('td')).textContent = text;
  }
  return tr;
}

/** Runs both benchmarks `runs` times each and shows the table. */
async function run(runs) {
  runButton.disabled = true;
  setStatus(status, 'working', `Running ${runs} times each…`);
  // Lets the status line render before the main thread is busy.
  await new Promise((resolve) => setTimeout(resolve, 0));
  try {
    const { text, snapshotJson } = await loadInputs();
    const encoder = new TextEncoder();
    const rows = [
      row('analyzeText', 'text', encoder.encode(text).length, time(() => analyzeText(text), runs)),
      row('annotateSnapshot', 'snapshot JSON', encoder.encode(snapshotJson).length, time(() => annotateSnapshot(snapshotJson), runs)),
    ];
    results.tBodies[0].replaceChildren(...rows);
    results.hidden = false;
    setStatus(status, 'done', `Done: ${runs} runs each, in this tab.`);
    document.body.dataset.benchmarked = 'true';
  } catch (error) {
    setStatus(status, 'error', `Could not run the benchmark: ${error.message}`);
  } finally {
    runButton.disabled = false;
  }
}

form.addEventListener('submit', (event) => {
  event.preventDefault();
  const runs = Math.min(1000, Math.max(1, Math.round(Number(runsInput.value)) || 1));
  runsInput.value = String(runs);
  run(runs);
});

loadInputs().then(
  () => setStatus(status, 'idle', 'Ready: choose the number of runs and press Run.'),
  (error) => setStatus(status, 'error', `Could not load the benchmark: ${error.message}`),
);
