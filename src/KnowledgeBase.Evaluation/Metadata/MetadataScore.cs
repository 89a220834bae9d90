using System.Globalization;
using System.Text;
using KnowledgeBase.Model;

namespace KnowledgeBase.Evaluation.Metadata;

/// <summary>Right and scored counts of one metadata field.</summary>
public sealed record FieldScore(string Field, int Right, int Scored)
{
    public double Share => Scored == 0 ? 0 : (double)Right / Scored;
}

/// <summary>One field of one document that is not right: what the truth accepts and what the store holds.</summary>
public sealed record MetadataMiss(string Path, string Field, string Expected, string Actual);

/// <summary>The share of documents whose title, year, organisation and type are right, and the misses.</summary>
public sealed record MetadataReport(int Documents, int Found, IReadOnlyList<FieldScore> Fields, IReadOnlyList<MetadataMiss> Misses)
{
    public string FormatTable()
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"{Found} of {Documents} documents of the truth table are in the store");
        text.AppendLine("| field | right | scored | share |");
        text.AppendLine("|---|---|---|---|");
        foreach (var f in Fields)
            text.AppendLine(CultureInfo.InvariantCulture, $"| {f.Field} | {f.Right} | {f.Scored} | {f.Share:P0} |");
        return text.ToString();
    }
}

/// <summary>
/// Compares stored documents with a <see cref="MetadataTruth"/> table. A document the store lacks counts as wrong in
/// every field its truth scores; a field whose truth is unknown is not scored.
/// </summary>
public static class MetadataScorer
{
    public static MetadataReport Score(IReadOnlyList<MetadataTruthRow> truth, IReadOnlyList<DocumentRecord> documents)
    {
        var title = new Tally("title");
        var year = new Tally("year");
        var organisation = new Tally("organisation");
        var type = new Tally("type");
        var misses = new List<MetadataMiss>();
        var found = 0;
        foreach (var row in truth)
        {
            var suffix = "/" + row.Path.Replace('\\', '/');
            var document = documents.FirstOrDefault(d => d.Source.Replace('\\', '/').EndsWith(suffix, StringComparison.Ordinal));
            if (document is not null) found++;
            Check(title, row.Path, row.Titles, document?.Title, misses);
            Check(year, row.Path, row.Year is { } y ? [y.ToString(CultureInfo.InvariantCulture)] : [], document?.Metadata.Year?.ToString(CultureInfo.InvariantCulture), misses);
            Check(organisation, row.Path, row.Organisations, document?.Metadata.Organisation, misses);
            Check(type, row.Path, row.Types, document?.Metadata.DocumentType, misses);
        }
        return new MetadataReport(truth.Count, found, [title.Result, year.Result, organisation.Result, type.Result], misses);
    }

    private static void Check(Tally tally, string path, IReadOnlyList<string> accepted, string? actual, List<MetadataMiss> misses)
    {
        if (accepted.Count == 0) return;
        var right = actual is not null && accepted.Any(a => MetadataTruth.Normalize(a) == MetadataTruth.Normalize(actual));
        tally.Add(right);
        if (!right) misses.Add(new MetadataMiss(path, tally.Field, string.Join(" || ", accepted), actual ?? "(none)"));
    }

    private sealed class Tally(string name)
    {
        private int _right;
        private int _scored;
        public string Field => name;
        public void Add(bool right) { _scored++; if (right) _right++; }
        public FieldScore Result => new(name, _right, _scored);
    }
}
