namespace KnowledgeBase.Retrieval;

/// <summary>
/// A query that asks for more work than the limits allow (<see cref="Configuration.RetrievalOptions"/>: characters,
/// analysed terms, result depth). The message says which limit and how to stay within it; the API answers 400 with it.
/// </summary>
public sealed class QueryLimitException(string message) : ArgumentException(message);
