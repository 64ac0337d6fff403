// The report as people read it: the popup's summary (and the site's), the hover card's labels
// and the Markdown copy. No `chrome.*` here: strings come through a `message(key, substitutions)`
// function, which is `chrome.i18n.getMessage` in the extension and `messagesFrom(json)` (over a
// _locales messages.json) elsewhere.
//
// Page text is untrusted: everything here writes it with textContent, never as HTML.

/**
 * The four categories in display order: the report list each comes from (field names as in
 * src/report.rs), the highlight category the engine's paint ranges name, and message keys of
 * the plural (chips, headings) and singular (hover card) labels.
 */
export const CATEGORIES = Object.freeze([
  { category: 'quote', field: 'quotes', label: 'categoryQuotes', single: 'labelQuote' },
  { category: 'speaker', field: 'speakers', label: 'categorySpeakers', single: 'labelSpeaker' },
  { category: 'official', field: 'officials', label: 'categoryOfficials', single: 'labelOfficial' },
  { category: 'credit', field: 'image_credits', label: 'categoryCredits', single: 'labelCredit' },
]);

/** How many words of a quote the collapsed line shows. */
const QUOTE_PREVIEW_WORDS = 8;

/**
 * A `message(key, substitutions)` function over the parsed contents of a _locales
 * `messages.json`, with the placeholder rules `chrome.i18n.getMessage` applies ($NAME$ → $1 →
 * the first substitution). Missing keys give the key itself, so a gap shows instead of a blank.
 */
export function messagesFrom(messages) {
  return (key, substitutions) => {
    const entry = messages[key];
    if (entry === undefined) {
      return key;
    }
    const values = substitutions === undefined ? [] : [].concat(substitutions).map(String);
    const named = (name) => entry.placeholders?.[name.toLowerCase()]?.content ?? '';
    return entry.message
      .replace(/\$(\w+)\$/g, (_, name) => named(name))
      .replace(/\$(\d)/g, (_, digit) => values[Number(digit) - 1] ?? '');
  };
}

/** "Name, title" (or just one of them when the other is missing or the same). */
function nameWithTitle(name, title) {
  if (!name) {
    return title ?? '';
  }
  return title && title !== name ? `${name}, ${title}` : name;
}

/** Whether a quote is attributed to none of the report's speakers. */
function isUnattributed(quote) {
  return quote.speaker_id === null || quote.speaker_id === undefined;
}

/** The speaker of quote `quote`, as "Name, title", or null when the article does not say. */
function quoteSpeaker(report, quote) {
  const speaker = isUnattributed(quote) ? undefined : report.speakers[quote.speaker_id];
  if (speaker !== undefined) {
    return nameWithTitle(speaker.name, speaker.title);
  }
  return quote.speaker ?? null;
}

/** "AFP / Brendan Smialowski" from a credit's agency and photographer, else its text. */
export function creditLine(credit) {
  const parts = [credit.agency, credit.photographer].filter((part) => typeof part === 'string' && part !== '');
  return parts.length > 0 ? parts.join(' / ') : credit.text;
}

/** The label "who" of item `item` in `field`, without the category. */
function itemWho(report, field, item, message) {
  const value = report[field][item];
  switch (field) {
    case 'quotes':
      return quoteSpeaker(report, value) ?? message('unattributed');
    case 'speakers':
    case 'officials':
      return nameWithTitle(value.name, value.title);
    default:
      return creditLine(value);
  }
}

/**
 * The hover card's text of every report item, `{ category: [label per item] }`:
 * "Quote — Antony Blinken, Secretary of State", "Image credit — AFP / Brendan Smialowski".
 */
export function itemLabels(report, message) {
  const labels = {};
  for (const { category, field, single } of CATEGORIES) {
    const kind = message(single);
    labels[category] = (report[field] ?? []).map((_, item) => `${kind} — ${itemWho(report, field, item, message)}`);
  }
  return labels;
}

/** The first words of `text`, with an ellipsis when cut. */
export function firstWords(text, count = QUOTE_PREVIEW_WORDS) {
  const words = text.trim().split(/\s+/);
  return words.length <= count ? words.join(' ') : `${words.slice(0, count).join(' ')}…`;
}

/** `document.createElement(tag)` with a class and text (textContent only). */
function element(tag, className, text) {
  const created = document.createElement(tag);
  if (className) {
    created.className = className;
  }
  if (text !== undefined) {
    created.textContent = text;
  }
  return created;
}

/**
 * The button (or plain text when it cannot be shown on the page) for report item `item` of
 * `category`. `onReveal(category, item)` scrolls the page to it.
 */
function itemControl(text, category, item, options) {
  const revealable = options.onReveal !== undefined && options.revealable?.[category]?.includes(item);
  if (!revealable) {
    return element('span', 'item-text', text);
  }
  const button = element('button', 'item', text);
  button.type = 'button';
  button.dataset.category = category;
  button.dataset.item = String(item);
  button.title = options.message('showOnPage');
  button.addEventListener('click', () => options.onReveal(category, item));
  return button;
}

/** A `<details>` showing a quote's first words, opening on the whole quote. */
function quoteDetails(quote, item, options) {
  const details = element('details', 'quote');
  details.dataset.item = String(item);
  details.appendChild(element('summary', '', `“${firstWords(quote.text)}”`));
  details.appendChild(element('p', 'quote-text', `“${quote.text}”`));
  details.appendChild(itemControl(options.message('showOnPage'), 'quote', item, options));
  return details;
}

/** A titled section with a list; returns the list. */
function section(container, id, title) {
  const part = container.appendChild(element('section', 'part'));
  part.setAttribute('aria-labelledby', id);
  const heading = part.appendChild(element('h2', '', title));
  heading.id = id;
  return part.appendChild(element('ul', 'items'));
}

/** The chips: one toggle per category with its colour and count. */
function chips(container, report, options) {
  const group = container.appendChild(element('div', 'chips'));
  group.setAttribute('role', 'group');
  group.setAttribute('aria-label', options.message('togglesLabel'));
  for (const { category, field, label } of CATEGORIES) {
    const count = (report[field] ?? []).length;
    const chip = group.appendChild(element(options.onToggle ? 'button' : 'span', 'chip'));
    chip.dataset.category = category;
    chip.dataset.field = field;
    chip.appendChild(element('span', 'swatch')).setAttribute('aria-hidden', 'true');
    chip.appendChild(element('span', 'label', options.message(label)));
    chip.appendChild(element('span', 'count', String(count)));
    if (options.onToggle) {
      const shown = !options.hidden?.includes(category);
      chip.type = 'button';
      chip.setAttribute('aria-pressed', String(shown));
      chip.title = options.message('toggleHint');
      chip.addEventListener('click', () => {
        const nowShown = chip.getAttribute('aria-pressed') !== 'true';
        chip.setAttribute('aria-pressed', String(nowShown));
        options.onToggle(category, nowShown);
      });
    }
  }
}

/**
 * Renders `report` into `container` (emptied first): category chips with counts, speakers each
 * with their title and quotes, unattributed quotes, officials with titles, image credits.
 *
 * `options`: `message(key, subs)` (required); `onToggle(category, shown)` makes the chips toggle
 * buttons, `hidden` the categories shown as off; `onReveal(category, item)` makes items buttons
 * for those listed in `revealable` (`{ category: [item, …] }`, the items that have a range).
 */
export function renderSummary(container, report, options) {
  container.replaceChildren();
  chips(container, report, options);
  const { message } = options;
  if (report.speakers.length > 0) {
    const list = section(container, 'summary-speakers', message('categorySpeakers'));
    report.speakers.forEach((speaker, index) => {
      const row = list.appendChild(element('li', 'entry'));
      row.appendChild(itemControl(speaker.name, 'speaker', index, options));
      if (speaker.title && speaker.title !== speaker.name) {
        row.appendChild(element('span', 'title', speaker.title));
      }
      const quotes = row.appendChild(element('div', 'quotes'));
      report.quotes.forEach((quote, item) => {
        if (quote.speaker_id === index) {
          quotes.appendChild(quoteDetails(quote, item, options));
        }
      });
    });
  }
  const unattributed = report.quotes
    .map((quote, item) => [quote, item])
    .filter(([quote]) => isUnattributed(quote));
  if (unattributed.length > 0) {
    const list = section(container, 'summary-other-quotes', message('otherQuotes'));
    for (const [quote, item] of unattributed) {
      const row = list.appendChild(element('li', 'entry'));
      if (quote.speaker) {
        row.appendChild(element('span', 'who', quote.speaker));
      }
      row.appendChild(quoteDetails(quote, item, options));
    }
  }
  if (report.officials.length > 0) {
    const list = section(container, 'summary-officials', message('categoryOfficials'));
    report.officials.forEach((official, index) => {
      const row = list.appendChild(element('li', 'entry'));
      row.appendChild(itemControl(official.name ?? official.title, 'official', index, options));
      if (official.name && official.title) {
        row.appendChild(element('span', 'title', official.title));
      }
    });
  }
  if (report.image_credits.length > 0) {
    const list = section(container, 'summary-credits', message('categoryCredits'));
    report.image_credits.forEach((credit, index) => {
      const row = list.appendChild(element('li', 'entry'));
      row.appendChild(itemControl(creditLine(credit), 'credit', index, options));
    });
  }
}

/**
 * The report as Markdown, for the clipboard: a heading (the page's `title` and `url` when
 * given), then speakers with their quotes, other quotes, officials and image credits.
 */
export function summaryMarkdown(report, message, { title, url } = {}) {
  const lines = [`# ${message('markdownHeading')}${title ? `: ${title}` : ''}`];
  if (url) {
    lines.push('', `<${url}>`);
  }
  lines.push(
    '',
    CATEGORIES.map(({ field, label }) => `${message(label)}: ${(report[field] ?? []).length}`).join(' · '),
  );
  if (report.speakers.length > 0) {
    lines.push('', `## ${message('categorySpeakers')}`, '');
    report.speakers.forEach((speaker, index) => {
      lines.push(`- **${nameWithTitle(speaker.name, speaker.title)}**`);
      for (const quote of report.quotes.filter((candidate) => candidate.speaker_id === index)) {
        lines.push(`  - “${quote.text}”`);
      }
    });
  }
  const unattributed = report.quotes.filter(isUnattributed);
  if (unattributed.length > 0) {
    lines.push('', `## ${message('otherQuotes')}`, '');
    for (const quote of unattributed) {
      lines.push(`- “${quote.text}”${quote.speaker ? ` — ${quote.speaker}` : ''}`);
    }
  }
  if (report.officials.length > 0) {
    lines.push('', `## ${message('categoryOfficials')}`, '');
    for (const official of report.officials) {
      lines.push(`- ${nameWithTitle(official.name, official.title)}`);
    }
  }
  if (report.image_credits.length > 0) {
    lines.push('', `## ${message('categoryCredits')}`, '');
    for (const credit of report.image_credits) {
      lines.push(`- ${creditLine(credit)}`);
    }
  }
  return `${lines.join('\n')}\n`;
}
