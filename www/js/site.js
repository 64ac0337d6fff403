// Shared by the site's pages: the category samples (elements marked `data-sample="<category>"`),
// painted with the extension's own highlights (ext/highlights.css, linked by the page) so the
// legend shows exactly what the extension paints on a news page; and the status line.

/**
 * Shows `text` in the status line `element` (a live region); `state` (working, done,
 * no-article, error) styles it.
 */
export function setStatus(element, state, text) {
  element.dataset.state = state;
  element.textContent = text;
}

/** Registers one Highlight per category over the contents of the sample elements in `root`. */
export function paintSamples(root = document) {
  if (typeof Highlight !== 'function' || !('highlights' in CSS)) {
    return;
  }
  const byCategory = new Map();
  for (const element of root.querySelectorAll('[data-sample]')) {
    const range = document.createRange();
    range.selectNodeContents(element);
    const list = byCategory.get(element.dataset.sample) ?? [];
    list.push(range);
    byCategory.set(element.dataset.sample, list);
  }
  for (const [category, ranges] of byCategory) {
    CSS.highlights.set(`sourcelight-${category}`, new Highlight(...ranges));
  }
}
