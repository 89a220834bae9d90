namespace KnowledgeBase.Text;

/// <summary>An index or query term with the character range it came from (ranges are valid in the original text, see <see cref="CharNormalizer"/>).</summary>
public readonly record struct Term(string Text, int Start, int End);
