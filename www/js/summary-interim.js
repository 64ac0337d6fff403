// Interim summary renderer (report -> DOM), shipped as dist/www/ext/summary.js only while
// extension/summary.js does not exist; the build prefers the extension's module, which the popup
// uses, so the site and the popup show one summary.
//
// Contract the site relies on (the extension's module is asked to keep it):
//   renderSummary(report, { message }) -> Element
//   - every string from the page is written with textContent, never as HTML;
//   - each report item is a <button type="button"> with data-category (quote, speaker,
//     official, credit: the paint categories) and data-item (its index in that category's list),
//     so a host page can scroll to it or highlight it;
//   - `message(key)` gives a label (popup: chrome.i18n.getMessage); English by default.

/** English labels, keyed like the extension's message catalogue. */
const ENGLISH = {
  categoryQuotes: 'Quotes',
  categorySpeakers: 'Speakers',
  categoryOfficials: 'Officials',
  categoryCredits: 'Photo credits',
  unattributedQuotes: 'Unattributed quotes',
  nothingFound: 'None found',
};

/** `tag` element with class `className` and optional text, appended to `parent`. */
function append(parent, tag, className, text) {
  const element = parent.ownerDocument.createElement(tag);
  if (className) {
    element.className = className;
  }
  if (text !== undefined) {
    element.textContent = text;
  }
  parent.appendChild(element);
  return element;
}

/** A button standing for report item `item` of `category`. */
function itemButton(parent, category, item) {
  const button = append(parent, 'button', 'summary-item');
  button.type = 'button';
  button.dataset.category = category;
  button.dataset.item = String(item);
  return button;
}

/** One quote as a list entry: its text in quotation marks, and how it is reported. */
function quoteEntry(list, quote, index) {
  const button = itemButton(append(list, 'li'), 'quote', index);
  append(button, 'q', 'summary-quote', quote.text);
  if (quote.kind === 'indirect') {
    append(button, 'span', 'summary-note', ' (reported)');
  }
}

/** A titled section whose heading shows the count; returns its list. */
function section(root, label, count, category) {
  const block = append(root, 'section', 'summary-section');
  block.dataset.category = category;
  const heading = append(block, 'h3', 'summary-heading');
  append(heading, 'span', 'summary-swatch').setAttribute('aria-hidden', 'true');
  append(heading, 'span', 'summary-label', label);
  append(heading, 'span', 'summary-count', ` ${count}`);
  return append(block, 'ul', 'summary-list');
}

/** Renders `report` (src/report.rs) as the summary: speakers and their quotes, officials, credits. */
export function renderSummary(report, { message = (key) => ENGLISH[key] ?? key } = {}) {
  const root = document.createElement('div');
  root.className = 'summary';
  const quotes = report.quotes ?? [];
  const quotesBySpeaker = new Map();
  const unattributed = [];
  quotes.forEach((quote, index) => {
    if (quote.speaker_id === null || quote.speaker_id === undefined) {
      unattributed.push(index);
    } else {
      const list = quotesBySpeaker.get(quote.speaker_id) ?? [];
      list.push(index);
      quotesBySpeaker.set(quote.speaker_id, list);
    }
  });

  const speakers = report.speakers ?? [];
  const speakerList = section(root, message('categorySpeakers'), speakers.length, 'speaker');
  speakers.forEach((speaker, index) => {
    const entry = append(speakerList, 'li', 'summary-speaker');
    const button = itemButton(entry, 'speaker', index);
    append(button, 'strong', 'summary-name', speaker.name);
    if (speaker.title && speaker.title !== speaker.name) {
      append(button, 'span', 'summary-title', `, ${speaker.title}`);
    }
    const own = quotesBySpeaker.get(speaker.id ?? index) ?? [];
    if (own.length > 0) {
      const list = append(entry, 'ul', 'summary-quotes');
      for (const quoteIndex of own) {
        quoteEntry(list, quotes[quoteIndex], quoteIndex);
      }
    }
  });
  if (unattributed.length > 0) {
    const list = section(root, message('unattributedQuotes'), unattributed.length, 'quote');
    for (const quoteIndex of unattributed) {
      quoteEntry(list, quotes[quoteIndex], quoteIndex);
    }
  }

  const officials = report.officials ?? [];
  const officialList = section(root, message('categoryOfficials'), officials.length, 'official');
  officials.forEach((official, index) => {
    const button = itemButton(append(officialList, 'li'), 'official', index);
    if (official.name) {
      append(button, 'strong', 'summary-name', official.name);
      append(button, 'span', 'summary-title', `, ${official.title}`);
    } else {
      append(button, 'span', 'summary-title', official.title);
    }
  });

  const credits = report.image_credits ?? [];
  const creditList = section(root, message('categoryCredits'), credits.length, 'credit');
  credits.forEach((credit, index) => {
    const button = itemButton(append(creditList, 'li'), 'credit', index);
    append(button, 'span', 'summary-credit', credit.text);
    const who = [credit.agency, credit.photographer].filter(Boolean).join(' / ');
    if (who) {
      append(button, 'span', 'summary-note', ` (${who})`);
    }
  });

  for (const list of root.querySelectorAll('.summary-list')) {
    if (list.childElementCount === 0) {
      append(list, 'li', 'summary-empty', message('nothingFound'));
    }
  }
  return root;
}
