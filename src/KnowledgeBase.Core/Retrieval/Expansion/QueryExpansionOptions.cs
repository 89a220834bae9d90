namespace KnowledgeBase.Retrieval.Expansion;

/// <summary>
/// Query understanding settings (section <c>KnowledgeBase:QueryUnderstanding</c>): which expanders run and how much
/// each may add. The defaults were chosen on the development set (docs/quality.md).
/// </summary>
public sealed class QueryExpansionOptions
{
    public const string Section = "QueryUnderstanding";

    /// <summary>Translate the English parts of a query into Chinese (ECDICT and CC-CEDICT renderings, <c>en_zh.tsv</c>).</summary>
    public bool EnglishToChinese { get; set; } = true;

    /// <summary>Chinese candidates kept per translated English phrase (best first).</summary>
    public int TranslationsPerPhrase { get; set; } = 5;

    /// <summary>
    /// Renderings kept per phrase after <see cref="TranslationSelector"/> has dropped those the collection never uses and
    /// ranked the rest by co-occurrence with the other phrases' renderings; 0 keeps the dictionary order unchecked.
    /// </summary>
    public int KeptRenderings { get; set; } = 2;

    /// <summary>
    /// How many neighbouring phrases on each side a rendering is compared with when <see cref="TranslationSelector"/>
    /// measures co-occurrence: the selection's work grows linearly with the query instead of with its square. Twelve
    /// covers every question of dev-en (nDCG@10 0.2865 as with every pair; a window of 8 gave 0.2675).
    /// </summary>
    public int AssociationWindow { get; set; } = 12;

    /// <summary>
    /// When the query has no Chinese at all, its translations are the only words that can match Chinese text: the
    /// best <see cref="PrimaryTranslations"/> renderings of each phrase then count as the user's own words (and give
    /// Han bigrams); the other renderings stay down-weighted expansions.
    /// </summary>
    public bool TranslationsAsWords { get; set; } = true;

    /// <summary>
    /// Renderings per phrase that count as the user's words under <see cref="TranslationsAsWords"/>. Two: with ECDICT's
    /// renderings beside CC-CEDICT's, the second rendering the library's statistics keep is as often the text's word as
    /// the first ("theft" → 盗窃 and 失窃).
    /// </summary>
    public int PrimaryTranslations { get; set; } = 2;

    /// <summary>
    /// The renderings of one phrase that count as the user's words share its weight (1/√k each) instead of counting
    /// in full each: a structured translation, so an ambiguous phrase does not outweigh the others.
    /// </summary>
    public bool ShareRenderingWeight { get; set; } = true;

    /// <summary>
    /// A dictionary rendering the library never uses gives way to its synonyms (synonym list) that the library does use,
    /// before the selection among renderings: "industrial park" → 工业园区 → 产业园区 in a library that says 产业园区.
    /// </summary>
    public bool SynonymsForUnusedRenderings { get; set; } = true;

    /// <summary>Run the other expanders (synonyms) on translated words too, not only on what the user typed.</summary>
    public bool ExpandTranslations { get; set; } = false;

    /// <summary>
    /// The expansion signal runs the user's words together with their expansions (the classic expanded query), rather
    /// than the expansions alone: a list ranked by synonyms alone drifts off topic, and fusion then pulls its top
    /// passages above the literal matches.
    /// </summary>
    public bool ExpansionsIncludeWords { get; set; } = true;

    /// <summary>
    /// Weight of an expansion term (synonym, gloss, secondary rendering) against the user's own words (1), wherever it
    /// is scored: an expansion is evidence for the concept the user typed, weaker than the word itself.
    /// </summary>
    public float ExpansionTermWeight { get; set; } = 0.3f;

    /// <summary>
    /// The word signal scores the expansion terms too (at <see cref="ExpansionTermWeight"/>), as a synonym query does: a
    /// passage that says 沿边 where the user typed 边境 counts the concept in the main ranking, not only in the expansion
    /// signal that fusion weights below it. The counterpart of <see cref="ExpansionsIncludeWords"/>.
    /// </summary>
    public bool WordsIncludeExpansions { get; set; } = true;

    /// <summary>Add English glosses of the query's Chinese words, so Chinese queries reach English documents.</summary>
    public bool ChineseToEnglish { get; set; } = true;

    /// <summary>English glosses kept per Chinese word.</summary>
    public int GlossesPerWord { get; set; } = 1;

    /// <summary>Expand with the curated policy synonym list (<c>policy_synonyms.txt</c>).</summary>
    public bool PolicySynonyms { get; set; } = true;

    /// <summary>Expand with the '=' groups of jieba's Cilin thesaurus.</summary>
    public bool CilinSynonyms { get; set; } = false;

    /// <summary>Largest Cilin group used; larger groups are too loose to be synonyms.</summary>
    public int CilinMaxGroupSize { get; set; } = 6;

    /// <summary>Synonyms added per query word (policy list first, then Cilin).</summary>
    public int SynonymsPerWord { get; set; } = 4;
}
