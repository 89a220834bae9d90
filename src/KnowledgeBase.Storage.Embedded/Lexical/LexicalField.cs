namespace KnowledgeBase.Storage.Embedded.Lexical;

/// <summary>
/// A field group of the lexical index: one postings list per (field, term), one length per (field, passage).
/// The numeric values are stored in the database; never renumber them.
/// </summary>
public enum LexicalField
{
    /// <summary>Analysed words of title (weight 3), headings (2) and body (1); the Words and Expansions signals.</summary>
    Words = 0,
    /// <summary>Han character bigrams of title (weight 2) and body (1); the Bigrams signal.</summary>
    Bigrams = 1,
}
