using Microsoft.ML.Tokenizers;

namespace KnowledgeBase.Embeddings.Onnx;

/// <summary>Token ids of one input as the model expects them, special tokens included.</summary>
/// <param name="Truncated">True when the text had more tokens than the model accepts and its end was cut.</param>
public readonly record struct TokenizedInput(int[] Ids, bool Truncated);

/// <summary>
/// Turns text into the id sequence a transformer encoder was trained on: start token, pieces, end token.
/// Text over the token limit keeps its beginning (and the end token) rather than being dropped, and says so.
/// </summary>
public abstract class ModelTokenizer
{
    /// <summary>The id used to pad shorter inputs of a batch.</summary>
    public abstract int PadId { get; }

    /// <summary>The full id sequence, with start and end tokens.</summary>
    protected abstract IReadOnlyList<int> EncodeWithSpecialTokens(string text);

    public TokenizedInput Encode(string text, int maxTokens)
    {
        if (maxTokens < 2) throw new ArgumentOutOfRangeException(nameof(maxTokens), "a model input needs room for its start and end tokens");
        var ids = EncodeWithSpecialTokens(text);
        if (ids.Count <= maxTokens) return new TokenizedInput([.. ids], false);
        var cut = new int[maxTokens];
        for (var i = 0; i < maxTokens - 1; i++) cut[i] = ids[i];
        cut[^1] = ids[^1];
        return new TokenizedInput(cut, true);
    }

    /// <summary>BERT WordPiece over <c>vocab.txt</c>, each CJK character its own token (as Chinese BERT vocabularies expect).</summary>
    public static ModelTokenizer WordPiece(Stream vocabulary, bool lowerCase) => new WordPieceModelTokenizer(vocabulary, lowerCase);

    /// <summary>XLM-RoBERTa SentencePiece over <c>sentencepiece.bpe.model</c> (Unigram or BPE), ids shifted to the fairseq dictionary.</summary>
    public static ModelTokenizer XlmRoberta(Stream model) => new XlmRobertaModelTokenizer(model);

    private sealed class WordPieceModelTokenizer : ModelTokenizer
    {
        private readonly BertTokenizer _tokenizer;

        public WordPieceModelTokenizer(Stream vocabulary, bool lowerCase)
        {
            _tokenizer = BertTokenizer.Create(vocabulary, new BertOptions
            {
                LowerCaseBeforeTokenization = lowerCase,
                // HF BertTokenizer strips accents exactly when it lower-cases (strip_accents unset).
                RemoveNonSpacingMarks = lowerCase,
                IndividuallyTokenizeCjk = true,
                ApplyBasicTokenization = true,
                SplitOnSpecialTokens = true,
            });
        }

        public override int PadId => _tokenizer.PaddingTokenId;

        protected override IReadOnlyList<int> EncodeWithSpecialTokens(string text) => _tokenizer.EncodeToIds(text, addSpecialTokens: true);
    }

    /// <summary>
    /// fairseq's XLM-R dictionary puts &lt;s&gt;=0, &lt;pad&gt;=1, &lt;/s&gt;=2, &lt;unk&gt;=3 before the SentencePiece pieces,
    /// so every ordinary piece id is the SentencePiece id + 1, and SentencePiece's own control ids map to those four.
    /// Two gaps of Microsoft.ML.Tokenizers 2.0.1 against the sentencepiece library are closed here (found by
    /// SentencePieceModelFolderTests): a BPE model's NFKC normalisation is not applied (full-width "，" or "Ａ" became
    /// unknown), and a run of unknown characters gives one unknown id per character instead of one.
    /// </summary>
    private sealed class XlmRobertaModelTokenizer : ModelTokenizer
    {
        private const int Bos = 0, Pad = 1, Eos = 2, Unk = 3, Offset = 1;
        private readonly SentencePieceTokenizer _tokenizer;
        private readonly SentencePieceModel _model;

        public XlmRobertaModelTokenizer(Stream file)
        {
            using var buffer = new MemoryStream();
            file.CopyTo(buffer);
            var bytes = buffer.ToArray();
            _model = SentencePieceModel.Read(bytes);
            _tokenizer = SentencePieceTokenizer.Create(new MemoryStream(bytes), addBeginningOfSentence: false, addEndOfSentence: false);
        }

        public override int PadId => Pad;

        protected override IReadOnlyList<int> EncodeWithSpecialTokens(string text)
        {
            // The library normalises Unigram models itself (from the compiled map in the file).
            if (_model.ModelType == SentencePieceModel.Algorithm.Bpe) text = _model.NormalizeCharacters(text);
            var pieces = _tokenizer.EncodeToIds(text, addBeginningOfSentence: false, addEndOfSentence: false);
            var ids = new List<int>(pieces.Count + 2) { Bos };
            foreach (var piece in pieces)
            {
                var id = Shift(piece);
                if (id == Unk && ids.Count > 1 && ids[^1] == Unk) continue;
                ids.Add(id);
            }
            ids.Add(Eos);
            return ids;
        }

        private int Shift(int id) =>
            id == _tokenizer.UnknownId ? Unk
            : id == _tokenizer.BeginningOfSentenceId ? Bos
            : id == _tokenizer.EndOfSentenceId ? Eos
            : id + Offset;
    }
}
