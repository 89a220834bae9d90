#!/usr/bin/python3
"""Builds the tiny XLM-R-style model folder that tests the SentencePiece path of the ONNX generator.

No XLM-R / e5 / bge-m3 model can be obtained here, so this makes our own stand-in with the same interfaces:
  sentencepiece.bpe.model  a SentencePiece model trained on public-domain text (the 2025 Government Work Report,
                           Chinese, and the GAO-23-106826 report, English, both from ../shared/corpus), with
                           SentencePiece's default ids <unk>=0, <s>=1, </s>=2 like XLM-R's
  model.onnx               input_ids + attention_mask (int64, [batch, tokens]) -> last_hidden_state
                           [batch, tokens, 16] = Gather(E, input_ids), E a fixed matrix derived from the id
  embedder.json            mean pooling, normalised, 48 tokens (the tokenizer is found from the file present)
  expected.json            reference ids from the original sentencepiece library shifted to fairseq ids
                           (<s>=0, <pad>=1, </s>=2, <unk>=3, piece+1) and the mean-pooled, normalised vectors

Usage: /usr/bin/python3 tools/tiny-xlmr/build.py [--corpus ../shared/corpus] [--out tests/KnowledgeBase.Tests/Fixtures/tiny-xlmr]
Needs Debian's python3-sentencepiece (0.1.97) and python3-onnx (1.12) with numpy.
The output is deterministic for those versions (single-threaded training, fixed seed).
"""
import argparse, json, os, re, subprocess, sys
import numpy as np
import sentencepiece as spm
import onnx
from onnx import TensorProto, helper, numpy_helper

HERE = os.path.dirname(os.path.abspath(__file__))
DIM = 16
MAX_TOKENS = 48

# Inputs the test runs through both implementations: English, Chinese, mixed, full-width forms NFKC folds,
# characters the model never saw (unknown), extra spaces.
SAMPLES = [
    "The strategy identifies investments for four of the five pillars.",
    "政府工作报告提出扩大内需，推动科技创新和产业创新融合发展。",
    "GAO 报告：国家网络安全战略 implementation plan 2023",
    "ＡＢＣ　全角字符１２３ and   multiple   spaces",
    "𠀀𠀁 rare ideographs ☃ snowman",
    "",
]


def embedding_matrix(rows):
    # A fixed, id-dependent matrix the C# test can recompute: E[i, d] = sin(0.7 i + 1.3 d + 0.1).
    i = np.arange(rows, dtype=np.float64)[:, None]
    d = np.arange(DIM, dtype=np.float64)[None, :]
    return np.sin(0.7 * i + 1.3 * d + 0.1).astype(np.float32)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--corpus", default=os.path.join(HERE, "..", "..", "..", "shared", "corpus"))
    parser.add_argument("--out", default=os.path.join(HERE, "..", "..", "tests", "KnowledgeBase.Tests", "Fixtures", "tiny-xlmr"))
    args = parser.parse_args()
    corpus = args.corpus if os.path.isdir(args.corpus) else "/work/shared/corpus"
    os.makedirs(args.out, exist_ok=True)

    with open(os.path.join(corpus, "gov-work-report-2025.txt"), encoding="utf-8") as f:
        chinese = [l.strip() for l in f if l.strip()]
    english = subprocess.run(["pdftotext", "-enc", "UTF-8", "-q",
                              os.path.join(corpus, "tricky/corrupt/invalid_structure_pdfminer_gao_report.pdf"), "-"],
                             check=True, capture_output=True).stdout.decode("utf-8")
    english = [l.strip() for l in english.splitlines() if len(l.strip()) > 20]
    train = os.path.join(args.out, "train.txt.tmp")
    with open(train, "w", encoding="utf-8") as f:
        f.write("\n".join(chinese + english) + "\n")

    build(train, args.out, "bpe", with_onnx=True)
    build(train, args.out + "-unigram", "unigram", with_onnx=False)
    os.remove(train)


def build(train, out, model_type, with_onnx):
    os.makedirs(out, exist_ok=True)
    prefix = os.path.join(out, "sentencepiece.bpe")
    spm.SentencePieceTrainer.train(
        input=train, model_prefix=prefix, model_type=model_type, vocab_size=2000, character_coverage=0.9995,
        num_threads=1, seed_sentencepiece_size=100000, shuffle_input_sentence=False,
        unk_id=0, bos_id=1, eos_id=2, pad_id=-1, minloglevel=2)
    os.remove(prefix + ".vocab")
    sp = spm.SentencePieceProcessor(model_file=prefix + ".model")
    pieces = sp.get_piece_size()
    rows = pieces + 1          # fairseq ids run to pieces (piece id + 1); 0..3 are the specials

    E = embedding_matrix(rows)
    if with_onnx:
        write_onnx(E, out)
    write_expected(sp, E, out, pieces, model_type)


def write_onnx(E, out):
    ids = helper.make_tensor_value_info("input_ids", TensorProto.INT64, ["batch", "tokens"])
    mask = helper.make_tensor_value_info("attention_mask", TensorProto.INT64, ["batch", "tokens"])
    hidden = helper.make_tensor_value_info("last_hidden_state", TensorProto.FLOAT, ["batch", "tokens", DIM])
    # The mask takes part (multiplied in) so that the graph uses both inputs as a real encoder does; pooling
    # ignores masked positions anyway.
    nodes = [
        helper.make_node("Gather", ["E", "input_ids"], ["gathered"], axis=0),
        helper.make_node("Cast", ["attention_mask"], ["mask_f"], to=TensorProto.FLOAT),
        helper.make_node("Unsqueeze", ["mask_f", "axis2"], ["mask_3d"]),
        helper.make_node("Mul", ["gathered", "mask_3d"], ["last_hidden_state"]),
    ]
    graph = helper.make_graph(nodes, "tiny-xlmr", [ids, mask], [hidden],
                              initializer=[numpy_helper.from_array(E, "E"),
                                           numpy_helper.from_array(np.array([2], dtype=np.int64), "axis2")])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)], producer_name="KnowledgeBase tools/tiny-xlmr")
    model.ir_version = 7
    onnx.checker.check_model(model)
    onnx.save(model, os.path.join(out, "model.onnx"))


def write_expected(sp, E, out, pieces, model_type):
    with open(os.path.join(out, "embedder.json"), "w", encoding="utf-8") as f:
        json.dump({"modelId": "kb-test/tiny-xlmr", "pooling": "mean", "normalize": True,
                   "maxTokens": MAX_TOKENS, "dimension": DIM}, f, indent=2)
        f.write("\n")

    def fairseq(text):
        shifted = [3 if i == sp.unk_id() else i + 1 for i in sp.encode(text)]
        return [0] + shifted + [2]

    expected = []
    for text in SAMPLES:
        full = fairseq(text)
        cut = full if len(full) <= MAX_TOKENS else full[:MAX_TOKENS - 1] + [2]
        v = E[cut].astype(np.float64).mean(axis=0)
        v = v / np.linalg.norm(v)
        expected.append({"text": text, "pieces": sp.encode(text, out_type=str), "ids": full,
                         "vector": [round(float(x), 7) for x in v]})
    long_text = " ".join(SAMPLES[:3]) * 3
    full = fairseq(long_text)
    assert len(full) > MAX_TOKENS
    cut = full[:MAX_TOKENS - 1] + [2]
    v = E[cut].astype(np.float64).mean(axis=0)
    expected.append({"text": long_text, "pieces": sp.encode(long_text, out_type=str), "ids": full,
                     "vector": [round(float(x), 7) for x in (v / np.linalg.norm(v))]})
    with open(os.path.join(out, "expected.json"), "w", encoding="utf-8") as f:
        json.dump({"sentencepiece": spm.__version__, "modelType": model_type, "pieces": pieces, "maxTokens": MAX_TOKENS, "dimension": DIM,
                   "samples": expected}, f, ensure_ascii=False, indent=1)
        f.write("\n")
    print(f"{out}: {model_type}, {pieces} pieces, {len(expected)} samples", file=sys.stderr)


if __name__ == "__main__":
    main()
