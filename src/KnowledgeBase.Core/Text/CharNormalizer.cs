using System.Collections.Frozen;

namespace KnowledgeBase.Text;

/// <summary>
/// Folds characters one for one: full-width to half-width, ideographic space to space, upper to lower case,
/// traditional to simplified Chinese. Because every character maps to exactly one character, offsets in the
/// normalised text are offsets in the original, which keeps highlights and citations exact.
/// </summary>
public sealed class CharNormalizer
{
    private readonly FrozenDictionary<char, char> _variants;

    /// <param name="traditionalToSimplified">Single-character variant map; empty disables the folding.</param>
    public CharNormalizer(IReadOnlyDictionary<char, char> traditionalToSimplified)
    {
        _variants = traditionalToSimplified.ToFrozenDictionary();
    }

    /// <summary>A normaliser without variant folding (width and case only).</summary>
    public static CharNormalizer WidthAndCaseOnly { get; } = new(new Dictionary<char, char>());

    /// <summary>The variant pairs in code-point order, for <see cref="TextAnalyzer.Fingerprint"/>.</summary>
    public IEnumerable<KeyValuePair<char, char>> VariantPairs => _variants.OrderBy(pair => pair.Key);

    public char Fold(char c)
    {
        if (c >= '\uFF01' && c <= '\uFF5E') c = (char)(c - 0xFEE0);
        else if (c == '\u3000' || c == '\u00A0') return ' ';
        if (c < 128) return c is >= 'A' and <= 'Z' ? (char)(c + 32) : c;
        if (_variants.TryGetValue(c, out var simplified)) return simplified;
        return char.ToLowerInvariant(c);
    }

    public string Normalize(string text)
    {
        if (text.Length == 0) return text;
        return string.Create(text.Length, (text, this), static (span, state) =>
        {
            var (source, self) = state;
            for (var i = 0; i < source.Length; i++) span[i] = self.Fold(source[i]);
        });
    }
}
