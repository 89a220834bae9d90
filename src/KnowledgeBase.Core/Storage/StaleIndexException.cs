namespace KnowledgeBase.Storage;

/// <summary>
/// The search index was built by another analysis chain than this process runs (other dictionaries, variant map,
/// stop words or segmenter: <see cref="Text.TextAnalyzer.Fingerprint"/>), so the terms of a query would not meet the
/// terms in the index and results would be silently wrong. The message says how to rebuild the index; the CLI prints it
/// and exits 1, the API answers 503 with <see cref="PublicMessage"/> (which names no server path).
/// </summary>
public sealed class StaleIndexException(string indexFingerprint, string currentFingerprint, string remedy, string publicRemedy)
    : InvalidOperationException(Problem(indexFingerprint, currentFingerprint) + " " + remedy)
{
    /// <summary>The fingerprint recorded with the index.</summary>
    public string IndexFingerprint { get; } = indexFingerprint;

    /// <summary>The fingerprint of the analysis chain this process runs.</summary>
    public string CurrentFingerprint { get; } = currentFingerprint;

    /// <summary>The message for API clients: the same problem and remedy without the data directory's path.</summary>
    public string PublicMessage { get; } = Problem(indexFingerprint, currentFingerprint) + " " + publicRemedy;

    private static string Problem(string index, string current) =>
        "the search index was built by a different text analysis (dictionaries, traditional→simplified map, stop words or segmenter: " +
        $"index {Short(index)}, this installation {Short(current)}), so searches would miss words.";

    private static string Short(string fingerprint) => fingerprint.Length > 12 ? fingerprint[..12] : fingerprint;
}
