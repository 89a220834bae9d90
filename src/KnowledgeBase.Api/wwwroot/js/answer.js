// The answer box: /api/ask's answer above the results, each sentence followed by its [n] citations, which open the
// cited passage in the source viewer. Says plainly whether a language model wrote it or sentences were quoted.
import { postJson } from './api.js';
import { el, clear } from './dom.js';
import { t } from './i18n.js';
import { FILTER_KEYS, viewerHref } from './route.js';

const QUESTION = /[？?]\s*$|什么|怎么|怎样|如何|为什么|为何|哪些|哪个|哪里|哪一年|多少|是否|能否|有没有|吗\s*$|呢\s*$|^(what|how|why|which|who|whom|whose|when|where|is|are|was|were|does|do|did|can|could|should|will|would)\b/i;

/** True when the text reads as a question rather than keywords: those get an answer without asking. */
export const isQuestion = (text) => QUESTION.test(text.trim());

let generation = 0;

export async function showAnswer(box, params) {
  const mine = ++generation;
  box.hidden = false;
  const status = el('p', { class: 'answer-status', role: 'status' }, t('asking'));
  clear(box).append(el('h2', { id: 'answer-title' }, t('answerTitle')), status);
  const request = { question: params.get('q') };
  for (const key of FILTER_KEYS) if (key !== 'document' && params.get(key)) request[key] = /^year/.test(key) ? Number(params.get(key)) : params.get(key);
  let answer;
  try {
    answer = await postJson('/api/ask', request);
  } catch (e) {
    if (mine === generation) status.textContent = t('error') + e.message;
    return;
  }
  if (mine !== generation) return;
  renderAnswer(box, answer, params.get('q'));
}

export function hideAnswer(box) {
  generation++;
  box.hidden = true;
  clear(box);
}

/** An offer to answer a keyword query on demand. */
export function offerAnswer(box, params) {
  generation++;
  box.hidden = false;
  const ask = el('button', { type: 'button', class: 'secondary', id: 'ask-button' }, t('askButton'));
  ask.addEventListener('click', () => showAnswer(box, params));
  clear(box).append(ask);
}

function renderAnswer(box, answer, query) {
  const byNumber = new Map(answer.citations.map((c) => [c.n, c]));
  const body = el('p', { class: 'answer-text' });
  for (const sentence of answer.sentences) {
    body.append(el('span', { class: 'answer-sentence' }, sentence.text));
    for (const n of sentence.citations) {
      const c = byNumber.get(n);
      if (!c) continue;
      body.append(el('a', { href: viewerHref(c.passageId, query), 'data-route': '', class: 'citation-link', title: `${c.title} · ${t('page', c.page)}`,
        'aria-label': `${t('citation', n)}：${c.title}，${t('page', c.page)}` }, `[${n}]`));
    }
    body.append(' ');
  }
  const note = el('p', { class: 'answer-note' }, answer.mode === 'chat' ? t('answerChat') : t('answerExtractive'));
  box.dataset.mode = answer.mode;
  if (answer.sentences.length === 0) {
    clear(box).append(el('h2', { id: 'answer-title' }, t('answerTitle')), el('p', {}, t('answerNone')));
    return;
  }
  const cited = new Set(answer.sentences.flatMap((s) => s.citations));
  const sources = el('ol', { class: 'answer-sources', 'aria-label': t('answerSources') },
    answer.citations.filter((c) => cited.has(c.n)).map((c) => el('li', { value: c.n },
      el('a', { href: viewerHref(c.passageId, query), 'data-route': '' }, c.title), ` · ${t('page', c.page)}`)));
  clear(box).append(el('h2', { id: 'answer-title' }, t('answerTitle')), note, body, sources);
}
