using System.Text;
using Google.Protobuf;

namespace KnowledgeBase.Embeddings.Onnx;

/// <summary>
/// The settings of a SentencePiece <c>.model</c> file (a <c>sentencepiece.ModelProto</c>) that decide how text must be
/// prepared for it: the training algorithm and the normaliser. Microsoft.ML.Tokenizers 2.0.1 applies a Unigram
/// model's normaliser (the compiled NFKC map) but not a BPE model's, so for BPE models with an NFKC normaliser the
/// text is normalised here first. Read field by field with Google.Protobuf, which that library already brings.
/// </summary>
public sealed record SentencePieceModel
{
    /// <summary>The SentencePiece training algorithm (<c>TrainerSpec.model_type</c>).</summary>
    public enum Algorithm { Unigram = 1, Bpe = 2, Word = 3, Char = 4 }

    public Algorithm ModelType { get; init; } = Algorithm.Unigram;
    /// <summary>The normaliser's name, e.g. <c>nmt_nfkc</c> (the default, XLM-R's), <c>nfkc</c>, <c>identity</c>.</summary>
    public string NormalizerName { get; init; } = "nmt_nfkc";
    public bool RemoveExtraWhitespaces { get; init; } = true;

    /// <summary>Whether the normaliser folds compatibility characters (full-width "，", "Ａ", "１") to their plain forms.</summary>
    public bool Nfkc => NormalizerName.Contains("nfkc", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// The character part of SentencePiece's normaliser: NFKC (.NET's, which the compiled map in the model file
    /// encodes), NMT rules (control characters dropped), whitespace runs collapsed and trimmed. The leading space and
    /// U+2581 escaping are left to the tokenizer.
    /// </summary>
    public string NormalizeCharacters(string text)
    {
        if (!Nfkc) return text;
        text = text.Normalize(NormalizationForm.FormKC);
        if (NormalizerName.EndsWith("_cf", StringComparison.OrdinalIgnoreCase)) text = text.ToLowerInvariant();
        var nmt = NormalizerName.StartsWith("nmt", StringComparison.OrdinalIgnoreCase);
        var result = new StringBuilder(text.Length);
        var pendingSpace = false;
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c))
            {
                if (RemoveExtraWhitespaces) pendingSpace = result.Length > 0;
                else result.Append(' ');
                continue;
            }
            if (nmt && char.IsControl(c)) continue;
            if (pendingSpace) result.Append(' ');
            pendingSpace = false;
            result.Append(c);
        }
        return result.ToString();
    }

    /// <summary>Reads the settings from a serialized <c>ModelProto</c>.</summary>
    public static SentencePieceModel Read(byte[] bytes)
    {
        var model = new SentencePieceModel();
        try
        {
            var input = new CodedInputStream(bytes);
            uint tag;
            while ((tag = input.ReadTag()) != 0)
            {
                switch (WireFormat.GetTagFieldNumber(tag))
                {
                    case 2: // TrainerSpec
                        ReadFields(input.ReadBytes(), (field, spec) =>
                        {
                            if (field != 3) return false;
                            model = model with { ModelType = (Algorithm)spec.ReadEnum() };
                            return true;
                        });
                        break;
                    case 3: // NormalizerSpec
                        ReadFields(input.ReadBytes(), (field, spec) =>
                        {
                            switch (field)
                            {
                                case 1: model = model with { NormalizerName = spec.ReadString() }; return true;
                                case 4: model = model with { RemoveExtraWhitespaces = spec.ReadBool() }; return true;
                                default: return false;
                            }
                        });
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
        return model;
    }

    private static void ReadFields(ByteString message, Func<int, CodedInputStream, bool> read)
    {
        var input = message.CreateCodedInput();
        uint tag;
        while ((tag = input.ReadTag()) != 0)
            if (!read(WireFormat.GetTagFieldNumber(tag), input)) input.SkipLastField();
    }
}
