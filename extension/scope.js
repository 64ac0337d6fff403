// Where the highlight styles go in a page: the element that holds every painted range, named by
// its place (see styles.js for why). The service worker finds it in the page's snapshot, before
// the paint, so that inserting the styles overlaps the paint's trip to the page; the content
// script checks after each paint that it still covers the ranges (content.js's
// `missingStyles`).

/**
 * The scopes the highlight styles may be inserted for: the root, or a path of child steps from it
 * by element name and position. Nothing else reaches `insertCSS`.
 */
export const SCOPE_SELECTOR = /^:root(?:>(?:[a-z][a-z0-9-]*)?:nth-child\([1-9][0-9]*\))*$/;

/** An element name a selector can hold as it is: an HTML name, a custom element's included. */
const PLAIN_ELEMENT_NAME = /^[a-z][a-z0-9-]*$/;

/** Elements whose descendants are not HTML elements: their names are matched by case there. */
const FOREIGN_ROOTS = new Set(['svg', 'math']);

/**
 * The selector of the element that holds every range of `ranges` (the engine's paint ranges,
 * whose node numbers are `snapshot`'s), by its place: `:root`, then one child step per generation
 * down to it, `name:nth-child(n)`, the name only for a plain HTML element name outside SVG and
 * MathML (their elements' names are case-sensitive and the snapshot lowers them). Null when there
 * are no ranges. `snapshot` is the content script's (`{ parent, name }` in document order, a
 * parent before its children, an element's `name` non-empty); positions count the element
 * children the snapshot holds, which are the page's (only our own card, always last, is left out).
 */
export function snapshotScope({ parent, name }, ranges) {
  let holder = null;
  for (const { start_node: start, end_node: end } of ranges) {
    for (const node of [start, end]) {
      // The engine's ranges name the snapshot's nodes; anything else gets the root.
      if (!(Number.isInteger(node) && node >= 0 && node < parent.length)) {
        return ':root';
      }
      holder = holder === null ? node : commonAncestor(parent, holder, node);
    }
  }
  if (holder === null) {
    return null;
  }
  while (holder > 0 && name[holder] === '') {
    holder = parent[holder];
  }
  const path = [];
  for (let node = holder; node > 0; node = parent[node]) {
    path.push(node);
  }
  path.reverse();
  const steps = [':root'];
  let foreign = FOREIGN_ROOTS.has(name[0]);
  for (const node of path) {
    let position = 0;
    for (let sibling = parent[node] + 1; sibling <= node; sibling += 1) {
      if (parent[sibling] === parent[node] && name[sibling] !== '') {
        position += 1;
      }
    }
    const plain = !foreign && PLAIN_ELEMENT_NAME.test(name[node]);
    steps.push(`${plain ? name[node] : ''}:nth-child(${position})`);
    foreign ||= FOREIGN_ROOTS.has(name[node]);
  }
  return steps.join('>');
}

/**
 * `snapshotScope` read from the snapshot's JSON text (what the worker holds): its `parent` and
 * `name` arrays only, which the content script writes first (content.js's `takeSnapshot`), so
 * that the text and attributes are not parsed (0.1 ms a fixture page at the median, 0.8 at
 * most). In JSON a quotation mark inside a string is escaped, so the first `,"text":` is the
 * key. Null when there is nothing to paint.
 */
export function snapshotJsonScope(snapshotJson, ranges) {
  if (ranges.length === 0) {
    return null;
  }
  const end = snapshotJson.indexOf(',"text":');
  return snapshotScope(JSON.parse(end === -1 ? snapshotJson : `${snapshotJson.slice(0, end)}}`), ranges);
}

/**
 * The lowest common ancestor of nodes `a` and `b`: in document order a node's ancestors come
 * before it, so the later of the two is never the other's ancestor and climbs first.
 */
function commonAncestor(parent, a, b) {
  while (a !== b) {
    if (a > b) {
      a = parent[a];
    } else {
      b = parent[b];
    }
  }
  return a;
}
