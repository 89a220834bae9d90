using System.Diagnostics;
using KnowledgeBase.Retrieval;

namespace KnowledgeBase.Api.Answers;

/// <summary>
/// Retrieves the top passages for a question (with the caller's access filter inside the search) and answers from
/// them: through the chat model when one is configured and its citations survive verification, extractively otherwise.
/// </summary>
public sealed class AnswerService(SearchService search, QueryAnalyzer analyzer, ExtractiveAnswerer extractive, ChatAnswerer chat, ILogger<AnswerService> logger)
{
    public const int DefaultPassages = 5;
    public const int MaxPassages = 10;

    public async Task<AskResponse> AskAsync(string question, SearchFilter filter, int? top, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var found = await search.SearchAsync(new SearchRequest(question, filter, Math.Clamp(top ?? DefaultPassages, 1, MaxPassages)), cancellationToken);
        var passages = found.Results;
        var citations = passages.Select((h, i) => Citation.From(i + 1, h)).ToList();
        if (passages.Count == 0) return new AskResponse(question, "", "extractive", [], [], [], clock.Elapsed.TotalMilliseconds);

        IReadOnlyList<int> rejected = [];
        if (chat.IsConfigured)
        {
            try
            {
                var written = await chat.AskAsync(question, passages, cancellationToken);
                var (sentences, bad) = CitationVerifier.Verify(written, passages.Count);
                rejected = bad;
                if (bad.Count > 0) logger.LogWarning("Chat answer cited passages that were not retrieved: {Rejected}", string.Join(", ", bad));
                if (sentences.Any(s => s.Citations.Count > 0))
                    return new AskResponse(question, CitationVerifier.Render(sentences), "chat", sentences, citations, rejected, clock.Elapsed.TotalMilliseconds);
                logger.LogWarning("Chat answer had no verifiable citation; answering extractively");
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested && e is not OutOfMemoryException)
            {
                // An unreachable or failing model must not take answers down: the extractive path still works.
                logger.LogWarning(e, "Chat model failed; answering extractively");
            }
        }

        var extracted = extractive.Answer(analyzer.Analyze(question, cancellationToken).HighlightTerms, passages);
        return new AskResponse(question, CitationVerifier.Render(extracted), "extractive", extracted, citations, rejected, clock.Elapsed.TotalMilliseconds);
    }
}
