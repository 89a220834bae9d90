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
 * Text [from, to) with the ranges inside it wrapped in <mark>; ranges are [start, end) in text's coordinates.
 * `times` are the text's resolved time expressions ({ start, end, note }): each is wrapped in <span class="time"> where
 * no mark covers it, and its note (the years it means, e.g. "2025" after 今年) follows it, so the reader sees
 * 今年 (2025) whether or not the query matched the words.
 */
export function highlighted(text, ranges, from = 0, to = text.length, markClass = null, times = []) {
  const fragment = document.createDocumentFragment();
  const cuts = new Set([from, to]);
  for (const [start, end] of ranges) { cuts.add(start); cuts.add(end); }
  for (const time of times) { cuts.add(time.start); cuts.add(time.end); }
  const points = [...cuts].filter((c) => c >= from && c <= to).sort((a, b) => a - b);
  const covered = (list, a, b) => list.some(([s, e]) => s <= a && b <= e);
  const timeRanges = times.map((x) => [x.start, x.end]);
  // Consecutive pieces in the same state join into one element; a note ends the piece it follows.
  let open = null;
  const flush = () => {
    if (!open) return;
    const piece = text.slice(open.start, open.end);
    if (open.mark) fragment.append(el('mark', markClass ? { class: markClass } : {}, piece));
    else if (open.time) fragment.append(el('span', { class: 'time' }, piece));
    else fragment.append(piece);
    open = null;
  };
  for (let i = 0; i + 1 < points.length; i++) {
    const [a, b] = [points[i], points[i + 1]];
    if (b <= a) continue;
    const mark = covered(ranges, a, b);
    const time = covered(timeRanges, a, b);
    if (open && open.mark === mark && open.time === time) open.end = b;
    else { flush(); open = { start: a, end: b, mark, time }; }
    const notes = times.filter((x) => x.end === b && x.note);
    if (notes.length) {
      flush();
      for (const x of notes) fragment.append(el('span', { class: 'time-note' }, ` (${x.note})`));
    }
  }
  flush();
  return fragment;
}

/**
 * The time expressions of a hit or passage (the API's `times`) as `highlighted` takes them, shifted by `shift`. The
 * note is left out where the words already say the years ("2025年" needs no "(2025)").
 */
export function timeNotes(times = [], shift = 0) {
  return times.map((x) => ({ start: x.start + shift, end: x.end + shift, note: yearsNote(x) }));
}

/** The years a time expression means, or null where its words already say them ("2025年" needs no "(2025)"). */
export function yearsNote(x) {
  const stated = x.text.includes(String(x.from)) && x.text.includes(String(x.to));
  if (stated) return null;
  return x.from === x.to ? String(x.from) : `${x.from}–${x.to}`;
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
