using System.Text;
using System.Text.Unicode;
using UtfUnknown;

namespace KnowledgeBase.Ingestion.Parsing;

/// <summary>
/// Decodes text files whose encoding nobody declared: byte-order mark (UTF-8, UTF-16 LE/BE), else valid UTF-8,
/// else UTF-16 without a mark, else statistical detection (UTF.Unknown: GB18030/GBK, Big5, Shift-JIS, Windows code
/// pages), checked by how much of the decoded text is plausible. Line endings become "\n".
/// </summary>
public static class TextDecoder
{
    static TextDecoder() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    private static readonly Encoding StrictUtf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Decodes <paramref name="bytes"/>; <paramref name="declaredCharset"/> (from an HTML meta tag, say) is tried after a BOM and checked like any guess.</summary>
    public static DecodedText Decode(ReadOnlySpan<byte> bytes, string? declaredCharset = null)
    {
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF])) return Make(Encoding.UTF8, bytes[3..]);
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE])) return Make(Encoding.Unicode, bytes[2..]);
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF])) return Make(Encoding.BigEndianUnicode, bytes[2..]);

        if (Utf8.IsValid(bytes)) return Make(Encoding.UTF8, bytes);

        if (declaredCharset is not null && TryGetEncoding(declaredCharset) is { } declared && declared.CodePage != Encoding.UTF8.CodePage)
        {
            var text = declared.GetString(bytes);
            if (Plausibility(text) > 0.98) return new DecodedText(Normalize(text), declared);
        }

        if (Utf16WithoutBom(bytes) is { } utf16) return Make(utf16, bytes);

        var candidates = new List<Encoding>();
        var detected = CharsetDetector.DetectFromBytes(bytes.ToArray()).Detected;
        if (detected?.Encoding is { } guess && detected.Confidence > 0.2) candidates.Add(Widen(guess));
        candidates.Add(Encoding.GetEncoding("GB18030"));
        candidates.Add(Encoding.GetEncoding("big5"));
        candidates.Add(Encoding.GetEncoding(1252));

        // The detector's pick wins unless its text is clearly worse (replacement characters, control characters).
        DecodedText? best = null;
        var bestScore = double.MinValue;
        foreach (var encoding in candidates)
        {
            var text = encoding.GetString(bytes);
            var score = Plausibility(text);
            if (score > bestScore + 0.01)
            {
                best = new DecodedText(text, encoding);
                bestScore = score;
            }
        }
        return best! with { Text = Normalize(best!.Text) };
    }

    /// <summary>Share of characters that are not replacement, private-use or control characters.</summary>
    public static double Plausibility(string text)
    {
        if (text.Length == 0) return 1;
        var bad = 0;
        foreach (var c in text)
            if (c == '\uFFFD' || c is >= '\uE000' and <= '\uF8FF' || (c < ' ' && c is not '\n' and not '\r' and not '\t' and not '\f')) bad++;
        return 1 - (double)bad / text.Length;
    }

    /// <summary>The encoding for a charset label, with GB2312/GBK widened to GB18030 (their superset), or null.</summary>
    public static Encoding? TryGetEncoding(string charset)
    {
        try
        {
            return Widen(Encoding.GetEncoding(charset.Trim().Trim('"', '\'')));
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    /// <summary>Files labelled GB2312 routinely contain GBK characters; GB18030 decodes both.</summary>
    private static Encoding Widen(Encoding encoding) =>
        encoding.CodePage is 936 or 20936 ? Encoding.GetEncoding("GB18030") : encoding;

    /// <summary>
    /// UTF-16 without a mark: NULs on one byte parity only, and the decoded sample is nearly all ASCII, CJK and
    /// CJK punctuation (GBK or Big5 bytes read as UTF-16 scatter over Hangul, surrogates and private use).
    /// </summary>
    public static Encoding? Utf16WithoutBom(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length % 2 != 0) return null;
        var sample = bytes[..Math.Min(bytes.Length, 4096)];
        if (sample.Length < 4) return null;
        int evenNul = 0, oddNul = 0;
        for (var i = 0; i < sample.Length; i += 2)
        {
            if (sample[i] == 0) evenNul++;
            if (sample[i + 1] == 0) oddNul++;
        }
        // Characters U+xx00 (一, 丁…) put a NUL on the other parity now and then; a clear majority decides.
        Encoding[] candidates = evenNul > 4 * oddNul ? [Encoding.BigEndianUnicode]
            : oddNul > 4 * evenNul ? [Encoding.Unicode]
            : evenNul + oddNul == 0 ? [Encoding.Unicode, Encoding.BigEndianUnicode]
            : [];
        foreach (var encoding in candidates)
        {
            var text = encoding.GetString(sample);
            var ordinary = text.Count(c => c is '\n' or '\r' or '\t' or (>= ' ' and < '\u007F') || CjkText.IsCjk(c));
            if (ordinary > text.Length * 0.95) return encoding;
        }
        return null;
    }

    private static DecodedText Make(Encoding encoding, ReadOnlySpan<byte> bytes) => new(Normalize(encoding.GetString(bytes)), encoding);

    /// <summary>"\r\n" and lone "\r" become "\n"; a BOM decoded as U+FEFF is dropped.</summary>
    private static string Normalize(string text) => text.TrimStart('\uFEFF').ReplaceLineEndings("\n");
}

/// <summary>Decoded text and the encoding it was read with.</summary>
public sealed record DecodedText(string Text, Encoding Encoding);
