using KnowledgeBase.Model;
using KnowledgeBase.Text.Time;

namespace KnowledgeBase.Retrieval;

/// <summary>A passage some signal retrieved, with its document and the 1-based rank each signal gave it.</summary>
public sealed record PassageCandidate(Passage Passage, DocumentRecord Document, IReadOnlyDictionary<Signal, int> Ranks)
{
    /// <summary>The time expressions of the passage text as resolved at index time (offsets into <see cref="Model.Passage.Text"/>).</summary>
    public IReadOnlyList<TimeMention> Times { get; init; } = [];
}
