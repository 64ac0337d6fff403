// Sourcelight content script: snapshots the page's DOM and paints highlight ranges.
//
// It is injected on demand by the service worker (`chrome.scripting.executeScript` with
// `files: ['content.js']`, under the activeTab grant) into the extension's isolated world, and
// does no analysis itself: Chromium refuses to compile wasm in a content script on pages whose
// CSP lacks 'wasm-unsafe-eval', so the engine runs in the service worker for every page.
//
// The service worker then calls, through `executeScript({func, args})` in the same isolated
// world, `globalThis.sourcelightContent.snapshot(spec)` and `.paint(generation, ranges)`.
//
// This is a classic script (content scripts cannot be ES modules), evaluated again on every
// injection: the guard below keeps the first instance so a second click reuses its state.
// Nothing here may throw into the page: every entry point catches and returns an error value.

(() => {
  if (globalThis.sourcelightContent !== undefined) {
    return;
  }

  /** Prefix of the names registered in `CSS.highlights`, so ours never collide with the page's. */
  const HIGHLIGHT_PREFIX = 'sourcelight-';

  /**
   * Painting order when ranges overlap (higher paints on top): a speaker's name inside a quote
   * must stay visible, and a speaker who is also an official is shown as a speaker.
   */
  const PRIORITY = { quote: 0, credit: 0, official: 1, speaker: 2 };

  const ELEMENT_NODE = 1;
  const TEXT_NODE = 3;

  /**
   * What the last snapshot walked: `nodes[i]` is the DOM node numbered `i` in that snapshot, so
   * the engine's ranges (which name snapshot node numbers) map back to real Text nodes.
   * `generation` counts snapshots, so ranges computed from an older snapshot (two clicks in
   * quick succession) are refused instead of being painted onto the wrong nodes.
   */
  const state = { generation: 0, nodes: [] };

  /**
   * Whether an element's text must be kept although its name is in the skipped list: JSON-LD
   * holds image credits (`ImageObject.creditText`, `copyrightHolder`, …).
   */
  function isJsonLd(element) {
    const type = element.getAttribute('type');
    return (
      element.localName === 'script' &&
      type !== null &&
      type.trim().toLowerCase() === 'application/ld+json'
    );
  }

  /**
   * Walks `document.documentElement` once, in pre-order, into the flat snapshot the engine reads
   * (format documented in the Rust article finder): element and text nodes only; the children
   * of an element named in `spec.skipped` are not walked (except JSON-LD scripts); attributes are
   * captured only when named in `spec.attributes`. Shadow roots and iframes are not entered.
   *
   * Iterative with an explicit stack, because pages can nest 20,000 elements deep and recursion
   * would overflow the JS stack.
   */
  function takeSnapshot(spec) {
    const skipped = new Set(spec.skipped);
    const captured = new Set(spec.attributes);
    const snapshot = {
      parent: [],
      name: [],
      text: [],
      attr_node: [],
      attr_name: [],
      attr_value: [],
    };
    const nodes = [];
    const root = document.documentElement;
    // Two parallel stacks (node, parent number) rather than one of pairs: no allocation per node.
    const pendingNodes = root ? [root] : [];
    const pendingParents = root ? [-1] : [];
    while (pendingNodes.length > 0) {
      const node = pendingNodes.pop();
      const parent = pendingParents.pop();
      const index = nodes.length;
      nodes.push(node);
      snapshot.parent.push(parent);
      if (node.nodeType === TEXT_NODE) {
        snapshot.name.push('');
        snapshot.text.push(node.data);
        continue;
      }
      const name = node.localName.toLowerCase();
      snapshot.name.push(name);
      snapshot.text.push('');
      // In the order the element lists them, as the format specifies.
      for (const attribute of node.attributes) {
        if (captured.has(attribute.name)) {
          snapshot.attr_node.push(index);
          snapshot.attr_name.push(attribute.name);
          snapshot.attr_value.push(attribute.value);
        }
      }
      const walkChildren = !skipped.has(name) || isJsonLd(node);
      if (!walkChildren) {
        continue;
      }
      // Pushed last child first, so that the first child is popped (and numbered) first.
      for (let child = node.lastChild; child !== null; child = child.previousSibling) {
        if (child.nodeType === ELEMENT_NODE || child.nodeType === TEXT_NODE) {
          pendingNodes.push(child);
          pendingParents.push(index);
        }
      }
    }
    state.generation += 1;
    state.nodes = nodes;
    return { generation: state.generation, snapshot };
  }

  /** The Text node numbered `index` in the last snapshot if `offset` still lies inside it. */
  function textPosition(index, offset) {
    const node = state.nodes[index];
    if (node === undefined || node.nodeType !== TEXT_NODE || !(offset <= node.length)) {
      return null;
    }
    return node;
  }

  /**
   * Builds a live `Range` (not a `StaticRange`: live ranges follow later edits of the page and
   * have `toString()`), or `null` when the page changed under the snapshot and the range no longer
   * fits.
   */
  function toDomRange(range) {
    const start = textPosition(range.start_node, range.start_offset);
    const end = textPosition(range.end_node, range.end_offset);
    if (start === null || end === null) {
      return null;
    }
    try {
      const domRange = document.createRange();
      domRange.setStart(start, range.start_offset);
      domRange.setEnd(end, range.end_offset);
      return domRange.collapsed ? null : domRange;
    } catch {
      return null;
    }
  }

  /** Removes every highlight this script registered. */
  function clearHighlights() {
    for (const name of Array.from(CSS.highlights.keys())) {
      if (name.startsWith(HIGHLIGHT_PREFIX)) {
        CSS.highlights.delete(name);
      }
    }
  }

  /**
   * Replaces Sourcelight's highlights with `ranges` (computed from snapshot `generation`): one
   * `Highlight` per category, registered as `sourcelight-<category>`. Painting twice replaces,
   * never appends. Returns how many ranges were painted per category.
   */
  function paintRanges(generation, ranges) {
    if (generation !== state.generation) {
      return { error: 'stale-snapshot' };
    }
    const byCategory = new Map();
    for (const range of ranges) {
      const domRange = toDomRange(range);
      if (domRange === null) {
        continue;
      }
      const list = byCategory.get(range.category);
      if (list === undefined) {
        byCategory.set(range.category, [domRange]);
      } else {
        list.push(domRange);
      }
    }
    clearHighlights();
    const painted = {};
    for (const [category, domRanges] of byCategory) {
      const highlight = new Highlight(...domRanges);
      highlight.priority = PRIORITY[category] ?? 0;
      CSS.highlights.set(HIGHLIGHT_PREFIX + category, highlight);
      painted[category] = domRanges.length;
    }
    return { painted };
  }

  /** Whether this browser has the CSS Custom Highlight API. */
  function canHighlight() {
    return typeof Highlight === 'function' && typeof CSS !== 'undefined' && 'highlights' in CSS;
  }

  /** Runs `action`, turning any exception into an error value so nothing reaches the page. */
  function guarded(action) {
    try {
      return action();
    } catch (error) {
      return { error: String(error && error.message ? error.message : error) };
    }
  }

  /** The API the service worker calls through `executeScript({func})`. */
  globalThis.sourcelightContent = Object.freeze({
    snapshot: (spec) => guarded(() => takeSnapshot(spec)),
    paint: (generation, ranges) =>
      guarded(() => (canHighlight() ? paintRanges(generation, ranges) : { error: 'no-highlight-api' })),
  });
})();
