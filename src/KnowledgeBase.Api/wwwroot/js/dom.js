// Small DOM helpers. Everything from the server or a document is inserted as text nodes, never parsed as HTML.

/** Creates an element with attributes (properties for known ones) and children (strings become text nodes). */
export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === null || value === undefined || value === false) continue;
    if (name === 'class') node.className = value;
    else if (name === 'text') node.textContent = value;
    else if (name.startsWith('on')) node.addEventListener(name.slice(2), value);
    else if (name === 'dataset') Object.assign(node.dataset, value);
    else node.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children.flat()) if (child !== null && child !== undefined && child !== false) node.append(child);
  return node;
}

/**
 * Text [from, to) with the ranges inside it wrapped in <mark>; ranges are [start, end) in text's coordinates. A range
 * may carry a third element, a note shown after the marked words (e.g. the year a relative time expression such as
 * 今年 resolves to: 今年（2025）).
 */
export function highlighted(text, ranges, from = 0, to = text.length, markClass = null) {
  const fragment = document.createDocumentFragment();
  let at = from;
  for (const [start, end, note] of [...ranges].sort((a, b) => a[0] - b[0])) {
    const s = Math.max(start, at);
    const e = Math.min(end, to);
    if (e <= s) continue;
    fragment.append(text.slice(at, s));
    fragment.append(el('mark', markClass ? { class: markClass } : {}, text.slice(s, e)));
    if (note) fragment.append(el('span', { class: 'mark-note' }, `（${note}）`));
    at = e;
  }
  fragment.append(text.slice(at, to));
  return fragment;
}

/**
 * The stretch of a passage worth showing in a result: about `size` characters around the densest cluster of
 * highlights, cut at sentence or clause marks where possible. Returns [from, to).
 */
export function snippetRange(text, ranges, size = 160) {
  if (text.length <= size + 40) return [0, text.length];
  let best = ranges.length ? ranges[0][0] : 0;
  let bestCount = 0;
  for (const [start] of ranges) {
    const count = ranges.filter(([s]) => s >= start && s < start + size).length;
    if (count > bestCount) { best = start; bestCount = count; }
  }
  let from = Math.max(0, best - Math.floor(size / 4));
  const stop = text.slice(Math.max(0, from - 30), from).search(/[。！？；.!?;\n][^。！？；.!?;\n]*$/);
  if (stop >= 0) from = Math.max(0, from - 30) + stop + 1;
  let to = Math.min(text.length, from + size);
  const end = text.slice(to, to + 30).search(/[。！？；.!?;\n]/);
  if (end >= 0) to += end + 1;
  return [from, to];
}

export function clear(node) { node.replaceChildren(); return node; }
