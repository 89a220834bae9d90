using System.Globalization;
using System.Text;
using KnowledgeBase.Evaluation.Metrics;

namespace KnowledgeBase.Evaluation.Reporting;

/// <summary>Formats evaluation results as a plain-text table (one row per system), readable in a terminal and in CI logs.</summary>
public static class ResultTable
{
    private static readonly string[] Header = ["system", "nDCG@10", "Recall@10", "Recall@100", "MRR@10", "queries", "p50 ms", "p95 ms"];

    public static string Format(IEnumerable<EvalResult> results)
    {
        var rows = new List<string[]> { Header };
        rows.AddRange(results.Select(r => new[]
        {
            r.System, F4(r.Ndcg10), F4(r.Recall10), F4(r.Recall100), F4(r.Mrr10),
            r.Queries.ToString(CultureInfo.InvariantCulture), F1(r.P50Ms), F1(r.P95Ms),
        }));
        var widths = Enumerable.Range(0, Header.Length).Select(c => rows.Max(r => Width(r[c]))).ToArray();
        var sb = new StringBuilder();
        for (var i = 0; i < rows.Count; i++)
        {
            sb.Append(string.Join("  ", rows[i].Select((cell, c) => c == 0 ? PadRight(cell, widths[c]) : PadLeft(cell, widths[c]))).TrimEnd()).Append('\n');
            if (i == 0) sb.Append(string.Join("  ", widths.Select(w => new string('-', w)))).Append('\n');
        }
        return sb.ToString();
    }

    private static string F4(double v) => v.ToString("F4", CultureInfo.InvariantCulture);
    private static string F1(double v) => v.ToString("F1", CultureInfo.InvariantCulture);

    // Han characters take two columns in a terminal.
    private static int Width(string s) => s.Sum(ch => ch >= '\u1100' && (ch <= '\u115f' || (ch >= '\u2e80' && ch <= '\ua4cf') || (ch >= '\uac00' && ch <= '\ud7a3') || (ch >= '\uf900' && ch <= '\ufaff') || (ch >= '\uff00' && ch <= '\uff60')) ? 2 : 1);
    private static string PadRight(string s, int width) => s + new string(' ', Math.Max(0, width - Width(s)));
    private static string PadLeft(string s, int width) => new string(' ', Math.Max(0, width - Width(s))) + s;
}
