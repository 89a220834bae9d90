using System.Text;
using Google.Protobuf;

namespace KnowledgeBase.Embeddings.Onnx;

/// <summary>
/// What a SentencePiece <c>.model</c> file (a <c>sentencepiece.ModelProto</c>) says about tokenizing: its pieces with
/// scores and types, the algorithm it was trained with, and its normaliser settings. Read field by field with
/// Google.Protobuf (which Microsoft.ML.Tokenizers already brings) because that library only exposes BPE models, while
/// XLM-R and the models built on it (multilingual-e5, bge-m3) ship Unigram models under the name
/// <c>sentencepiece.bpe.model</c>.
/// </summary>
public sealed class SentencePieceModel
{
    /// <summary>The SentencePiece training algorithm (<c>TrainerSpec.model_type</c>).</summary>
    public enum Algorithm { Unigram = 1, Bpe = 2, Word = 3, Char = 4 }

    /// <summary>The role of a piece (<c>SentencePiece.Type</c>).</summary>
    public enum PieceType { Normal = 1, Unknown = 2, Control = 3, UserDefined = 4, Unused = 5, Byte = 6 }

    /// <summary>One vocabulary entry; its id is its position in <see cref="Pieces"/>.</summary>
    public sealed record Piece(string Text, float Score, PieceType Type);

    public required IReadOnlyList<Piece> Pieces { get; init; }
    public Algorithm ModelType { get; init; } = Algorithm.Unigram;
    /// <summary>The normaliser's name, e.g. <c>nmt_nfkc</c> (XLM-R), <c>nfkc</c>, <c>identity</c>.</summary>
    public string NormalizerName { get; init; } = "nmt_nfkc";
    public bool AddDummyPrefix { get; init; } = true;
    public bool RemoveExtraWhitespaces { get; init; } = true;
    public bool EscapeWhitespaces { get; init; } = true;
    public bool ByteFallback { get; init; }

    public int UnknownId => IndexOf(p => p.Type == PieceType.Unknown);
    public int BeginningOfSentenceId => IndexOf(p => p.Type == PieceType.Control && p.Text == "<s>");
    public int EndOfSentenceId => IndexOf(p => p.Type == PieceType.Control && p.Text == "</s>");

    private int IndexOf(Func<Piece, bool> match)
    {
        for (var i = 0; i < Pieces.Count; i++)
            if (match(Pieces[i])) return i;
        return -1;
    }

    /// <summary>
    /// The text as SentencePiece's normaliser would hand it to the model: Unicode NFKC for the NFKC normalisers (the
    /// model file carries NFKC as a compiled character map; .NET's NFKC gives the same result for the text we index),
    /// whitespace runs collapsed and trimmed, a leading space, spaces as U+2581.
    /// </summary>
    public string Normalize(string text)
    {
        var result = new StringBuilder(NormalizeCharacters(text));
        if (result.Length == 0) return "";
        if (AddDummyPrefix && result[0] != ' ') result.Insert(0, ' ');
        if (EscapeWhitespaces) result.Replace(' ', '\u2581');
        return result.ToString();
    }

    /// <summary>The character part of <see cref="Normalize"/>: NFKC and whitespace, without the leading space and U+2581.</summary>
    public string NormalizeCharacters(string text)
    {
        if (NormalizerName.Contains("nfkc", StringComparison.OrdinalIgnoreCase)) text = text.Normalize(NormalizationForm.FormKC);
        if (NormalizerName.EndsWith("_cf", StringComparison.OrdinalIgnoreCase)) text = text.ToLowerInvariant();
        var result = new StringBuilder(text.Length + 1);
        var pendingSpace = !RemoveExtraWhitespaces;
        foreach (var c in text)
        {
            // NMT normalisers drop control characters (tabs and newlines are whitespace and become spaces).
            if (!char.IsWhiteSpace(c) && char.IsControl(c) && NormalizerName.StartsWith("nmt", StringComparison.OrdinalIgnoreCase)) continue;
            if (char.IsWhiteSpace(c))
            {
                if (!RemoveExtraWhitespaces) result.Append(' ');
                else pendingSpace = result.Length > 0;
                continue;
            }
            if (RemoveExtraWhitespaces && pendingSpace) result.Append(' ');
            pendingSpace = false;
            result.Append(c);
        }
        return result.ToString();
    }

    /// <summary>Reads a serialized <c>ModelProto</c>.</summary>
    public static SentencePieceModel Read(byte[] bytes)
    {
        var pieces = new List<Piece>();
        var modelType = Algorithm.Unigram;
        var byteFallback = false;
        string name = "nmt_nfkc";
        bool dummy = true, removeExtra = true, escape = true;
        try
        {
            var input = new CodedInputStream(bytes);
            uint tag;
            while ((tag = input.ReadTag()) != 0)
            {
                switch (WireFormat.GetTagFieldNumber(tag))
                {
                    case 1:
                        pieces.Add(ReadPiece(input.ReadBytes()));
                        break;
                    case 2:
                        (modelType, byteFallback) = ReadTrainerSpec(input.ReadBytes());
                        break;
                    case 3:
                        (name, dummy, removeExtra, escape) = ReadNormalizerSpec(input.ReadBytes());
                        break;
                    default:
                        input.SkipLastField();
                        break;
                }
            }
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new InvalidDataException($"not a SentencePiece model file: {e.Message}", e);
        }
        if (pieces.Count == 0) throw new InvalidDataException("the SentencePiece model file holds no pieces");
        return new SentencePieceModel
        {
            Pieces = pieces, ModelType = modelType, ByteFallback = byteFallback, NormalizerName = name,
            AddDummyPrefix = dummy, RemoveExtraWhitespaces = removeExtra, EscapeWhitespaces = escape,
        };
    }

    private static Piece ReadPiece(ByteString bytes)
    {
        var input = bytes.CreateCodedInput();
        string text = "";
        float score = 0;
        var type = PieceType.Normal;
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            switch (WireFormat.GetTagFieldNumber(tag))
            {
                case 1: text = input.ReadString(); break;
                case 2: score = input.ReadFloat(); break;
                case 3: type = (PieceType)input.ReadEnum(); break;
                default: input.SkipLastField(); break;
            }
        }
        return new Piece(text, score, type);
    }

    private static (Algorithm, bool) ReadTrainerSpec(ByteString bytes)
    {
        var input = bytes.CreateCodedInput();
        var type = Algorithm.Unigram;
        var byteFallback = false;
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            switch (WireFormat.GetTagFieldNumber(tag))
            {
                case 3: type = (Algorithm)input.ReadEnum(); break;
                case 35: byteFallback = input.ReadBool(); break;
                default: input.SkipLastField(); break;
            }
        }
        return (type, byteFallback);
    }

    private static (string, bool, bool, bool) ReadNormalizerSpec(ByteString bytes)
    {
        var input = bytes.CreateCodedInput();
        string name = "nmt_nfkc";
        bool dummy = true, removeExtra = true, escape = true;
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            switch (WireFormat.GetTagFieldNumber(tag))
            {
                case 1: name = input.ReadString(); break;
                case 3: dummy = input.ReadBool(); break;
                case 4: removeExtra = input.ReadBool(); break;
                case 5: escape = input.ReadBool(); break;
                default: input.SkipLastField(); break;
            }
        }
        return (name, dummy, removeExtra, escape);
    }
}
