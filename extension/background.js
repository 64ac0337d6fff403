// Sourcelight service worker: the only place the wasm engine runs.
//
// Flow, started by the popup (the user clicked the toolbar button, which grants activeTab):
// 1. inject content.js into the tab (it guards its own re-injection) while the engine loads;
// 2. in one call, if the page's last annotation still holds (the content script follows the
//    page), get it and answer with it at once; else get a flat snapshot of the DOM, walked by the
//    rules `snapshotSpec()` gives (the lists live in Rust, once);
// 3. run `annotateSnapshot` here: Chromium refuses wasm in content scripts on pages whose CSP
//    lacks 'wasm-unsafe-eval', so analysis never runs in the page; meanwhile the browser inserts
//    the `::highlight()` styles with `insertCSS` (no <style> element: the page's DOM stays
//    untouched);
// 4. have the content script paint the ranges with CSS.highlights and follow the page: when its
//    article re-renders, the content script sends a new snapshot (PAGE_CHANGED) and paints the
//    answer, without another executeScript;
// 5. answer the popup with the report.
//
// Every round trip to the page costs milliseconds, so there are three on the way (inject,
// snapshot, paint); where the time goes is kept for the TIMINGS message (see protocol.js).

import init, { annotateSnapshot, snapshotSpec } from './pkg/sourcelight.js';
import {
  ANNOTATE_TAB,
  CLEAR,
  Failure,
  HIDDEN_KEY,
  PAGE_CHANGED,
  REVEAL,
  SET_HIDDEN,
  Status,
  TIMINGS,
  clockNow,
} from './protocol.js';
import { itemLabels } from './summary.js';

/** The stylesheet with the `::highlight(sourcelight-*)` rules. */
const HIGHLIGHT_CSS = 'highlights.css';

/** A failure that carries one of the `Failure` codes for the popup. */
class AnnotationError extends Error {
  constructor(failure, detail) {
    super(detail);
    this.failure = failure;
  }
}

/**
 * The wasm instance, initialised on first use. A module service worker may not use top-level
 * await, and the worker can be stopped and restarted at any time, so this is lazy.
 */
let engineReady = null;

/** The DOM walker's rules (`snapshotSpec()`), read once the engine is loaded. */
let walkSpec = null;

/** What the TIMINGS message answers (see protocol.js): this worker's latest measurements. */
const timings = { annotation: null, engine: { instantiate: null } };

function loadEngine() {
  if (engineReady === null) {
    const start = performance.now();
    engineReady = init().then(
      () => {
        timings.engine.instantiate = performance.now() - start;
        walkSpec = snapshotSpec();
      },
      (error) => {
        // Let the next click retry instead of remembering the failure forever.
        engineReady = null;
        throw error;
      },
    );
  }
  return engineReady;
}

/** Records how long each awaited step of one annotation takes, in `stages` (milliseconds). */
class StageClock {
  constructor() {
    this.stages = {};
  }

  /** Awaits `step()`, adding its duration to stage `name`. */
  async time(name, step) {
    const start = performance.now();
    try {
      return await step();
    } finally {
      this.stages[name] = (this.stages[name] ?? 0) + performance.now() - start;
    }
  }
}

/**
 * Runs `func(...args)` in the content script's isolated world of the tab's top frame and returns
 * its result. `func` is serialised, so it may only use its arguments and the page's globals.
 */
async function runInTab(tabId, func, args = []) {
  const [injection] = await chrome.scripting.executeScript({ target: { tabId }, func, args });
  return injection?.result;
}

/** Turns an error value returned by the content script into an exception. */
function checkContentResult(result) {
  if (result === undefined || result === null) {
    throw new AnnotationError(Failure.FAILED, 'the page did not answer');
  }
  if (result.error !== undefined) {
    throw new AnnotationError(Failure.FAILED, result.error);
  }
  return result;
}

/** The categories the user switched off in the popup. */
async function hiddenCategories() {
  const stored = await chrome.storage.sync.get(HIDDEN_KEY);
  return Array.isArray(stored[HIDDEN_KEY]) ? stored[HIDDEN_KEY] : [];
}

/** The items of each category that have at least one range, so the popup can offer to show them. */
function revealableItems(ranges) {
  const revealable = {};
  for (const { category, item } of ranges) {
    const items = (revealable[category] ??= []);
    if (items.at(-1) !== item) {
      items.push(item);
    }
  }
  return revealable;
}

/**
 * Analyses a snapshot, given as its JSON text: what the content script paints (`ranges`,
 * `options`) and what the popup shows (`outcome`, its `painted` counts filled in once painted).
 * `hidden` resolves to the categories switched off (read while the snapshot was on its way);
 * `clock` times the steps.
 */
async function analyseSnapshot(snapshotJson, hidden, clock = new StageClock()) {
  await clock.time('engine', loadEngine);
  const { article_found: articleFound, report, ranges } = await clock.time('analysis', () => annotateSnapshot(snapshotJson));
  const options = await clock.time('labels', async () => ({
    labels: itemLabels(report, (key, substitutions) => chrome.i18n.getMessage(key, substitutions)),
    hidden: await hidden,
  }));
  const outcome = articleFound
    ? { status: Status.DONE, report, revealable: revealableItems(ranges) }
    : { status: Status.NO_ARTICLE };
  return { ranges, options, outcome };
}

/**
 * Runs in the page (serialised, so self-contained): the last outcome when `reuse` is set and it
 * still holds, else a new snapshot walked by `spec`, as its JSON text (`snapshotJson`, what
 * `annotateSnapshot` reads), with its node count and the milliseconds spent walking and
 * serialising. One string crosses to the worker much faster than the arrays would: the browser
 * copies results value by value.
 */
function snapshotOrReuse(spec, reuse) {
  const content = globalThis.sourcelightContent;
  if (reuse) {
    const { outcome } = content.current();
    if (outcome !== null) {
      return { outcome };
    }
  }
  const start = performance.now();
  const taken = content.snapshot(spec);
  if (taken.error !== undefined) {
    return taken;
  }
  const walked = performance.now();
  const snapshotJson = JSON.stringify(taken.snapshot);
  return {
    generation: taken.generation,
    snapshotJson,
    nodes: taken.snapshot.parent.length,
    walk: walked - start,
    serialise: performance.now() - walked,
  };
}

/**
 * Runs in the page (serialised): paints the ranges, starts following the page, and says how long
 * painting and starting to follow took, and when the highlights were registered.
 */
function paintAndFollow(generation, ranges, options, followOptions) {
  const content = globalThis.sourcelightContent;
  const start = performance.now();
  const result = content.paint(generation, ranges, options);
  const painted = performance.now();
  if (result.painted !== undefined) {
    content.follow({ ...followOptions, outcome: { ...followOptions.outcome, painted: result.painted } });
  }
  return { ...result, paint: painted - start, follow: performance.now() - painted, paintedAt: performance.timeOrigin + painted };
}

/**
 * `promise`, already marked as handled: it is awaited later, and a step failing before then must
 * not make it report an unhandled rejection as well.
 */
function startedEarly(promise) {
  promise.catch(() => {});
  return promise;
}

/**
 * Replaces the highlight stylesheet in the tab. Painted even when empty, so that an earlier
 * click's highlights never outlive the page's text; removing first keeps a second click from
 * stacking a second copy of the same stylesheet.
 */
async function restyleTab(target) {
  await chrome.scripting.removeCSS({ target, files: [HIGHLIGHT_CSS] });
  await chrome.scripting.insertCSS({ target, files: [HIGHLIGHT_CSS] });
}

/**
 * Annotates the tab and returns the outcome for the popup (see protocol.js); `sentAt` is when the
 * popup asked (`clockNow()`), for the timings.
 */
async function annotateTab(tabId, force, sentAt) {
  const receivedAt = performance.now();
  const clock = new StageClock();
  clock.stages.request = clockNow() - sentAt;
  const target = { tabId };
  // Started now: the engine compiles and the setting is read while the page is reached.
  const engine = startedEarly(loadEngine());
  const hidden = startedEarly(hiddenCategories());
  await clock.time('inject', async () => {
    try {
      await chrome.scripting.executeScript({ target, files: ['content.js'] });
    } catch (error) {
      // Injection fails only when the browser denies access to the tab.
      throw new AnnotationError(Failure.CANNOT_ACCESS, String(error?.message ?? error));
    }
  });
  let reuse = !force;
  if (reuse && walkSpec === null) {
    // A worker just started: ask for the last outcome on its own rather than wait for the engine.
    const { outcome } = checkContentResult(await runInTab(tabId, () => globalThis.sourcelightContent.current()));
    if (outcome !== null) {
      timings.annotation = { path: 'reused', stages: clock.stages, total: performance.now() - receivedAt };
      return outcome;
    }
    reuse = false;
  }
  await clock.time('engine', () => engine);
  const call = performance.now();
  const taken = checkContentResult(await runInTab(tabId, snapshotOrReuse, [walkSpec, reuse]));
  if (taken.outcome !== undefined) {
    clock.stages.snapshotTransfer = performance.now() - call;
    timings.annotation = { path: 'reused', stages: clock.stages, total: performance.now() - receivedAt };
    return taken.outcome;
  }
  clock.stages.snapshot = taken.walk;
  clock.stages.serialise = taken.serialise;
  clock.stages.snapshotTransfer = performance.now() - call - taken.walk - taken.serialise;
  const styled = startedEarly(restyleTab(target));
  const { ranges, options, outcome } = await analyseSnapshot(taken.snapshotJson, hidden, clock);
  await clock.time('styles', () => styled);
  const paintCall = performance.now();
  const { painted, paint, follow, paintedAt } = checkContentResult(
    await runInTab(tabId, paintAndFollow, [taken.generation, ranges, options, { spec: walkSpec, messageType: PAGE_CHANGED, outcome }]),
  );
  const end = performance.now();
  clock.stages.paint = paint;
  clock.stages.follow = follow;
  clock.stages.paintTransfer = end - paintCall - paint - follow;
  timings.annotation = {
    path: 'full',
    nodes: taken.nodes,
    stages: clock.stages,
    total: end - receivedAt,
    actionToPainted: paintedAt - sentAt,
  };
  return { ...outcome, painted };
}

/** Answers a content script whose page changed: the new ranges and outcome for its snapshot. */
async function reannotate(message) {
  const { ranges, options, outcome } = await analyseSnapshot(message.snapshotJson, hiddenCategories());
  return { generation: message.generation, ranges, options, outcome };
}

/** Runs one of the popup's commands in the tab's content script. */
async function commandTab(message) {
  const { tabId } = message;
  switch (message.type) {
    case SET_HIDDEN:
      return runInTab(tabId, (hidden) => globalThis.sourcelightContent?.setHidden(hidden), [message.hidden]);
    case REVEAL:
      return runInTab(
        tabId,
        (category, item) => globalThis.sourcelightContent?.reveal(category, item),
        [message.category, message.item],
      );
    default: {
      const result = await runInTab(tabId, () => globalThis.sourcelightContent?.clear());
      await chrome.scripting.removeCSS({ target: { tabId }, files: [HIGHLIGHT_CSS] });
      return result;
    }
  }
}

/** The outcome for an exception, never rejecting: the popup must always get an answer. */
function failureOutcome(error) {
  const failure = error instanceof AnnotationError ? error.failure : Failure.FAILED;
  return { status: Status.ERROR, error: failure, detail: String(error?.message ?? error) };
}

chrome.runtime.onMessage.addListener((message, sender, sendResponse) => {
  if (sender.id !== chrome.runtime.id) {
    return false;
  }
  // A content script only ever speaks for its own tab's top frame; it is never handed a tab id.
  if (message?.type === PAGE_CHANGED && sender.tab?.id !== undefined && sender.frameId === 0) {
    reannotate(message)
      .catch((error) => ({ error: String(error?.message ?? error) }))
      .then(sendResponse);
    return true;
  }
  // Everything else comes from our own pages (the popup): a page must not be able to make us
  // inject into another tab.
  if (!sender.url?.startsWith(chrome.runtime.getURL(''))) {
    return false;
  }
  if (message?.type === ANNOTATE_TAB) {
    const sentAt = typeof message.sentAt === 'number' ? message.sentAt : clockNow();
    annotateTab(message.tabId, message.force === true, sentAt).catch(failureOutcome).then(sendResponse);
    return true;
  }
  if (message?.type === TIMINGS) {
    sendResponse(timings);
    return false;
  }
  if ([SET_HIDDEN, REVEAL, CLEAR].includes(message?.type)) {
    commandTab(message)
      .catch((error) => ({ error: String(error?.message ?? error) }))
      .then(sendResponse);
    return true;
  }
  return false;
});
