// Live demo: annotates the reference article shown in the sandboxed frame and wires the panel.

import { STEP_TEXT, annotateFrame, describeReport } from './annotate.js';
import { showAnnotation } from './viewer.js';

const frame = document.getElementById('page');
const status = document.getElementById('status');

function showStatus(state, text) {
  status.dataset.state = state;
  status.textContent = text;
}

/** Resolves once the article in the frame has loaded (it may already have). */
function articleLoaded() {
  const doc = frame.contentDocument;
  if (doc !== null && doc.URL !== 'about:blank' && doc.readyState === 'complete') {
    return Promise.resolve();
  }
  return new Promise((resolve) => frame.addEventListener('load', resolve, { once: true }));
}

async function main() {
  try {
    await articleLoaded();
    const result = await annotateFrame(frame.contentWindow, (step) => showStatus('working', STEP_TEXT[step]));
    showAnnotation(
      {
        frame,
        summary: document.getElementById('summary'),
        toggles: document.getElementById('toggles'),
        card: document.getElementById('card'),
      },
      result,
    );
    showStatus('done', `${describeReport(result.report)}. Hover a highlight, or pick an item below to find it in the article.`);
    document.body.dataset.annotated = 'true';
  } catch (error) {
    showStatus('error', `Could not annotate the article: ${error.message}`);
  }
}

main();
