// The popup's request for the active tab's annotation, in a module of its own so that it goes out
// as soon as the popup page starts: popup.html loads it `async`, which runs it once it and
// protocol.js are fetched, before the page is parsed and before popup.js and the summary code
// are loaded. popup.js imports the same module instance and renders its answer. In Chromium the
// click itself started the annotation (background.js's `onClicked`) and this request picks up its
// outcome; in Firefox, whose click opens the popup directly, this request starts it.

import { ANNOTATE_TAB, clockNow } from './protocol.js';

// Where the popup's start-up goes (bench/browser-e2e.mjs reads it): until here, the page's load
// up to its first script.
performance.mark('sourcelight-popup-script');

/**
 * Asks the service worker to annotate the active tab of this popup's window (`force`: even if
 * the page's last annotation still holds). Resolves to `{ tab, outcome }`, `tab` the active tab
 * (`{ id, title, url }`, undefined when there is none) and `outcome` the answer (see
 * protocol.js; undefined without a tab). The User Timing mark `sourcelight-request` says when it
 * asked.
 */
export async function requestAnnotation(force) {
  const [tab] = await chrome.tabs.query({ active: true, currentWindow: true });
  if (tab?.id === undefined) {
    return { tab };
  }
  performance.mark('sourcelight-request');
  const outcome = await chrome.runtime.sendMessage({ type: ANNOTATE_TAB, tabId: tab.id, force, sentAt: clockNow() });
  return { tab, outcome };
}

/**
 * The annotation the popup asks for on opening (the user's click is what grants activeTab).
 * Marked as handled here: popup.js awaits it and shows a failure as an error state.
 */
export const firstAnnotation = requestAnnotation(false);
firstAnnotation.catch(() => {});
