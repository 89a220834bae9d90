using KnowledgeBase.Ingestion.Pipeline;
using KnowledgeBase.Cli.Output;

namespace KnowledgeBase.Cli.Commands;

/// <summary>What <c>kb ingest</c> reports at the end.</summary>
internal sealed record IngestSummary(
    int Files, int Ingested, int Updated, int Unchanged, int Duplicates, int Failed,
    int Pages, int Passages, double Seconds, double PagesPerSecond,
    IReadOnlyList<IngestSummary.Failure> Failures,
    IReadOnlyList<IngestSummary.MissingPage> PagesWithoutText)
{
    public sealed record Failure(string Source, string Kind, string Reason);

    /// <summary>A page of a stored file that has no text (OCR ran out of time, an image could not be read, a page limit).</summary>
    public sealed record MissingPage(string Source, string Reason);

    public static IngestSummary From(IReadOnlyList<IngestOutcome> outcomes, TimeSpan elapsed)
    {
        int Count(IngestStatus s) => outcomes.Count(o => o.Status == s);
        var written = outcomes.Where(o => o.Status is IngestStatus.Ingested or IngestStatus.Updated).ToList();
        var pages = written.Sum(o => o.Pages);
        return new IngestSummary(outcomes.Count, Count(IngestStatus.Ingested), Count(IngestStatus.Updated), Count(IngestStatus.Unchanged),
            Count(IngestStatus.Duplicate), Count(IngestStatus.Failed), pages, written.Sum(o => o.Passages),
            Math.Round(elapsed.TotalSeconds, 2), Math.Round(pages / Math.Max(0.001, elapsed.TotalSeconds), 1),
            outcomes.Where(o => o.Status == IngestStatus.Failed).Select(o => new Failure(o.Source, o.FailureKind.ToString()!, o.Reason!)).ToList(),
            written.SelectMany(o => o.PageProblems.Select(p => new MissingPage(o.Source, p))).ToList());
    }

    public void Print()
    {
        Console.WriteLine($"{ConsoleStyle.Apply(Files.ToString(), ConsoleStyle.Bold)} files in {Seconds:F1} s: {ConsoleStyle.Apply($"{Ingested} ingested", ConsoleStyle.Green)}, {Updated} updated, {Unchanged} unchanged, {Duplicates} duplicates, {ConsoleStyle.Apply($"{Failed} failed", Failed > 0 ? ConsoleStyle.Red : ConsoleStyle.Grey)}; {Pages} pages ({PagesPerSecond:F1} pages/s), {Passages} passages.");
        if (Failures.Count > 0)
        {
            var table = new PlainTable("FAILED FILE", "REASON");
            foreach (var f in Failures) table.Add(f.Source, f.Reason);
            table.WriteTo(Console.Out);
        }
        if (PagesWithoutText.Count > 0)
        {
            // Stored and searchable, but not whole: the user must know which pages search cannot find.
            var table = new PlainTable("STORED WITHOUT SOME PAGES", "PAGE AND REASON");
            foreach (var m in PagesWithoutText) table.Add(m.Source, m.Reason);
            table.WriteTo(Console.Out);
        }
    }
}
