#!/usr/bin/env python3
"""Builds the English BEIR-format evaluation set (eval-en) from the English documents in ../shared/corpus.

Five English research documents are cut into passages of one to three paragraphs (the split is defined here, not by
kb's chunker, so that a chunker change cannot move the judged passages). Only the documents SOURCES.md marks
"fixture ok" may be committed; for the others this script is the way to get their passages back. Every corpus entry's
text has a SHA-256 in passages.sha256; the queries and relevance judgements (queries.jsonl, qrels/test.tsv) were
written against exactly those texts, so a mismatch (a different pdftotext, a changed source file) stops the build
with the entries named instead of silently scoring against passages the judgements were not written for.

Usage:
  python3 tools/eval-en/build.py [--corpus ../shared/corpus] [--out OUT]      # full set: OUT/{all,tune,test}
  python3 tools/eval-en/build.py --fixture [--out tests/KnowledgeBase.Tests/Fixtures/eval-en]
                                   # only the committable documents and the queries judged on them
  python3 tools/eval-en/build.py --write-hashes   # after an intended change of the split: rewrite passages.sha256

Needs pdftotext (poppler-utils; the hashes were written with pdftotext 22.12.0, Debian 12).
"""
import argparse
import hashlib
import json
import os
import re
import subprocess
import sys
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))

# key, path under the corpus, kind, committable ("fixture ok" in SOURCES.md), title, first line (regex) to keep,
# the line (regex) at which the text ends, pages to skip (1-based)
SOURCES = [
    dict(key="wheat", path="pdf-en/iop_ees_2021_germinated_wheat_supplement.pdf", kind="pdf", fixture=True,
         title="A comprehensive nutritional supplement made from germinated wheat to enrich drinks",
         start=r"^Abstract\.", end=r"^References$", skip_pages=[1]),
    dict(key="layoutparser", path="tricky/encrypted/en_owner_password_copy_protected_aes.pdf", kind="pdf",
         fixture=True, title="LayoutParser: A Unified Toolkit for Deep Learning Based Document Image Analysis",
         start=r"^Abstract\.", end=None, skip_pages=[]),
    dict(key="gao", path="tricky/corrupt/invalid_structure_pdfminer_gao_report.pdf", kind="pdf", fixture=True,
         title="Cybersecurity: Launching and Implementing the National Cybersecurity Strategy (GAO-23-106826)",
         start=r"^Threats Highlight", end=r"^About GAO$", skip_pages=[]),
    dict(key="tableformer", path="pdf-en/arxiv_2203.00274_tableformer.pdf", kind="pdf", fixture=False,
         title="TableFormer: Table Structure Understanding with Transformers",
         start=r"^Abstract$", end=r"^References$", skip_pages=[]),
    dict(key="azd3582", path="pdf-en/inflammopharmacology_2007_azd3582.groundtruth.md", kind="md", fixture=False,
         title="The effects of AZD3582 and naproxen on key pathogenic steps in NSAID-enteropathy in the rat",
         start=r"^Abstract\.", end=r"^## References", skip_pages=[]),
]

MIN_WORDS = 40         # a passage shorter than this joins its neighbour
TARGET_WORDS = 110     # a passage closes at the first paragraph end after this many words
MAX_WORDS = 230        # a longer paragraph is cut at sentence ends
MIN_WORD_SHARE = 0.6   # share of tokens that are words; below it the passage is a table or formula residue

HEADING = re.compile(r"^(?:[1-9](?:\.\d{1,2})*\.?\s+[A-Z](?:[^.\s]*\s?){1,7}|Abstract\.?|Introduction|Conclusions?|Discussion"
                     r"|Results|Methods|Acknowledg(?:e)?ments?)$")
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z(\[])")


class BuildError(Exception):
    pass


def pdf_pages(path):
    try:
        out = subprocess.run(["pdftotext", "-enc", "UTF-8", "-q", path, "-"], check=True, capture_output=True).stdout
    except FileNotFoundError:
        raise BuildError("pdftotext not found: install poppler-utils (apt-get install poppler-utils)")
    return out.decode("utf-8").split("\f")


def words(text):
    return text.split()


def clean_markdown(text):
    """The MinerU ground truth writes units and symbols as LaTeX; keep their text, drop the markup."""
    text = re.sub(r"\[\^\d+\]", "", text)
    text = text.replace("<br>", " ")
    text = text.replace(r"\mu", "µ").replace(r"\pm", "±").replace(r"\leq", "≤").replace(r"\%", "%")
    text = re.sub(r"\\math\w+\s*\{([^{}]*)\}", r"\1", text)
    text = re.sub(r"[{}$]|\\[a-zA-Z]+|\^|_", "", text)
    return re.sub(r"[ \t]+", " ", text).strip()


def md_blocks(source, corpus):
    with open(os.path.join(corpus, source["path"]), encoding="utf-8") as f:
        lines = f.read().splitlines()
    blocks, started = [], False
    for line in lines:
        line = line.strip()
        if not started:
            started = bool(re.match(source["start"], line))
            if not started:
                continue
        if source["end"] and re.match(source["end"], line):
            break
        if not line:
            continue
        if line.startswith("#"):
            blocks.append(("heading", line.lstrip("#").strip()))
        else:
            blocks.append(("para", clean_markdown(line)))
    return blocks


def pdf_blocks(source, corpus):
    pages = pdf_pages(os.path.join(corpus, source["path"]))
    pages = [p for i, p in enumerate(pages, 1) if i not in source["skip_pages"] and p.strip()]
    # Running headers and footers: a line that recurs on two or more pages.
    seen = {}
    for page in pages:
        for line in {l.strip() for l in page.splitlines() if l.strip()}:
            seen[line] = seen.get(line, 0) + 1
    lines = []
    for page in pages:
        page_lines = join_section_numbers([l.strip() for l in page.splitlines()])
        lengths = sorted(len(l) for l in page_lines if len(l) > 20)
        typical = lengths[len(lengths) * 3 // 4] if lengths else 80
        for line in page_lines:
            if not line:
                lines.append(("blank", typical))
            elif seen.get(line, 0) >= 2 or sum(c.isalpha() for c in line) < 3:
                continue   # header, footer, page number, formula debris
            else:
                lines.append((line, typical))

    blocks, current, started = [], [], False

    def close():
        if current:
            blocks.append(("para", join_lines(current)))
            current.clear()

    for line, typical in lines:
        if line == "blank":
            continue   # pdftotext also leaves blank lines inside paragraphs (column and page breaks)
        if not started:
            started = bool(re.match(source["start"], line))
            if not started:
                continue
        if source["end"] and re.match(source["end"], line):
            break
        if HEADING.match(line) and not line.startswith("Abstract"):
            close()
            blocks.append(("heading", line))
            continue
        current.append(line)
        # A line well short of the column width that ends a sentence ends the paragraph.
        if line.endswith((".", ":")) and len(line) < 0.85 * typical:
            close()
    close()
    return blocks


def join_section_numbers(lines):
    """Some layouts put a section number on a line of its own ("4.1", blank, "Datasets and Evaluation")."""
    out, i = [], 0
    while i < len(lines):
        line = lines[i]
        if re.fullmatch(r"\d{1,2}(?:\.\d{1,2})*", line):
            j = i + 1
            while j < len(lines) and not lines[j]:
                j += 1
            if j < len(lines) and HEADING.match(line + " " + lines[j]) and not lines[j].endswith("."):
                out.append(line + " " + lines[j])
                i = j + 1
                continue
        out.append(line)
        i += 1
    return out


def join_lines(lines):
    text = ""
    for line in lines:
        if not text:
            text = line
        elif text.endswith("-") and line[:1].islower():
            text = text[:-1] + line      # hyphenated word broken at the line end
        else:
            text += " " + line
    return re.sub(r"\s+", " ", text).strip()


def split_long(paragraph):
    if len(words(paragraph)) <= MAX_WORDS:
        return [paragraph]
    pieces, current = [], []
    for sentence in SENTENCE_END.split(paragraph):
        current.append(sentence)
        if len(words(" ".join(current))) >= TARGET_WORDS:
            pieces.append(" ".join(current))
            current = []
    if current:
        pieces.append(" ".join(current))
    return pieces


def passages_of(source, corpus):
    blocks = md_blocks(source, corpus) if source["kind"] == "md" else pdf_blocks(source, corpus)
    passages = []   # (section, [paragraphs])
    section, current = "", []

    def flush(force_merge=False):
        nonlocal current
        if not current:
            return
        count = len(words(" ".join(current)))
        if (count < MIN_WORDS or force_merge) and passages and passages[-1][0] == section:
            passages[-1][1].extend(current)
        elif count >= 15:
            passages.append((section, list(current)))
        current = []

    for kind, text in blocks:
        if kind == "heading":
            if current and len(words(" ".join(current))) < MIN_WORDS:
                flush(force_merge=True)
            flush()
            section = text
            continue
        for piece in split_long(text):
            current.append(piece)
            if len(words(" ".join(current))) >= TARGET_WORDS:
                flush()
    flush(force_merge=bool(current) and len(words(" ".join(current))) < MIN_WORDS)

    entries = []
    for section_name, paragraphs in passages:
        text = unicodedata.normalize("NFC", "\n".join(paragraphs))
        tokens = words(text)
        wordish = sum(1 for t in tokens if sum(c.isalpha() for c in t) >= 2)
        if not tokens or wordish / len(tokens) < MIN_WORD_SHARE:
            continue
        title = source["title"] + (" — " + section_name if section_name else "")
        entries.append({"_id": f"{source['key']}-{len(entries) + 1:02d}", "title": title, "text": text})
    return entries


def sha(entry):
    return hashlib.sha256((entry["title"] + "\n" + entry["text"]).encode("utf-8")).hexdigest()


def read_hashes():
    hashes = {}
    with open(os.path.join(HERE, "passages.sha256"), encoding="utf-8") as f:
        for line in f:
            if line.strip() and not line.startswith("#"):
                entry_id, digest = line.split()
                hashes[entry_id] = digest
    return hashes


def read_queries():
    with open(os.path.join(HERE, "queries.jsonl"), encoding="utf-8") as f:
        return [json.loads(l) for l in f if l.strip()]


def read_qrels():
    with open(os.path.join(HERE, "qrels", "test.tsv"), encoding="utf-8") as f:
        rows = [l.rstrip("\n").split("\t") for l in f][1:]
    return [(q, c, int(s)) for q, c, s in rows if q]


def write_set(folder, corpus_entries, queries, qrels):
    os.makedirs(os.path.join(folder, "qrels"), exist_ok=True)
    with open(os.path.join(folder, "corpus.jsonl"), "w", encoding="utf-8", newline="\n") as f:
        for e in corpus_entries:
            f.write(json.dumps(e, ensure_ascii=False) + "\n")
    with open(os.path.join(folder, "queries.jsonl"), "w", encoding="utf-8", newline="\n") as f:
        for q in queries:
            f.write(json.dumps(q, ensure_ascii=False) + "\n")
    with open(os.path.join(folder, "qrels", "test.tsv"), "w", encoding="utf-8", newline="\n") as f:
        f.write("query-id\tcorpus-id\tscore\n")
        for q, c, s in qrels:
            f.write(f"{q}\t{c}\t{s}\n")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", default=os.path.join(HERE, "..", "..", "..", "shared", "corpus"))
    parser.add_argument("--out")
    parser.add_argument("--fixture", action="store_true", help="only the committable documents")
    parser.add_argument("--write-hashes", action="store_true")
    parser.add_argument("--list", action="store_true", help="print the passages (for writing judgements)")
    args = parser.parse_args()
    corpus = os.path.abspath(args.corpus)
    if not os.path.isdir(corpus):
        corpus = "/work/shared/corpus" if os.path.isdir("/work/shared/corpus") else corpus
    if not os.path.isdir(corpus):
        raise BuildError(f"corpus folder not found: {args.corpus} (pass --corpus)")

    sources = [s for s in SOURCES if s["fixture"] or not args.fixture]
    entries = [e for s in sources for e in passages_of(s, corpus)]

    if args.list:
        for e in entries:
            print(f"=== {e['_id']} | {e['title']}\n{e['text']}\n")
        return
    if args.write_hashes:
        with open(os.path.join(HERE, "passages.sha256"), "w", encoding="utf-8", newline="\n") as f:
            f.write("# corpus-id sha256(title + \"\\n\" + text), written by build.py --write-hashes\n")
            for e in entries:
                f.write(f"{e['_id']} {sha(e)}\n")
        print(f"wrote {len(entries)} hashes", file=sys.stderr)
        return

    expected = read_hashes()
    if args.fixture:
        expected = {k: v for k, v in expected.items() if any(k.startswith(s["key"] + "-") for s in sources)}
    built = {e["_id"]: sha(e) for e in entries}
    missing = sorted(set(expected) - set(built))
    extra = sorted(set(built) - set(expected))
    changed = sorted(k for k in expected if k in built and built[k] != expected[k])
    if missing or extra or changed:
        raise BuildError(
            "the passages built from " + corpus + " are not the ones the judgements were written against "
            f"(changed: {', '.join(changed) or '-'}; missing: {', '.join(missing) or '-'}; new: {', '.join(extra) or '-'}). "
            "Check the source files and the pdftotext version (22.12.0 wrote the hashes); a deliberate change of the "
            "split needs the qrels re-judged before --write-hashes.")

    ids = set(built)
    qrels = [r for r in read_qrels() if r[1] in ids]
    judged = {q for q, _, s in qrels if s > 0}
    all_qrels = read_qrels()
    # A query keeps its place only if every passage judged for it is in this build (the fixture drops some).
    complete = {q for q in judged if all(c in ids for qq, c, _ in all_qrels if qq == q)}
    queries = [q for q in read_queries() if q["_id"] in complete]
    qrels = [r for r in qrels if r[0] in complete]

    out = args.out or (os.path.join(HERE, "..", "..", "tests", "KnowledgeBase.Tests", "Fixtures", "eval-en")
                       if args.fixture else None)
    if not out:
        raise BuildError("--out FOLDER is required for the full set (it holds documents that may not be committed)")
    if args.fixture:
        write_set(out, entries, queries, qrels)
        print(f"{out}: {len(entries)} passages, {len(queries)} queries", file=sys.stderr)
        return
    halves = {"all": lambda n: True, "tune": lambda n: n % 2 == 0, "test": lambda n: n % 2 == 1}
    for name, keep in halves.items():
        qs = [q for q in queries if keep(int(q["_id"][1:]))]
        kept = {q["_id"] for q in qs}
        write_set(os.path.join(out, name), entries, qs, [r for r in qrels if r[0] in kept])
        print(f"{os.path.join(out, name)}: {len(entries)} passages, {len(qs)} queries", file=sys.stderr)


if __name__ == "__main__":
    try:
        main()
    except BuildError as e:
        print("eval-en: " + str(e), file=sys.stderr)
        sys.exit(2)
