// Finds a passage's text inside another rendering of the same page (the PDF.js text layer), whose spacing, line
// breaks and compatibility characters differ from the text extracted at ingest: both sides are compared as NFKC,
// lower case, with whitespace removed, and positions map back to the original characters.

/** The comparable form of text, with the index of the original character each comparable character came from. */
export function comparable(text) {
  let folded = '';
  const origin = [];
  for (let i = 0; i < text.length; i++) {
    let c = text[i];
    // Keep surrogate pairs together.
    if (c >= '\ud800' && c <= '\udbff' && i + 1 < text.length) c += text[i + 1];
    const n = c.normalize('NFKC').toLowerCase().replace(/\s+/gu, '');
    for (const ch of n) { folded += ch; origin.push(i); }
    if (c.length === 2) i++;
  }
  return { folded, origin };
}

/**
 * Where the needle's comparable characters lie in the haystack's: the whole needle when it occurs verbatim, otherwise
 * pieces of it (runs of at least `piece` characters, found in order), so a passage that the two extractions render
 * slightly differently is still marked where it agrees. Returns ranges [start, end) over the haystack's folded text.
 */
export function findFolded(haystack, needle, piece = 12) {
  if (!needle) return [];
  const whole = haystack.indexOf(needle);
  if (whole >= 0) return [[whole, whole + needle.length]];
  const ranges = [];
  let from = 0;
  for (let at = 0; at + piece <= needle.length; ) {
    const hit = haystack.indexOf(needle.slice(at, at + piece), from);
    if (hit < 0) { at += Math.ceil(piece / 2); continue; }
    // Extend the piece while both sides agree.
    let length = piece;
    while (at + length < needle.length && hit + length < haystack.length && needle[at + length] === haystack[hit + length]) length++;
    ranges.push([hit, hit + length]);
    from = hit + length;
    at += length;
  }
  return ranges;
}
