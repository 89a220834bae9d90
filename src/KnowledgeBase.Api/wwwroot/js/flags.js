// Notes about how a passage's text was obtained, shown beside its citation in the results and in the source viewer
// (e.g. text read by OCR from a scanned page, which may hold misread characters). Each flag is { code, label, title }.
// A new kind of flag is added here, once, and both places show it.
import { t } from './i18n.js';

/** The flags of a search hit or a passage view (both carry the API's per-passage fields). */
export function flagsOf(passage) {
  const flags = [];
  for (const code of passage.flags || []) flags.push({ code, label: t('flagLabels')[code] || code, title: t('flagTitles')[code] || '' });
  return flags;
}
