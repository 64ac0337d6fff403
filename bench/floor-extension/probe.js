// The floor of Sourcelight's click path, measured by an extension that does none of its work:
// bench/browser-floor.mjs opens this page and calls `probeFloor` for a freshly loaded tab. Each
// trip is the one the real extension makes (background.js), emptied:
// - the injection: `executeScript` of a function that only answers (the real one walks the DOM);
// - the paint message: a tab message answered at once (the real one registers highlights);
// - the restyle: after `insertCSS` of the real highlight stylesheet, the style recalculation the
//   page must do before the highlights can show (forced and timed inside the page).
// Times are on the shared wall clock (`performance.timeOrigin + performance.now()`).

const clockNow = () => performance.timeOrigin + performance.now();

/** Runs in the page: answers tab messages with the page's clock, returns when it ran. */
function listenAndAnswer() {
  const now = () => performance.timeOrigin + performance.now();
  if (globalThis.sourcelightFloorProbe === undefined) {
    globalThis.sourcelightFloorProbe = true;
    chrome.runtime.onMessage.addListener((_message, _sender, reply) => {
      reply(now());
    });
  }
  return now();
}

/** Runs in the page: how long the style recalculation pending after `insertCSS` takes. */
function forcedRestyle() {
  const start = performance.now();
  getComputedStyle(document.documentElement, '::highlight(sourcelight-quote)').backgroundColor;
  getComputedStyle(document.body ?? document.documentElement).color;
  return performance.now() - start;
}

/**
 * The three trips for the tab whose URL is `url`, with `css` the highlight stylesheet; resolves
 * to milliseconds: `injectTrip`, `toPage` (its way in), `messageTrip`, `restyle`.
 */
globalThis.probeFloor = async (url, css) => {
  const [tab] = await chrome.tabs.query({ url });
  const target = { tabId: tab.id };
  const sent = clockNow();
  const [{ result: ranAt }] = await chrome.scripting.executeScript({ target, func: listenAndAnswer, injectImmediately: true });
  const injected = clockNow();
  await chrome.tabs.sendMessage(tab.id, {}, { frameId: 0 });
  const answered = clockNow();
  await chrome.scripting.insertCSS({ target, css });
  const [{ result: restyle }] = await chrome.scripting.executeScript({ target, func: forcedRestyle, injectImmediately: true });
  return { injectTrip: injected - sent, toPage: ranAt - sent, messageTrip: answered - injected, restyle };
};
