using KnowledgeBase.Retrieval;

namespace KnowledgeBase.Api.Answers;

/// <summary>A question for <c>POST /api/ask</c>, with the same filters as search.</summary>
public sealed record AskRequest(string Question, int? Top = null, int? YearFrom = null, int? YearTo = null,
    string? Organisation = null, string? Type = null, string? Tag = null, string? Language = null);

/// <summary>One sentence of an answer and the passages ([n]) it comes from.</summary>
public sealed record AnswerSentence(string Text, IReadOnlyList<int> Citations);

/// <summary>A retrieved passage an answer may cite as [<see cref="N"/>].</summary>
public sealed record Citation(int N, string PassageId, string DocumentId, string Title, int Page, string Passage, string Url)
{
    public static Citation From(int n, SearchHit hit) =>
        new(n, hit.PassageId, hit.DocumentId, hit.Title, hit.Page, hit.Passage, $"/api/documents/{Uri.EscapeDataString(hit.DocumentId)}/file#page={hit.Page}");
}

/// <summary>
/// The answer: <paramref name="Mode"/> is <c>extractive</c> (sentences copied from the passages) or <c>chat</c> (written
/// by the configured model from the passages only). <paramref name="RejectedCitations"/> lists citation numbers the
/// model produced that pointed at no retrieved passage; they were removed before answering.
/// </summary>
public sealed record AskResponse(string Question, string Answer, string Mode, IReadOnlyList<AnswerSentence> Sentences,
    IReadOnlyList<Citation> Citations, IReadOnlyList<int> RejectedCitations, double TookMs);
