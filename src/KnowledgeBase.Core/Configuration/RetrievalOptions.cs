using KnowledgeBase.Retrieval;

namespace KnowledgeBase.Configuration;

/// <summary>
/// Fusion settings (section <c>KnowledgeBase:Retrieval</c>). Signals are combined by weighted reciprocal-rank
/// fusion: score(p) = Σ_s weight_s / (k + rank_s(p)). The defaults were chosen on the development set only
/// (grid and ablation in docs/quality.md: the surface is flat, no grid point beat them by more than 0.002 nDCG@10).
/// </summary>
public sealed class RetrievalOptions
{
    /// <summary>The RRF constant; larger values flatten the difference between ranks.</summary>
    public double RrfK { get; set; } = 60;

    /// <summary>How many passages each signal contributes to fusion.</summary>
    public int CandidatesPerSignal { get; set; } = 100;

    /// <summary>Weight of each signal in the fusion.</summary>
    public Dictionary<Signal, double> Weights { get; set; } = new()
    {
        [Signal.Words] = 1.0,
        [Signal.Expansions] = 0.5,
        [Signal.Bigrams] = 0.8,
        [Signal.Dense] = 1.0,
        // Time signals (docs/quality.md, chosen on policy-dev and tools/eval-policy-extra together; the surface is flat):
        // a year-matching document outweighs a year-matching statement, since most facts about a year stand in passages
        // that name no year (the review section of the next year's report); preferring passages that state some date
        // for when-questions lost on both sets, so that signal is off.
        [Signal.Time] = 0.3,
        [Signal.DocumentTime] = 1.5,
        [Signal.StatedDate] = 0,
    };

    /// <summary>Largest page size a caller may ask for.</summary>
    public int MaxTop { get; set; } = 100;

    /// <summary>
    /// Deepest result a caller may page to: offset + top ≤ this (default 1,000). Every signal ranks offset + top
    /// passages, so the depth is work; past it the request is refused (<see cref="QueryLimitException"/>).
    /// </summary>
    public int MaxResultDepth { get; set; } = 1000;

    /// <summary>Longest query text analysed, in characters (default 2,000); longer queries are refused before analysis.</summary>
    public int MaxQueryChars { get; set; } = 2000;

    /// <summary>
    /// Most distinct analysed words a query may hold (default 64; its Han bigrams may number twice as many). Query work
    /// grows with the terms, not with the bytes: each term is a postings list to score, each translated phrase a set of
    /// statistics to look up. A longer question is refused with the reason rather than answered slowly.
    /// </summary>
    public int MaxQueryTerms { get; set; } = 64;
}
