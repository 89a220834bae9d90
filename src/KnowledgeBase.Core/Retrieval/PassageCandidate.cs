using KnowledgeBase.Model;

namespace KnowledgeBase.Retrieval;

/// <summary>A passage some signal retrieved, with its document and the 1-based rank each signal gave it.</summary>
public sealed record PassageCandidate(Passage Passage, DocumentRecord Document, IReadOnlyDictionary<Signal, int> Ranks);
