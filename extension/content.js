// Sourcelight content script: snapshots the page's DOM, paints highlight ranges, shows the hover
// card, and (in the extension only) keeps the page annotated while it re-renders.
//
// It is injected on demand by the service worker (`chrome.scripting.executeScript`, under the
// activeTab grant; the build wraps this file in the function it injects, see extension/build.mjs)
// into the extension's isolated world, and does no analysis itself: Chromium refuses to compile
// wasm in a content script on pages whose CSP lacks 'wasm-unsafe-eval', so the engine runs in the
// service worker for every page.
//
// The site (www/) loads this same file as a classic script and calls the same API on its own
// pages, so only `follow` (and what it starts) touches `chrome.*`: snapshot, paint, the hover
// card, toggles and reveal work in any page.
//
// API, `globalThis.sourcelightContent`:
// - `snapshot(spec, root = document)`: the flat DOM snapshot of `root` (a Document, e.g. an
//   iframe's) for `annotateSnapshot`; `{ generation, snapshot }`. `spec.nodeBudget` overrides
//   the walk's node budget (`NODE_BUDGET`); past it the snapshot says `truncated: true`.
// - `paint(generation, ranges, { labels, hidden })`: paints the engine's ranges (one Highlight per
//   category); `labels[category][item]` is the hover card's text for that item; `hidden` lists
//   categories to keep unpainted. `{ painted: { category: count } }`.
// - `setHidden(categories)`, `reveal(category, item)`, `clear()`.
// - `follow({ spec, messageType, outcome, labels })`, `current()`,
//   `answer(spec, reuse, enteredAt)`: extension only (see below).
// Every entry point returns a value (`{ error }` on failure) and never throws into the page.
//
// Hostile pages. In the extension this script runs in the isolated world: the page's JS objects
// (a replaced `Array.prototype.push`, `JSON.stringify` or `Node.prototype.appendChild`) are not
// ours, and an exception thrown in this world is not dispatched to the page's error handlers
// (the entry points return errors as values anyway). What the worlds share is the document and
// its `CSS.highlights` registry: a page that clears the registry gets ours back on the next
// popup open, toggle, reveal or page change, and within a second otherwise
// (`restoreHighlights`). The DOM walk has a node budget, so a huge page costs a bounded walk and
// is annotated as far as it got (the popup says so).
//
// Shadow DOM and frames are skipped, by decision: the walk follows the light DOM of the top
// document only (executeScript targets frame 0), so text inside shadow roots (open or closed)
// and iframes (same-origin or not) is not in the snapshot and never painted; the light-DOM
// article around them is annotated as usual. Entering them would need the snapshot format to
// say where a tree or document begins, ranges that cross shadow boundaries, and the
// `::highlight()` styles inside each shadow tree (page styles do not reach into it); news
// articles keep their text in the light DOM of the top document.
//
// This is a classic script (content scripts cannot be ES modules), evaluated again on every
// injection: the guard below keeps the first instance so a second click reuses its state.

(() => {
  if (globalThis.sourcelightContent !== undefined) {
    return;
  }

  /** Prefix of the names registered in `CSS.highlights`, so ours never collide with the page's. */
  const HIGHLIGHT_PREFIX = 'sourcelight-';

  /** The highlight that briefly marks the item the popup asked to show. */
  const FLASH_NAME = 'sourcelight-flash';

  /** How long the flash lasts, in milliseconds. */
  const FLASH_MS = 1600;

  /** Element wrapping text where the Highlight API is missing (removed without a trace). */
  const MARK_TAG = 'sourcelight-mark';

  /** The hover card's host: the only element added while the pointer rests on a highlight. */
  const CARD_TAG = 'sourcelight-card';

  /**
   * Painting order when ranges overlap (higher paints on top): a speaker's name inside a quote
   * must stay visible, and a speaker who is also an official is shown as a speaker. The hover
   * card lists matches in the same order.
   */
  const PRIORITY = { quote: 0, credit: 0, official: 1, speaker: 2 };

  /**
   * How often a painted page's highlight registry is checked: `CSS.highlights` is shared with the
   * page's own scripts (the isolated world separates JS objects, not the document's registry),
   * so a page may clear it, and ours are then registered again (see `restoreHighlights`).
   */
  const REGISTRY_CHECK_MS = 1000;

  /** Shortest time between two re-annotations of a page that keeps changing. */
  const REANNOTATE_GAP_MS = 300;

  /** Longest wait for a frame before a page check runs anyway (background tabs get none). */
  const CHECK_FALLBACK_MS = 200;

  /** Longest wait for a frame before the pointer is looked up anyway (a card must not wait long). */
  const POINTER_FALLBACK_MS = 50;

  const ELEMENT_NODE = 1;
  const TEXT_NODE = 3;
  /**
   * A text node of HTML's inter-element whitespace (two or more of space, tab, line feed, form
   * feed, carriage return and nothing else: the line breaks and indentation between tags), which
   * the snapshot records as one space (the format and the engine's twin of this test,
   * `is_inter_element_whitespace`, are in src/article/snapshot.rs): about a fifth of a news page's
   * snapshot text, which the page would serialise, the browser carry and the engine read, though
   * the engine makes of it what it makes of one space.
   */
  const INTER_ELEMENT_WHITESPACE = /^[ \t\n\f\r]{2,}$/;

  /** Whether this script runs in the extension (it can message the service worker), not on the site. */
  const IN_EXTENSION = typeof chrome !== 'undefined' && chrome.runtime?.id !== undefined;

  /**
   * Most nodes one snapshot walks (the work budget; `truncated` past it): 20 times the largest
   * news page in tests/fixtures (13,842 nodes). The walk is the only work that blocks the page's
   * thread; measured with bench/browser-e2e.mjs on its 200,010-node synthetic page, it costs
   * about 2 µs a node on an idle machine (387 ms) and up to 8 µs on a loaded one, so this bounds
   * it to roughly 0.6 to 2.5 s, plus 1 to 2 µs a node to serialise. The engine's own budget then
   * bounds the analysis (src/lib.rs, `WORK_BUDGET_BYTES`).
   */
  const NODE_BUDGET = 300_000;

  /**
   * - `generation` counts snapshots, so ranges computed from an older snapshot (two clicks in
   *   quick succession) are refused instead of being painted onto the wrong nodes;
   * - `nodes[i]` is the DOM node numbered `i` in the last snapshot, so the engine's ranges (which
   *   name snapshot node numbers) map back to real Text nodes;
   * - `entries`: what is painted, `{ category, item, range, segments }` (`range` a live Range,
   *   `segments` the `[text node, start, end]` pieces it covers, taken before any wrapping);
   * - `labels`, `hidden`: the last paint's hover texts and hidden categories;
   * - `marks`: in wrapping mode, the undo records of the current wrap (see `wrapEntries`);
   * - `registered`: the Highlight objects registered, by name, to notice a page removing them;
   * - `registryTimer`: the interval that checks them while something is painted;
   * - `styles`: in the extension, the scopes (scope.js) whose highlight styles the service worker
   *   inserted into this document (with a paint, or asked for by `missingStyles`), so that it
   *   inserts them only when missing, and removes them on `clear`; `painted`, the element that
   *   holds every painted range (`paintedAncestor`) at the last paint.
   */
  const state = {
    root: document,
    generation: 0,
    nodes: [],
    entries: [],
    labels: {},
    hidden: new Set(),
    marks: null,
    flashTimer: 0,
    registered: new Map(),
    registryTimer: 0,
    styles: [],
    painted: null,
  };

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
   * Walks `root.documentElement` once, in pre-order, into the flat snapshot the engine reads
   * (format documented in the Rust article finder): element and text nodes only; the children
   * of an element named in `spec.skipped` are not walked (except JSON-LD scripts); attributes are
   * captured only when named in `spec.attributes`; our own elements (hover card, marks) are left
   * out. Shadow roots and iframes are not entered (see the top of this file).
   *
   * The walk stops after `spec.nodeBudget` nodes (`NODE_BUDGET` by default) and then says so
   * with `truncated: true`: what was walked is a prefix in document order, so every node's
   * parent is in it, and the engine annotates that much.
   *
   * The walk moves by the nodes' own `firstChild`, `nextSibling` and `parentNode` (comments and
   * other node types are stepped over) and keeps the position in a stack of ancestor numbers
   * rather than by recursion: pages nest 20,000 elements deep. Each node costs a handful of DOM
   * calls, which is what the walk's time is (a content script's code runs cold, once per page):
   * the properties are cheaper calls than a TreeWalker's methods (the walk 0.80x, 0.83x and
   * 0.93x of the TreeWalker's in three runs, fixture pages loaded afresh for each walk, the two
   * alternating; the same snapshot on all 45 pages).
   */
  function takeSnapshot(spec, root) {
    if (root !== state.root) {
      // A new document (the site shows one page after another): the old one's highlights, card
      // and hover listeners go with it, so that nothing outlives its page and hover follows.
      clearPaint();
      stopHover();
    }
    // Wrapped text would show up as extra elements and split text nodes: unwrap first.
    unwrapMarks();
    const skipped = new Set(spec.skipped);
    const captured = new Set(spec.attributes);
    const budget = spec.nodeBudget ?? NODE_BUDGET;
    const parent = [];
    const name = [];
    const text = [];
    const attrNode = [];
    const attrName = [];
    const attrValue = [];
    const nodes = [];
    let truncated = false;
    const top = root.documentElement;
    // Numbers of the current node's ancestors, innermost last.
    const ancestors = [];
    let node = top ?? null;
    while (node !== null) {
      if (nodes.length >= budget) {
        truncated = true;
        break;
      }
      const parentIndex = ancestors.length > 0 ? ancestors[ancestors.length - 1] : -1;
      let descend = false;
      const type = node.nodeType;
      if (type === TEXT_NODE) {
        nodes.push(node);
        parent.push(parentIndex);
        name.push('');
        const data = node.data;
        text.push(INTER_ELEMENT_WHITESPACE.test(data) ? ' ' : data);
      } else if (type === ELEMENT_NODE) {
        const elementName = node.localName.toLowerCase();
        if (elementName !== CARD_TAG && elementName !== MARK_TAG) {
          const index = nodes.length;
          nodes.push(node);
          parent.push(parentIndex);
          name.push(elementName);
          text.push('');
          // In the order the element lists them, as the format specifies. Names first, then the
          // values of the captured ones only: `node.attributes` makes an Attr object per
          // attribute, which made this loop most of the walk's time (2-3x slower on news pages).
          if (node.hasAttributes()) {
            for (const attributeName of node.getAttributeNames()) {
              if (captured.has(attributeName)) {
                attrNode.push(index);
                attrName.push(attributeName);
                attrValue.push(node.getAttribute(attributeName));
              }
            }
          }
          descend = !skipped.has(elementName) || isJsonLd(node);
          if (descend) {
            ancestors.push(index);
          }
        }
      }
      let next = descend ? node.firstChild : null;
      if (next === null) {
        if (descend) {
          ancestors.pop();
        }
        // No (walked) child: the next sibling, else the next sibling of the nearest ancestor that
        // has one, never past the root.
        let current = node;
        while (ancestors.length > 0 && (next = current.nextSibling) === null) {
          current = current.parentNode;
          ancestors.pop();
        }
      }
      node = next;
    }
    // `parent` and `name` first: the service worker reads the scope of the highlight styles from
    // them alone (scope.js's `snapshotJsonScope`).
    const snapshot = { parent, name, text, attr_node: attrNode, attr_name: attrName, attr_value: attrValue };
    if (truncated) {
      snapshot.truncated = true;
    }
    state.root = root;
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
      const domRange = state.root.createRange();
      domRange.setStart(start, range.start_offset);
      domRange.setEnd(end, range.end_offset);
      return domRange.collapsed ? null : domRange;
    } catch {
      return null;
    }
  }

  /** The `[text node, start, end]` pieces of `range`, in document order. */
  function textSegments(range) {
    const { startContainer, startOffset, endContainer, endOffset } = range;
    if (startContainer === endContainer) {
      return [[startContainer, startOffset, endOffset]];
    }
    const segments = [];
    const walker = state.root.createTreeWalker(range.commonAncestorContainer, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node !== null; node = walker.nextNode()) {
      if (!range.intersectsNode(node)) {
        continue;
      }
      const start = node === startContainer ? startOffset : 0;
      const end = node === endContainer ? endOffset : node.length;
      if (end > start) {
        segments.push([node, start, end]);
      }
    }
    return segments;
  }

  /** The window of the painted document (the page's, or an iframe's on the site). */
  function view() {
    return state.root.defaultView ?? globalThis;
  }

  /** Whether the painted document's window has the CSS Custom Highlight API. */
  function canHighlight() {
    const win = view();
    return typeof win.Highlight === 'function' && win.CSS !== undefined && 'highlights' in win.CSS;
  }

  /** Removes every highlight this script registered (flash included). */
  function clearHighlightRegistry() {
    // A document that lost its window (a frame shown another page) has no registry left to
    // clear; `view()` would fall back to this script's own window.
    if (state.root.defaultView === null || !canHighlight()) {
      return;
    }
    const { highlights } = view().CSS;
    for (const name of Array.from(highlights.keys())) {
      if (name.startsWith(HIGHLIGHT_PREFIX)) {
        highlights.delete(name);
      }
    }
    state.registered.clear();
  }

  /** Registers one Highlight per visible category, from `state.entries`. */
  function registerHighlights() {
    const win = view();
    const byCategory = new Map();
    for (const entry of state.entries) {
      if (state.hidden.has(entry.category)) {
        continue;
      }
      const list = byCategory.get(entry.category);
      if (list === undefined) {
        byCategory.set(entry.category, [entry.range]);
      } else {
        list.push(entry.range);
      }
    }
    for (const [category, domRanges] of byCategory) {
      const highlight = new win.Highlight(...domRanges);
      highlight.priority = PRIORITY[category] ?? 0;
      win.CSS.highlights.set(HIGHLIGHT_PREFIX + category, highlight);
      state.registered.set(HIGHLIGHT_PREFIX + category, highlight);
    }
    if (state.registryTimer === 0 && state.registered.size > 0) {
      state.registryTimer = setInterval(() => guarded(checkPainted), REGISTRY_CHECK_MS);
    }
  }

  /**
   * Registers our highlights again if the page removed or replaced any of them
   * (`CSS.highlights.clear()`, or a `set` under our name). Cheap enough to run on every popup
   * open, toggle, reveal and page change, and once a second: one map lookup per category.
   */
  function restoreHighlights() {
    if (state.registered.size === 0 || state.root.defaultView === null || !canHighlight()) {
      return;
    }
    const { highlights } = view().CSS;
    for (const [name, highlight] of state.registered) {
      if (highlights.get(name) !== highlight) {
        registerHighlights();
        return;
      }
    }
  }

  /** Stops checking the registry (nothing of ours is painted any more). */
  function stopRegistryChecks() {
    clearInterval(state.registryTimer);
    state.registryTimer = 0;
  }

  // ---- Wrapping fallback (no CSS.highlights) -------------------------------------------------

  /**
   * Wraps the visible entries' text in `<sourcelight-mark data-category>` elements. Each text
   * node is split at every boundary of the segments it holds and each covered piece gets one
   * mark (the top-priority category names it), so overlapping ranges never nest marks. The undo
   * records keep the original text node (which stays the first piece) and the pieces after it,
   * so `unwrapMarks` restores exactly the nodes the page had.
   */
  function wrapEntries() {
    const doc = state.root;
    const byNode = new Map();
    for (const entry of state.entries) {
      if (state.hidden.has(entry.category)) {
        continue;
      }
      for (const [node, start, end] of entry.segments) {
        if (!node.isConnected) {
          continue;
        }
        const list = byNode.get(node);
        const segment = { start, end, entry };
        if (list === undefined) {
          byNode.set(node, [segment]);
        } else {
          list.push(segment);
        }
      }
    }
    const records = [];
    const markEntries = new Map();
    for (const [node, segments] of byNode) {
      const cuts = new Set([0, node.length]);
      for (const { start, end } of segments) {
        cuts.add(start);
        cuts.add(end);
      }
      const sortedCuts = Array.from(cuts).sort((a, b) => a - b);
      // Split from the end so that the offsets still to cut stay valid in `node`.
      const pieces = [];
      for (let i = sortedCuts.length - 2; i >= 1; i -= 1) {
        pieces.unshift({ node: node.splitText(sortedCuts[i]), start: sortedCuts[i], end: sortedCuts[i + 1] });
      }
      pieces.unshift({ node, start: 0, end: sortedCuts[1] ?? 0 });
      for (const piece of pieces) {
        const covering = segments
          .filter(({ start, end }) => start <= piece.start && end >= piece.end && piece.end > piece.start)
          .map(({ entry }) => entry)
          .sort((a, b) => (PRIORITY[b.category] ?? 0) - (PRIORITY[a.category] ?? 0));
        if (covering.length === 0) {
          continue;
        }
        const mark = doc.createElement(MARK_TAG);
        mark.setAttribute('data-category', covering[0].category);
        piece.node.parentNode.insertBefore(mark, piece.node);
        mark.appendChild(piece.node);
        piece.mark = mark;
        markEntries.set(mark, covering);
      }
      records.push({ node, pieces });
    }
    state.marks = { records, markEntries };
  }

  /** Undoes `wrapEntries`: unwraps every mark and joins the split pieces back into one node. */
  function unwrapMarks() {
    if (state.marks === null) {
      return;
    }
    ownChange(() => {
      for (const { node, pieces } of state.marks.records.reverse()) {
        for (const piece of pieces) {
          if (piece.mark !== undefined && piece.mark.parentNode !== null) {
            piece.mark.replaceWith(piece.node);
          }
        }
        for (const piece of pieces.slice(1)) {
          // A page that moved the pieces apart keeps them apart: only siblings are joined.
          if (piece.node.parentNode !== null && piece.node.parentNode === node.parentNode) {
            node.appendData(piece.node.data);
            piece.node.remove();
          }
        }
      }
    });
    state.marks = null;
  }

  /** Marks showing `entry`, in document order. */
  function marksOf(entry) {
    if (state.marks === null) {
      return [];
    }
    return Array.from(state.marks.markEntries)
      .filter(([, entries]) => entries.includes(entry))
      .map(([mark]) => mark);
  }

  /**
   * Runs `action` once, in the painted document's next animation frame or after `fallbackMs`,
   * whichever comes first: pages that are not in front (background tabs, a page under a
   * headless popup) get no animation frames.
   */
  function onNextFrame(action, fallbackMs) {
    const win = view();
    let done = false;
    const run = () => {
      if (!done) {
        done = true;
        action();
      }
    };
    win.requestAnimationFrame(run);
    win.setTimeout(run, fallbackMs);
  }

  // ---- Painting --------------------------------------------------------------------------------

  /** Shows `state.entries` minus the hidden categories, with whichever mechanism the page has. */
  function render() {
    clearHighlightRegistry();
    unwrapMarks();
    if (canHighlight()) {
      registerHighlights();
    } else {
      ownChange(wrapEntries);
    }
  }

  /** Removes everything painted and forgets it. */
  function clearPaint() {
    clearHighlightRegistry();
    unwrapMarks();
    state.entries = [];
    state.painted = null;
    pinned = null;
    hideCard();
  }

  /**
   * Replaces Sourcelight's highlights with `ranges` (computed from snapshot `generation`): one
   * `Highlight` per category, registered as `sourcelight-<category>`. Painting twice replaces,
   * never appends. Returns how many ranges were painted per category (hidden ones included).
   */
  function paintRanges(generation, ranges, options) {
    if (generation !== state.generation) {
      return { error: 'stale-snapshot' };
    }
    clearPaint();
    const painted = {};
    for (const range of ranges) {
      const domRange = toDomRange(range);
      if (domRange === null) {
        continue;
      }
      state.entries.push({
        category: range.category,
        item: range.item,
        range: domRange,
        segments: textSegments(domRange),
      });
      painted[range.category] = (painted[range.category] ?? 0) + 1;
    }
    state.labels = options?.labels ?? {};
    state.hidden = new Set(options?.hidden ?? []);
    render();
    listenForHover();
    state.painted = paintedAncestor();
    noteArticleScope();
    return { painted };
  }

  /** Hides the categories in `categories` and shows the others. */
  function setHidden(categories) {
    state.hidden = new Set(categories);
    render();
    return { hidden: Array.from(state.hidden) };
  }

  /** The element to scroll to for a range: its start's element. */
  function elementOf(range) {
    const node = range.startContainer;
    return node.nodeType === ELEMENT_NODE ? node : node.parentElement;
  }

  // ---- Highlight styles (extension only) -------------------------------------------------------

  /**
   * The element that holds every painted range: their lowest common ancestor, an element; null
   * when nothing is painted.
   */
  function paintedAncestor() {
    let ancestor = null;
    for (const { range } of state.entries) {
      const node = range.commonAncestorContainer;
      ancestor ??= node.nodeType === ELEMENT_NODE ? node : node.parentElement;
      while (ancestor !== null && !ancestor.contains(node)) {
        ancestor = ancestor.parentElement;
      }
    }
    return ancestor;
  }

  /**
   * `:root`, recorded as inserted, when none of the highlight styles the service worker inserted
   * covers the painted ranges; else null. The worker inserts them on the element that holds the
   * ranges, named by its place in the snapshot (scope.js), which the page's own changes can shift
   * (an element inserted before it) or leave behind (a re-render elsewhere): checked after every
   * paint and once a second (`checkPainted`), and then the styles go on the root, which nothing
   * moves.
   */
  function missingStyles() {
    const painted = state.painted;
    if (!IN_EXTENSION || painted === null || !painted.isConnected || state.styles.some((scope) => painted.closest(scope) !== null)) {
      return null;
    }
    state.styles.push(':root');
    return ':root';
  }

  /** Asks the service worker (`STYLE` in protocol.js) for the styles `missingStyles` finds. */
  function requestStyles() {
    const scope = missingStyles();
    if (scope === null) {
      return;
    }
    chrome.runtime.sendMessage({ type: 'sourcelight/style', scope }).catch(() => {
      // The worker is gone (the extension was reloaded): the next check asks again.
      state.styles = state.styles.filter((inserted) => inserted !== scope);
    });
  }

  /** The registry check's work: our highlights registered, and styled. */
  function checkPainted() {
    restoreHighlights();
    requestStyles();
  }

  /**
   * Scrolls the first range of report item `item` of `category` into the middle of the view and
   * flashes all its ranges for a moment, with the item's hover card next to it (so keyboard
   * users, who never hover, read it too). Shows the category first if it was hidden.
   */
  function reveal(category, item) {
    restoreHighlights();
    const entries = state.entries.filter((entry) => entry.category === category && entry.item === item);
    if (entries.length === 0) {
      return { revealed: false };
    }
    if (state.hidden.has(category)) {
      setHidden(Array.from(state.hidden).filter((hidden) => hidden !== category));
    }
    clearTimeout(state.flashTimer);
    let unflash;
    let shown;
    if (canHighlight()) {
      const win = view();
      const flash = new win.Highlight(...entries.map((entry) => entry.range));
      flash.priority = 10;
      win.CSS.highlights.set(FLASH_NAME, flash);
      shown = entries[0].range;
      elementOf(shown)?.scrollIntoView({ behavior: 'smooth', block: 'center' });
      unflash = () => win.CSS.highlights.delete(FLASH_NAME);
    } else {
      const marks = entries.flatMap(marksOf);
      ownChange(() => marks.forEach((mark) => mark.setAttribute('data-flash', '')));
      // Wrapping moved the range's text into the marks, so the first mark is what shows it.
      shown = marks[0];
      shown?.scrollIntoView({ behavior: 'smooth', block: 'center' });
      unflash = () => ownChange(() => marks.forEach((mark) => mark.removeAttribute('data-flash')));
    }
    pinCard(labelLines(entries.slice(0, 1)), shown);
    state.flashTimer = setTimeout(() => {
      unflash();
      unpinCard();
    }, FLASH_MS);
    return { revealed: true };
  }

  // ---- Hover card ------------------------------------------------------------------------------

  /** The card's host and text container while it shows, else null. */
  let card = null;
  /** The pointer's last position, looked up at most once per animation frame. */
  let pointer = null;
  let lookupScheduled = false;
  /** The document whose pointer moves are followed (the site paints several in turn), or null. */
  let hoverDocument = null;
  /**
   * While `reveal` shows an item's card: `{ lines, target }`, `target` the Range or mark it sits
   * next to (the card follows it while the page scrolls there); null otherwise.
   */
  let pinned = null;

  /** Paints `style` (property → value) on `element` through the CSSOM, which page CSPs allow. */
  function setStyles(element, style) {
    for (const [property, value] of Object.entries(style)) {
      element.style.setProperty(property, value, 'important');
    }
  }

  /** Creates the card: a host element with a closed shadow root, never a target for the pointer. */
  function createCard() {
    const doc = state.root;
    const host = doc.createElement(CARD_TAG);
    setStyles(host, {
      all: 'initial',
      position: 'fixed',
      'z-index': '2147483647',
      'pointer-events': 'none',
      left: '0',
      top: '0',
    });
    const shadow = host.attachShadow({ mode: 'closed' });
    const box = doc.createElement('div');
    const dark = view().matchMedia?.('(prefers-color-scheme: dark)').matches === true;
    setStyles(box, {
      display: 'block',
      'max-width': '22rem',
      padding: '0.4rem 0.6rem',
      'border-radius': '0.35rem',
      font: '13px/1.4 system-ui, sans-serif',
      color: dark ? '#1d1d1f' : '#ffffff',
      background: dark ? '#f4f4f5' : '#1d1d1f',
      'box-shadow': '0 2px 8px rgb(0 0 0 / 0.3)',
      'pointer-events': 'none',
    });
    box.setAttribute('role', 'tooltip');
    shadow.appendChild(box);
    return { host, box };
  }

  /**
   * Shows `lines` (page-derived: textContent only) below `anchor` (`{ left, top, bottom }`, in
   * viewport pixels), or above it when there is no room below.
   */
  function showCard(lines, anchor) {
    if (card === null) {
      card = createCard();
      ownChange(() => state.root.documentElement.appendChild(card.host));
    }
    card.box.replaceChildren();
    for (const line of lines) {
      const row = card.box.appendChild(state.root.createElement('div'));
      row.textContent = line;
    }
    const win = view();
    const { width, height } = card.host.getBoundingClientRect();
    const left = Math.max(4, Math.min(anchor.left, win.innerWidth - width - 4));
    const top = anchor.bottom + height > win.innerHeight ? Math.max(4, anchor.top - height) : anchor.bottom;
    setStyles(card.host, { left: `${left}px`, top: `${top}px` });
  }

  /** The card's anchor for the pointer at (x, y): beside and below it, clear of the cursor. */
  function pointerAnchor(x, y) {
    return { left: x + 12, top: y - 8, bottom: y + 18 };
  }

  /** Shows the pinned card next to its target's first box (where the item's text starts). */
  function showPinnedCard() {
    const [rect] = pinned.target.getClientRects();
    if (rect === undefined) {
      hideCard();
      return;
    }
    showCard(pinned.lines, { left: rect.left, top: rect.top - 4, bottom: rect.bottom + 4 });
  }

  /** Shows the card of `lines` next to `target` (a Range or element) until `unpinCard`. */
  function pinCard(lines, target) {
    if (lines.length === 0 || target === undefined) {
      return;
    }
    pinned = { lines, target };
    showPinnedCard();
  }

  /** Removes the pinned card, if it still shows. */
  function unpinCard() {
    if (pinned !== null) {
      pinned = null;
      hideCard();
    }
  }

  /** Removes the card's host, so the page's DOM is back as it was. */
  function hideCard() {
    if (card !== null) {
      const { host } = card;
      card = null;
      ownChange(() => host.remove());
    }
  }

  /** The caret position under (x, y) as `[node, offset]`, or null. */
  function caretAt(x, y) {
    const doc = state.root;
    if (typeof doc.caretPositionFromPoint === 'function') {
      const position = doc.caretPositionFromPoint(x, y);
      return position === null ? null : [position.offsetNode, position.offset];
    }
    if (typeof doc.caretRangeFromPoint === 'function') {
      const range = doc.caretRangeFromPoint(x, y);
      return range === null ? null : [range.startContainer, range.startOffset];
    }
    return null;
  }

  /** Whether (x, y) lies inside one of `range`'s boxes (the caret snaps to line ends). */
  function rangeContainsPoint(range, x, y) {
    for (const rect of range.getClientRects()) {
      if (x >= rect.left && x <= rect.right && y >= rect.top && y <= rect.bottom) {
        return true;
      }
    }
    return false;
  }

  /** The visible entries under (x, y), top priority first. */
  function entriesAt(x, y, target) {
    if (state.marks !== null) {
      const mark = target?.closest?.(MARK_TAG);
      return mark ? (state.marks.markEntries.get(mark) ?? []) : [];
    }
    const registry = view().CSS?.highlights;
    if (typeof registry?.highlightsFromPoint === 'function' && registry.highlightsFromPoint(x, y).length === 0) {
      return [];
    }
    const caret = caretAt(x, y);
    if (caret === null) {
      return [];
    }
    const [node, offset] = caret;
    return state.entries
      .filter((entry) => !state.hidden.has(entry.category))
      .filter((entry) => {
        try {
          return entry.range.isPointInRange(node, offset) && rangeContainsPoint(entry.range, x, y);
        } catch {
          return false;
        }
      })
      .sort((a, b) => (PRIORITY[b.category] ?? 0) - (PRIORITY[a.category] ?? 0));
  }

  /** The hover card's lines for `entries`: each one's label, once. */
  function labelLines(entries) {
    const lines = [];
    for (const entry of entries) {
      const label = state.labels[entry.category]?.[entry.item];
      if (typeof label === 'string' && !lines.includes(label)) {
        lines.push(label);
      }
    }
    return lines;
  }

  /** Looks up what is under the pointer (once per frame) and shows or hides the card. */
  function lookUpPointer() {
    lookupScheduled = false;
    if (pointer === null) {
      return;
    }
    // The pointer takes over from a card `reveal` pinned. Not on the move itself: a page in the
    // background gets no frame to run this in, and its pinned card must still go in time.
    pinned = null;
    const { x, y, target } = pointer;
    const lines = labelLines(entriesAt(x, y, target));
    if (lines.length === 0) {
      hideCard();
    } else {
      showCard(lines, pointerAnchor(x, y));
    }
  }

  function onPointerMove(event) {
    pointer = { x: event.clientX, y: event.clientY, target: event.target };
    if (!lookupScheduled) {
      lookupScheduled = true;
      onNextFrame(() => guarded(lookUpPointer), POINTER_FALLBACK_MS);
    }
  }

  function onPointerGone() {
    pointer = null;
    if (pinned === null) {
      hideCard();
    }
  }

  /** A scroll moves the text away from the pointer, but a pinned card moves along with its text. */
  function onScroll() {
    if (pinned === null) {
      onPointerGone();
    } else {
      showPinnedCard();
    }
  }

  function onPointerOut(event) {
    // Leaving the window: no related target inside the page.
    if (event.relatedTarget === null) {
      onPointerGone();
    }
  }

  /** Starts following the pointer over the painted document (moving over from an earlier one). */
  function listenForHover() {
    if (hoverDocument === state.root) {
      return;
    }
    stopHover();
    hoverDocument = state.root;
    hoverDocument.addEventListener('pointermove', onPointerMove, { capture: true, passive: true });
    hoverDocument.addEventListener('pointerout', onPointerOut, { capture: true, passive: true });
    hoverDocument.addEventListener('scroll', onScroll, { capture: true, passive: true });
  }

  function stopHover() {
    if (hoverDocument === null) {
      return;
    }
    hoverDocument.removeEventListener('pointermove', onPointerMove, { capture: true });
    hoverDocument.removeEventListener('pointerout', onPointerOut, { capture: true });
    hoverDocument.removeEventListener('scroll', onScroll, { capture: true });
    hoverDocument = null;
    onPointerGone();
  }

  // ---- Following a page that re-renders (extension only) --------------------------------------

  /**
   * While following: `spec` for new snapshots, `messageType` of the message that sends them to
   * the service worker, `outcome` the last annotation (what the popup shows), `url` the address
   * it was made for, `scope`/`scopeText` the article's container and its text at that time.
   */
  let follow = null;
  let observer = null;
  let checkScheduled = false;
  let reannotating = false;
  let lastReannotation = 0;

  /** Runs `change` (one of ours) so that the observer does not take it for the page's. */
  function ownChange(change) {
    if (observer === null) {
      change();
      return;
    }
    const pending = observer.takeRecords();
    if (pending.length > 0) {
      scheduleCheck();
    }
    try {
      change();
    } finally {
      observer.takeRecords();
    }
  }

  /**
   * The element that holds the article: the element holding every painted range
   * (`paintedAncestor`), widened past single paragraphs (a container with fewer than three child
   * elements) so that a new paragraph next to the highlighted ones counts as an article change.
   * The whole body when nothing is painted.
   */
  function articleScope() {
    const body = state.root.body ?? state.root.documentElement;
    let scope = state.painted;
    if (scope === null || !body.contains(scope)) {
      return body;
    }
    while (scope !== body && scope.childElementCount < 3 && scope.parentElement !== null) {
      scope = scope.parentElement;
    }
    return scope;
  }

  /** Remembers the article's container and text, against which changes are detected. */
  function noteArticleScope() {
    if (follow === null) {
      return;
    }
    follow.url = view().location.href;
    follow.scope = articleScope();
    follow.scopeText = follow.scope.textContent;
  }

  /** Whether the article's text changed since the last paint. */
  function articleChanged() {
    const lostNode = state.entries.some((entry) => entry.segments.some(([node]) => !node.isConnected));
    return lostNode || !follow.scope.isConnected || follow.scope.textContent !== follow.scopeText;
  }

  /** Batches the page's mutations: one check per animation frame, or idle time in a background tab. */
  function scheduleCheck() {
    if (checkScheduled || follow === null) {
      return;
    }
    checkScheduled = true;
    onNextFrame(() => {
      checkScheduled = false;
      guarded(checkPage);
    }, CHECK_FALLBACK_MS);
  }

  /**
   * Clears stale highlights after client-side navigation and re-annotates when the text changed;
   * else sees that what is painted is still registered and styled (a change elsewhere in the
   * page can move the element the styles name).
   */
  function checkPage() {
    if (follow === null) {
      return;
    }
    restoreHighlights();
    if (view().location.href !== follow.url) {
      follow.url = view().location.href;
      clearPaint();
      follow.outcome = null;
      reannotate();
    } else if (articleChanged()) {
      follow.outcome = null;
      reannotate();
    } else {
      requestStyles();
    }
  }

  /** Sends a new snapshot to the service worker and paints its answer; one at a time. */
  function reannotate() {
    if (reannotating) {
      return;
    }
    const wait = lastReannotation + REANNOTATE_GAP_MS - Date.now();
    if (wait > 0) {
      reannotating = true;
      view().setTimeout(() => {
        reannotating = false;
        reannotate();
      }, wait);
      return;
    }
    reannotating = true;
    lastReannotation = Date.now();
    const current = follow;
    const taken = takeSnapshot(current.spec, state.root);
    chrome.runtime
      // As JSON text, which the engine reads: one string is copied faster than the arrays.
      .sendMessage({ type: current.messageType, generation: taken.generation, snapshotJson: JSON.stringify(taken.snapshot) })
      .then((answer) => {
        if (follow === current && answer?.ranges !== undefined) {
          const result = paintRanges(answer.generation, answer.ranges, answer.options);
          if (result.painted !== undefined) {
            current.outcome = { ...answer.outcome, painted: result.painted };
            requestStyles();
          }
        }
      })
      .catch(() => {
        // The extension was reloaded or the worker failed: the page keeps what it had.
        render();
      })
      .finally(() => {
        reannotating = false;
        // Changes made while the answer was on its way are caught by the next check.
        if (follow === current && articleChanged()) {
          scheduleCheck();
        }
      });
  }

  /**
   * Keeps the page annotated (extension only): remembers `outcome` for the popup and, through a
   * MutationObserver batched per frame, sends a new snapshot to the service worker (message
   * `messageType`) when the article's text changes or the URL changes (pushState, popstate and
   * hashchange all show up there). Calling it again only refreshes the remembered outcome.
   * `labels`, when given, replaces the hover card's texts (the service worker sends them here,
   * after painting, so that the paint call carries the ranges only).
   */
  function startFollowing({ spec, messageType, outcome, labels }) {
    if (!IN_EXTENSION) {
      return { error: 'no-extension-runtime' };
    }
    if (labels !== undefined) {
      state.labels = labels;
    }
    follow = { spec, messageType, outcome, url: '', scope: null, scopeText: '' };
    noteArticleScope();
    if (observer === null) {
      observer = new (view().MutationObserver)(scheduleCheck);
      observer.observe(state.root.documentElement, { childList: true, subtree: true, characterData: true });
    }
    return { following: true };
  }

  /** The last outcome if it still describes the page, else null (the popup then re-annotates). */
  function currentOutcome() {
    restoreHighlights();
    if (follow === null || follow.outcome === null || checkScheduled || reannotating) {
      return { outcome: null };
    }
    const fresh = view().location.href === follow.url && !articleChanged();
    return { outcome: fresh ? follow.outcome : null };
  }

  /**
   * Removes all highlights and stops following the page; returns the scopes of the styles the
   * service worker inserted (`styles`), which it removes.
   */
  function clearAll() {
    const styles = state.styles;
    state.styles = [];
    observer?.disconnect();
    observer = null;
    follow = null;
    clearTimeout(state.flashTimer);
    stopRegistryChecks();
    clearPaint();
    stopHover();
    return { cleared: true, styles };
  }

  /** Runs `action`, turning any exception into an error value so nothing reaches the page. */
  function guarded(action) {
    try {
      return action();
    } catch (error) {
      return { error: String(error && error.message ? error.message : error) };
    }
  }

  /**
   * The service worker's request (see extension/build.mjs's `injectAndAnswer`): the last
   * outcome when `reuse` is set and it still holds, else a new snapshot walked by `spec`, as its
   * JSON text (`snapshotJson`, what `annotateSnapshot` reads), with its node count, when the
   * injected function started (`enteredAt`, passed on from it) and when the walk started
   * (`startedAt`; both `clockNow()` in protocol.js's sense) and the milliseconds spent walking
   * and serialising, and when it returns (`returnedAt`; the answer's way back from then is the
   * page converting the result once the function has returned, the browser relaying it and the
   * worker converting it again: about 16 ns a byte in all, the same for a string as for an
   * ArrayBuffer). One string crosses to the worker much faster than the arrays would: the
   * browser copies results value by value. Either answer lists the scopes of the highlight
   * styles already in the page (`styles`).
   */
  function answerWorker(spec, reuse, enteredAt) {
    if (reuse) {
      const { outcome } = currentOutcome();
      if (outcome !== null) {
        return { outcome, styles: state.styles };
      }
    }
    const start = performance.now();
    const taken = takeSnapshot(spec, document);
    const walked = performance.now();
    const snapshotJson = JSON.stringify(taken.snapshot);
    const serialised = performance.now();
    return {
      generation: taken.generation,
      styles: state.styles,
      snapshotJson,
      nodes: taken.snapshot.parent.length,
      enteredAt,
      startedAt: performance.timeOrigin + start,
      walk: walked - start,
      serialise: serialised - walked,
      returnedAt: performance.timeOrigin + serialised,
    };
  }

  /**
   * The service worker's paint request (protocol.js's `PAINT`, a literal here because a classic
   * script cannot import it), answered with the paint's result, how long it took, when the
   * message arrived and when the highlights were registered, and `styles`, the scope of the
   * highlight styles still to insert when those the worker inserts with the paint (`scope`, in
   * the message) do not cover the ranges (`missingStyles`). A tab message is a shorter trip than
   * another `executeScript`. Only the extension's own worker can send it: pages cannot message a
   * content script.
   */
  function listenForPaint() {
    if (!IN_EXTENSION) {
      return;
    }
    chrome.runtime.onMessage.addListener((message, sender, sendResponse) => {
      if (sender.id !== chrome.runtime.id || message?.type !== 'sourcelight/paint') {
        return false;
      }
      const start = performance.now();
      if (typeof message.scope === 'string' && !state.styles.includes(message.scope)) {
        state.styles.push(message.scope);
      }
      const result = guarded(() => paintRanges(message.generation, JSON.parse(message.rangesJson), { hidden: message.hidden }));
      const painted = performance.now();
      const styles = guarded(missingStyles);
      sendResponse({
        ...result,
        styles: typeof styles === 'string' ? styles : undefined,
        paint: painted - start,
        receivedAt: performance.timeOrigin + start,
        paintedAt: performance.timeOrigin + painted,
      });
      return false;
    });
  }

  listenForPaint();

  /** The API the service worker (through `executeScript({func})`) and the site call. */
  globalThis.sourcelightContent = Object.freeze({
    snapshot: (spec, root = document) => guarded(() => takeSnapshot(spec, root)),
    paint: (generation, ranges, options) => guarded(() => paintRanges(generation, ranges, options)),
    setHidden: (categories) => guarded(() => setHidden(categories)),
    reveal: (category, item) => guarded(() => reveal(category, item)),
    clear: () => guarded(clearAll),
    follow: (options) => guarded(() => startFollowing(options)),
    current: () => guarded(currentOutcome),
    answer: (spec, reuse, enteredAt) => guarded(() => answerWorker(spec, reuse, enteredAt)),
  });
})();
