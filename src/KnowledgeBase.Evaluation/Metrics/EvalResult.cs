using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace KnowledgeBase.Evaluation.Metrics;

/// <summary>
/// The figures of one evaluation run, each metric the mean over the judged queries.
/// Serialised with the keys kb eval and the baselines share: <c>ndcg@10</c>, <c>recall@10</c>, <c>recall@100</c>,
/// <c>mrr@10</c>, <c>queries</c>, <c>p50Ms</c>, <c>p95Ms</c>.
/// </summary>
public sealed record EvalResult(string System, double Ndcg10, double Recall10, double Recall100, double Mrr10, int Queries, double P50Ms, double P95Ms)
{
    private static readonly JsonSerializerOptions Compact = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The metrics as a JSON object (metrics rounded to 4 decimals, latencies to 0.01 ms).</summary>
    public JsonObject ToJson() => new()
    {
        ["ndcg@10"] = Math.Round(Ndcg10, 4),
        ["recall@10"] = Math.Round(Recall10, 4),
        ["recall@100"] = Math.Round(Recall100, 4),
        ["mrr@10"] = Math.Round(Mrr10, 4),
        ["queries"] = Queries,
        ["p50Ms"] = Math.Round(P50Ms, 2),
        ["p95Ms"] = Math.Round(P95Ms, 2),
    };

    /// <summary>One line of JSON.</summary>
    public static string ToLine(JsonObject json) => json.ToJsonString(Compact);

    /// <summary>Reads the metrics back from a JSON object written by <see cref="ToJson"/> (extra keys are ignored).</summary>
    public static EvalResult FromJson(string system, JsonObject json)
    {
        double D(string key) => json[key]?.GetValue<double>() ?? throw new InvalidDataException($"missing \"{key}\" in {json.ToJsonString()}");
        return new EvalResult(system, D("ndcg@10"), D("recall@10"), D("recall@100"), D("mrr@10"), (int)D("queries"), D("p50Ms"), D("p95Ms"));
    }

    /// <summary>Finds the last line of <paramref name="output"/> that is a JSON object and reads it.</summary>
    public static EvalResult? FromLastJsonLine(string system, string output)
    {
        foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Reverse())
        {
            if (!line.StartsWith('{')) continue;
            try
            {
                if (JsonNode.Parse(line) is JsonObject json) return FromJson(system, json);
            }
            catch (JsonException)
            {
            }
        }
        return null;
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{System}: nDCG@10 {Ndcg10:F4}, Recall@10 {Recall10:F4}, Recall@100 {Recall100:F4}, MRR@10 {Mrr10:F4}, {Queries} queries, p50 {P50Ms:F1} ms, p95 {P95Ms:F1} ms");
}
