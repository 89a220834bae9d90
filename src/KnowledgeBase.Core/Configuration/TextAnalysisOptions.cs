namespace KnowledgeBase.Configuration;

/// <summary>Settings of the analysis chain (section <c>KnowledgeBase:Text</c>).</summary>
public sealed class TextAnalysisOptions
{
    /// <summary>Extra jieba user dictionaries (one word per line, optional frequency and tag), loaded after the shipped policy vocabulary.</summary>
    public List<string> UserDictionaries { get; set; } = [];

    /// <summary>Folder holding the shipped resources; defaults to <c>Resources</c> beside the application.</summary>
    public string? ResourceDirectory { get; set; }
}
