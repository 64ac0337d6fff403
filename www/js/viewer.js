// The side panel next to an annotated frame: the summary (the popup's renderer), category
// toggles, hover cards over the painted text, and click-to-scroll from the summary to the text.
// Page-derived strings are written with textContent only.

import { renderSummary } from '../ext/summary.js';
import { paintSamples } from './site.js';

/** The names content.js registers in CSS.highlights are this prefix plus the category. */
const HIGHLIGHT_PREFIX = 'sourcelight-';

/** The site's own highlight for the item picked in the summary (styled by frame.css). */
const FOCUS_HIGHLIGHT = 'sourcelight-focus';

/** How long the picked item stays emphasised. */
const FOCUS_MILLISECONDS = 2500;

/**
 * The paint categories in hover order: the one painted on top (content.js gives speakers the
 * highest priority, then officials) is the one the card describes.
 */
export const CATEGORIES = [
  { category: 'speaker', label: 'Speakers', field: 'speakers' },
  { category: 'official', label: 'Officials', field: 'officials' },
  { category: 'quote', label: 'Quotes', field: 'quotes' },
  { category: 'credit', label: 'Photo credits', field: 'image_credits' },
];

/**
 * Pairs each engine range with the DOM Range content.js painted for it: content.js builds one
 * Highlight per category from the ranges in order, skipping none unless the page changed under
 * the snapshot, so when the counts agree the n-th painted Range is the n-th engine range. A
 * category whose counts disagree gets no hover cards rather than wrong ones.
 * Returns a list of `{ category, item, range }` in hover order.
 */
function paintedRanges(frameWindow, ranges) {
  const pairs = [];
  for (const { category } of CATEGORIES) {
    const highlight = frameWindow.CSS.highlights.get(HIGHLIGHT_PREFIX + category);
    const domRanges = highlight ? Array.from(highlight) : [];
    const engineRanges = ranges.filter((range) => range.category === category);
    if (domRanges.length === engineRanges.length) {
      engineRanges.forEach((range, index) => pairs.push({ category, item: range.item, range: domRanges[index] }));
    }
  }
  return pairs;
}

/** Whether viewport point (x, y) lies in one of the boxes of `range`. */
function rangeContainsPoint(range, x, y) {
  for (const rect of range.getClientRects()) {
    if (x >= rect.left && x <= rect.right && y >= rect.top && y <= rect.bottom) {
      return true;
    }
  }
  return false;
}

/** Appends a line to the hover card. */
function cardLine(card, className, text) {
  const line = card.appendChild(document.createElement('p'));
  line.className = className;
  line.textContent = text;
}

/** Fills `card` with what the report says about item `item` of `category`. */
function fillCard(card, report, category, item) {
  card.replaceChildren();
  card.dataset.category = category;
  if (category === 'quote') {
    const quote = report.quotes[item];
    cardLine(card, 'card-kind', quote.kind === 'direct' ? 'Direct quote' : 'Reported speech');
    cardLine(card, 'card-name', quote.speaker ?? 'Unattributed');
    const speaker = quote.speaker_id === null ? undefined : report.speakers[quote.speaker_id];
    if (speaker?.title) {
      cardLine(card, 'card-detail', speaker.title);
    }
    if (quote.cue) {
      cardLine(card, 'card-detail', `Cue: “${quote.cue}”`);
    }
  } else if (category === 'speaker') {
    const speaker = report.speakers[item];
    cardLine(card, 'card-kind', 'Speaker');
    cardLine(card, 'card-name', speaker.name);
    if (speaker.title && speaker.title !== speaker.name) {
      cardLine(card, 'card-detail', speaker.title);
    }
    cardLine(card, 'card-detail', speaker.quotes === 1 ? '1 quote' : `${speaker.quotes} quotes`);
  } else if (category === 'official') {
    const official = report.officials[item];
    cardLine(card, 'card-kind', 'Official');
    cardLine(card, 'card-name', official.name ?? official.title);
    if (official.name) {
      cardLine(card, 'card-detail', official.title);
    }
  } else {
    const credit = report.image_credits[item];
    cardLine(card, 'card-kind', 'Photo credit');
    cardLine(card, 'card-name', credit.text);
    if (credit.agency) {
      cardLine(card, 'card-detail', `Agency: ${credit.agency}`);
    }
    if (credit.photographer) {
      cardLine(card, 'card-detail', `Photographer: ${credit.photographer}`);
    }
  }
}

/**
 * Wires a painted frame to its panel. `elements`: `{ frame, summary, toggles, card }` (summary and
 * toggles are containers to fill, card an empty element). `result` is what annotateFrame gave.
 * Returns a function that detaches the panel's listeners, to call before showing another result.
 */
export function showAnnotation(elements, result) {
  const { frame, summary, toggles, card } = elements;
  const frameWindow = frame.contentWindow;
  const frameDocument = frameWindow.document;
  const { report } = result;
  const pairs = paintedRanges(frameWindow, result.ranges);
  const saved = new Map(
    CATEGORIES.map(({ category }) => [category, frameWindow.CSS.highlights.get(HIGHLIGHT_PREFIX + category)]),
  );
  const hidden = new Set();
  // Listeners on this page's long-lived elements go when the next result replaces this one.
  const detach = new AbortController();
  const { signal } = detach;

  summary.replaceChildren(renderSummary(report));
  for (const button of summary.querySelectorAll('button[data-category]')) {
    const painted = pairs.some(
      (pair) => pair.category === button.dataset.category && pair.item === Number(button.dataset.item),
    );
    if (!painted) {
      // Alt text and JSON-LD credits have no text on the page to scroll to.
      button.setAttribute('aria-disabled', 'true');
      button.title = 'Not shown in the page text';
    }
  }

  for (const old of toggles.querySelectorAll('.toggle')) {
    old.remove();
  }
  for (const { category, label, field } of CATEGORIES) {
    const row = toggles.appendChild(document.createElement('label'));
    row.className = 'toggle';
    row.dataset.category = category;
    const box = row.appendChild(document.createElement('input'));
    box.type = 'checkbox';
    box.checked = true;
    box.dataset.category = category;
    const swatch = row.appendChild(document.createElement('span'));
    swatch.className = 'swatch';
    swatch.dataset.sample = category;
    swatch.setAttribute('aria-hidden', 'true');
    swatch.textContent = 'Aa';
    row.append(` ${label} `);
    const count = row.appendChild(document.createElement('span'));
    count.className = 'toggle-count';
    count.textContent = String(report[field]?.length ?? 0);
    box.addEventListener('change', () => {
      const name = HIGHLIGHT_PREFIX + category;
      if (box.checked) {
        hidden.delete(category);
        if (saved.get(category)) {
          frameWindow.CSS.highlights.set(name, saved.get(category));
        }
      } else {
        hidden.add(category);
        frameWindow.CSS.highlights.delete(name);
      }
    });
  }

  paintSamples();

  /** Shows the card for `pair` below (or above) its range's box at frame point (x, y). */
  function showCard(pair, rect) {
    fillCard(card, report, pair.category, pair.item);
    card.hidden = false;
    const frameBox = frame.getBoundingClientRect();
    const margin = 8;
    const width = card.offsetWidth;
    const height = card.offsetHeight;
    let left = frameBox.left + rect.left;
    left = Math.max(margin, Math.min(left, window.innerWidth - width - margin));
    let top = frameBox.top + rect.bottom + margin;
    if (top + height > window.innerHeight - margin) {
      top = frameBox.top + rect.top - height - margin;
    }
    card.style.left = `${Math.round(left)}px`;
    card.style.top = `${Math.round(Math.max(margin, top))}px`;
  }

  function hideCard() {
    card.hidden = true;
  }

  /** The painted item under frame point (x, y), if any, in hover order. */
  function pairAt(x, y) {
    const caret = frameDocument.caretPositionFromPoint?.(x, y);
    if (!caret || caret.offsetNode.nodeType !== frameWindow.Node.TEXT_NODE) {
      return null;
    }
    for (const pair of pairs) {
      if (
        !hidden.has(pair.category) &&
        pair.range.isPointInRange(caret.offsetNode, caret.offset) &&
        rangeContainsPoint(pair.range, x, y)
      ) {
        return pair;
      }
    }
    return null;
  }

  let pendingMove = null;
  frameDocument.addEventListener('mousemove', (event) => {
    pendingMove = event;
    frameWindow.requestAnimationFrame(() => {
      if (pendingMove === null) {
        return;
      }
      const { clientX, clientY } = pendingMove;
      pendingMove = null;
      const pair = pairAt(clientX, clientY);
      if (pair === null) {
        hideCard();
      } else {
        const rect = Array.from(pair.range.getClientRects()).find(
          (box) => clientY >= box.top && clientY <= box.bottom,
        );
        showCard(pair, rect ?? pair.range.getBoundingClientRect());
      }
    });
  });
  frameDocument.addEventListener('mouseleave', hideCard);
  frameDocument.addEventListener('scroll', hideCard, { passive: true });
  document.addEventListener(
    'keydown',
    (event) => {
      if (event.key === 'Escape') {
        hideCard();
      }
    },
    { signal },
  );

  let focusTimer = 0;
  summary.addEventListener('click', (event) => {
    const button = event.target.closest('button[data-category]');
    if (button === null || button.getAttribute('aria-disabled') === 'true') {
      return;
    }
    const { category } = button.dataset;
    const item = Number(button.dataset.item);
    const itemPairs = pairs.filter((pair) => pair.category === category && pair.item === item);
    if (itemPairs.length === 0) {
      return;
    }
    const first = itemPairs[0];
    const element = first.range.startContainer.parentElement;
    // Instant, so the card can be placed at the range's final position right away.
    element?.scrollIntoView({ block: 'center', behavior: 'instant' });
    frameWindow.CSS.highlights.set(FOCUS_HIGHLIGHT, new frameWindow.Highlight(...itemPairs.map((pair) => pair.range)));
    frameWindow.CSS.highlights.get(FOCUS_HIGHLIGHT).priority = 10;
    clearTimeout(focusTimer);
    focusTimer = setTimeout(() => frameWindow.CSS.highlights.delete(FOCUS_HIGHLIGHT), FOCUS_MILLISECONDS);
    showCard(first, first.range.getBoundingClientRect());
  }, { signal });

  // Links in the shown page lead off the machine: clicking one does nothing.
  frameDocument.addEventListener('click', (event) => {
    if (event.target instanceof frameWindow.Element && event.target.closest('a[href], area[href]')) {
      event.preventDefault();
    }
  });

  return () => {
    detach.abort();
    clearTimeout(focusTimer);
    hideCard();
  };
}
