namespace KnowledgeBase.Model;

/// <summary>The extracted text of one page (1-based). Non-paginated formats have a single page.</summary>
public sealed record DocumentPage(int Number, string Text);
