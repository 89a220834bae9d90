// Notes about how a passage's text was obtained, shown beside its citation in the results and in the source viewer.
// Each flag is { code, label, title }. A new kind of flag is added here, once, and both places show it.
import { t } from './i18n.js';

/** The flags of a search hit or a passage view (both carry the API's per-passage fields). */
export function flagsOf(passage) {
  const flags = [];
  // Read by OCR from a page image: it may hold misread characters, so the reader should check the original.
  if (passage.ocr) flags.push({ code: 'ocr', label: t('ocr', passage.ocrConfidence), title: t('ocrHint') });
  return flags;
}
