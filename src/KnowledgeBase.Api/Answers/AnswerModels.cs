using System.Text.Json;
using KnowledgeBase.Retrieval;

namespace KnowledgeBase.Api.Answers;

/// <summary>A question for <c>POST /api/ask</c>, with the same filters as search.</summary>
/// <param name="PassageYear">
/// Years the cited passages must speak about, as search's <c>passageYear</c>: a number (<c>2016</c>), a string
/// (<c>"2016"</c>, <c>"2016,2017"</c>, what the page copies from its address) or an array of either.
/// </param>
public sealed record AskRequest(string Question, int? Top = null, int? YearFrom = null, int? YearTo = null,
    string? Organisation = null, string? Type = null, string? Tag = null, string? Language = null, JsonElement? PassageYear = null)
{
    /// <summary>
    /// <see cref="PassageYear"/> as the text values of search's query parameter, so one validation answers both. A value
    /// of another JSON kind (true, an object) is passed on as its JSON text, which that validation refuses.
    /// </summary>
    public string[]? PassageYearValues() => PassageYear switch
    {
        null or { ValueKind: JsonValueKind.Null or JsonValueKind.Undefined } => null,
        { ValueKind: JsonValueKind.Array } values => values.EnumerateArray().Select(Text).ToArray(),
        var value => [Text(value.Value)],
    };

    private static string Text(JsonElement value) => value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText();
}

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
