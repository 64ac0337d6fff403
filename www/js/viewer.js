// The side panel next to an annotated frame: the popup's summary (extension/summary.js) with its
// category toggles and click-to-scroll wired to content.js. The hover card is content.js's own,
// inside the frame.

import { renderSummary } from '../ext/summary.js';
import { contentScript } from './annotate.js';

/** For each category, the report items that have a range on the page (those can be revealed). */
function revealableItems(ranges) {
  const items = {};
  for (const { category, item } of ranges) {
    (items[category] ??= []).push(item);
  }
  return items;
}

/**
 * Renders the summary of `result` (what annotateFrame gave) into `summary`; its toggles hide
 * and show categories in the frame, its items scroll the frame to their text and flash it.
 */
export function showSummary(summary, result) {
  const content = contentScript();
  const hidden = new Set();
  renderSummary(summary, result.report, {
    message: result.message,
    hidden: [],
    onToggle: (category, shown) => {
      if (shown) {
        hidden.delete(category);
      } else {
        hidden.add(category);
      }
      content.setHidden(Array.from(hidden));
    },
    onReveal: (category, item) => content.reveal(category, item),
    revealable: revealableItems(result.ranges),
  });
}

/** Keeps links in the shown page from navigating the frame off this site. */
export function disableLinks(frameWindow) {
  frameWindow.document.addEventListener('click', (event) => {
    if (event.target instanceof frameWindow.Element && event.target.closest('a[href], area[href]')) {
      event.preventDefault();
    }
  });
}
