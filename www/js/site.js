// Shared by every page of the site: paints the category samples (elements marked
// `data-sample="<category>"`) with the extension's own highlights (ext/highlights.css, linked by
// the page), so the legend shows exactly what the extension paints on a news page.

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
