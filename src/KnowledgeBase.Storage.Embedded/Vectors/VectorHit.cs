namespace KnowledgeBase.Storage.Embedded.Vectors;

/// <summary>A passage found by vector search: its row id and cosine similarity to the query (higher is closer).</summary>
public readonly record struct VectorHit(long Pid, float Score);
