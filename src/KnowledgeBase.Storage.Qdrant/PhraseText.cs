using System.Text;
using KnowledgeBase.Text;

namespace KnowledgeBase.Storage.Qdrant;

/// <summary>
/// The form of a passage's normalised text that Qdrant's phrase match works on: every Han character is its own
/// token and every run of other letters/digits is one token, separated by spaces and indexed with the
/// <c>whitespace</c> tokenizer with phrase matching on. A quoted query phrase tokenised the same way then matches
/// exactly where its characters stand side by side, independent of how jieba or Qdrant would segment the words.
/// Differences from the embedded store's substring test: punctuation and spaces are ignored, and a Latin token
/// must match whole (the phrase "polic" does not match "policy").
/// </summary>
public static class PhraseText
{
    public static string Tokens(string normalized)
    {
        var sb = new StringBuilder(normalized.Length * 2);
        var inWord = false;
        foreach (var c in normalized)
        {
            if (CharClass.IsHan(c))
            {
                if (sb.Length > 0) sb.Append(' ');
                sb.Append(c);
                inWord = false;
            }
            else if (char.IsLetterOrDigit(c))
            {
                if (!inWord && sb.Length > 0) sb.Append(' ');
                sb.Append(c);
                inWord = true;
            }
            else inWord = false;
        }
        return sb.ToString();
    }
}
