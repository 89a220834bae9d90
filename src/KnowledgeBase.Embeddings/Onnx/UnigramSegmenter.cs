namespace KnowledgeBase.Embeddings.Onnx;

/// <summary>
/// SentencePiece's Unigram segmentation: the split of the normalised text into vocabulary pieces with the highest
/// total score (Viterbi). A character no piece covers becomes the unknown piece, scored below every real piece as
/// SentencePiece does (lowest score − 10), and a run of unknown characters becomes one unknown piece.
/// </summary>
public sealed class UnigramSegmenter
{
    private const float UnknownPenalty = 10f;

    private readonly Dictionary<string, (int Id, float Score)> _pieces = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (int Id, float Score)>.AlternateLookup<ReadOnlySpan<char>> _lookup;
    private readonly int _longestPiece;
    private readonly int _unknownId;
    private readonly float _unknownScore;

    public UnigramSegmenter(SentencePieceModel model)
    {
        if (model.ModelType != SentencePieceModel.Algorithm.Unigram)
            throw new ArgumentException($"a {model.ModelType} model is not a Unigram model", nameof(model));
        _unknownId = model.UnknownId;
        if (_unknownId < 0) throw new InvalidDataException("the SentencePiece model has no <unk> piece");
        var lowest = float.MaxValue;
        for (var id = 0; id < model.Pieces.Count; id++)
        {
            var piece = model.Pieces[id];
            if (piece.Type is not (SentencePieceModel.PieceType.Normal or SentencePieceModel.PieceType.UserDefined) || piece.Text.Length == 0) continue;
            // User-defined pieces always win where they match, as in SentencePiece.
            var score = piece.Type == SentencePieceModel.PieceType.UserDefined ? 0f : piece.Score;
            _pieces.TryAdd(piece.Text, (id, score));
            _longestPiece = Math.Max(_longestPiece, piece.Text.Length);
            if (piece.Type == SentencePieceModel.PieceType.Normal) lowest = Math.Min(lowest, piece.Score);
        }
        _lookup = _pieces.GetAlternateLookup<ReadOnlySpan<char>>();
        _unknownScore = (lowest == float.MaxValue ? 0 : lowest) - UnknownPenalty;
    }

    /// <summary>The piece ids of already normalised text (see <see cref="SentencePieceModel.Normalize"/>).</summary>
    public List<int> Segment(string normalized)
    {
        var n = normalized.Length;
        var best = new float[n + 1];
        var from = new int[n + 1];
        var pieceAt = new int[n + 1];
        Array.Fill(best, float.NegativeInfinity);
        best[0] = 0;
        for (var start = 0; start < n; start++)
        {
            if (float.IsNegativeInfinity(best[start])) continue;   // inside a surrogate pair
            var charLength = char.IsHighSurrogate(normalized[start]) && start + 1 < n && char.IsLowSurrogate(normalized[start + 1]) ? 2 : 1;
            var coversChar = false;
            var span = normalized.AsSpan(start);
            for (var length = 1; length <= Math.Min(_longestPiece, n - start); length++)
            {
                if (!_lookup.TryGetValue(span[..length], out var piece)) continue;
                if (length == charLength) coversChar = true;
                Relax(start, start + length, piece.Id, piece.Score);
            }
            if (!coversChar) Relax(start, start + charLength, _unknownId, _unknownScore);
        }

        var ids = new List<int>();
        for (var end = n; end > 0; end = from[end]) ids.Add(pieceAt[end]);
        ids.Reverse();
        // A run of unknown characters is one unknown piece (so a model sees one <unk>, not one per character).
        var merged = new List<int>(ids.Count);
        foreach (var id in ids)
            if (!(id == _unknownId && merged.Count > 0 && merged[^1] == _unknownId)) merged.Add(id);
        return merged;

        void Relax(int start, int end, int id, float score)
        {
            var total = best[start] + score;
            if (total <= best[end]) return;
            best[end] = total;
            from[end] = start;
            pieceAt[end] = id;
        }
    }
}
