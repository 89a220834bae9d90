using System.Diagnostics;
using System.Text.Json.Nodes;
using KnowledgeBase.Evaluation.Beir;
using KnowledgeBase.Evaluation.Runs;
using KnowledgeBase.Ingestion.Chunking;
using KnowledgeBase.Retrieval;
using KnowledgeBase.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace KnowledgeBase.Tests.Evaluation;

/// <summary>The <c>kb eval</c> contract, run as the real kb program in a child process on tiny sets.</summary>
[Trait("Category", "Slow")]
public sealed class EvalCommandTests
{
    private static readonly string[] MetricKeys = ["ndcg@10", "recall@10", "recall@100", "mrr@10", "queries", "p50Ms", "p95Ms"];

    [Fact]
    public async Task Beir_mode_prints_a_table_and_ends_with_one_json_line_including_the_baseline_when_built()
    {
        var dir = TinyBeirSet();
        var (exit, stdout, stderr) = await RunKbAsync(dir, "eval", "--beir", dir, "--json", "--set", "KnowledgeBase:Retrieval:RrfK=10");
        Assert.True(exit == 0, stderr);

        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var json = Assert.IsType<JsonObject>(JsonNode.Parse(lines[^1]));
        foreach (var key in MetricKeys) Assert.NotNull(json[key]);
        Assert.Equal(2, json["queries"]!.GetValue<int>());
        // Both queries name their article's distinctive words, so each relevant article is ranked first.
        Assert.Equal(1.0, json["ndcg@10"]!.GetValue<double>(), 6);
        Assert.Contains("kb (ours)", stdout);
        Assert.Contains("indexing 4/4", stderr);

        if (stderr.Contains("baseline not found", StringComparison.Ordinal))
        {
            Assert.Null(json["baseline"]);
        }
        else
        {
            // The Lucene program was found beside the repository: its row and metrics must be there.
            Assert.Contains("Lucene SmartCn BM25", stdout);
            var baseline = Assert.IsType<JsonObject>(json["baseline"]);
            foreach (var key in MetricKeys) Assert.NotNull(baseline[key]);
            Assert.Equal(2, baseline["queries"]!.GetValue<int>());
        }
    }

    [Fact]
    public async Task Bad_set_option_and_missing_mode_are_refused_with_a_reason()
    {
        var dir = TinyBeirSet();
        var (exit, _, stderr) = await RunKbAsync(dir, "eval", "--beir", dir, "--no-baseline", "--set", "novalue");
        Assert.Equal(1, exit);
        Assert.Contains("KEY=VALUE", stderr);
        (exit, _, stderr) = await RunKbAsync(dir, "eval");
        Assert.Equal(1, exit);
        Assert.Contains("--beir", stderr);
    }

    [Fact]
    public async Task Data_mode_scores_an_existing_store_by_source_file_name()
    {
        var root = TestServices.TempDirectory();
        var data = Path.Combine(root, "data");
        // Documents are written straight to the store with file paths as sources (as kb ingest records them), so the
        // test does not depend on which parsers exist; ids are deliberately unlike the file names.
        await using (var services = TestServices.Create(data))
        {
            var evaluator = new KnowledgeBaseEvaluator(services.GetRequiredService<IKnowledgeStore>(), services.GetRequiredService<PassageChunker>(), services.GetRequiredService<SearchService>());
            var store = services.GetRequiredService<IKnowledgeStore>();
            foreach (var (id, file, text) in new[]
            {
                ("d1", "yangtze.txt", "长江航运发展规划。推进长江干线航道整治，提升内河航运能力。"),
                ("d2", "border.txt", "沿边产业园区建设方案。支持边境地区发展加工贸易和跨境物流。"),
                ("d3", "budget.txt", "年度财政预算报告。一般公共预算收入与支出情况说明。"),
            })
            {
                var submission = evaluator.ToSubmission(new CorpusEntry(id, "", text));
                await store.UpsertAsync(submission with { Document = submission.Document with { Source = Path.Combine(root, "files", file) } }, TestContext.Current.CancellationToken);
            }
        }
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        var queries = Path.Combine(root, "queries.jsonl");
        File.WriteAllText(queries, "{\"_id\":\"q1\",\"text\":\"长江航道整治\"}\n{\"_id\":\"q2\",\"text\":\"边境 跨境物流\"}\n");
        var qrels = Path.Combine(root, "qrels.tsv");
        File.WriteAllText(qrels, "query-id\tcorpus-id\tscore\nq1\tyangtze.txt\t1\nq2\tborder.txt\t1\n");

        var (exit, stdout, stderr) = await RunKbAsync(root, "eval", "--data", data, "--queries", queries, "--qrels", qrels, "--json");
        Assert.True(exit == 0, stderr);
        var json = Assert.IsType<JsonObject>(JsonNode.Parse(stdout.Trim().Split('\n')[^1]));
        Assert.Equal(2, json["queries"]!.GetValue<int>());
        Assert.Equal(1.0, json["recall@10"]!.GetValue<double>(), 6);
        Assert.Equal(1.0, json["mrr@10"]!.GetValue<double>(), 6);
        Assert.Null(json["baseline"]);
    }

    private static string TinyBeirSet()
    {
        var dir = TestServices.TempDirectory();
        Directory.CreateDirectory(Path.Combine(dir, "qrels"));
        File.WriteAllLines(Path.Combine(dir, "corpus.jsonl"),
        [
            """{"_id":"a1","title":"中华人民共和国民法典第一千零六十二条","text":"夫妻在婚姻关系存续期间所得的工资、奖金、劳务报酬，为夫妻的共同财产，归夫妻共同所有。"}""",
            """{"_id":"a2","title":"中华人民共和国商标法第十六条","text":"商标中有商品的地理标志，而该商品并非来源于该标志所标示的地区，误导公众的，不予注册并禁止使用。"}""",
            """{"_id":"a3","title":"中华人民共和国劳动合同法第十条","text":"建立劳动关系，应当订立书面劳动合同。"}""",
            """{"_id":"a4","title":"中华人民共和国道路交通安全法第二十二条","text":"机动车驾驶人应当遵守道路交通安全法律、法规的规定，按照操作规范安全驾驶、文明驾驶。"}""",
        ]);
        File.WriteAllLines(Path.Combine(dir, "queries.jsonl"),
        [
            """{"_id":"q1","text":"婚姻存续期间的工资奖金是夫妻共同财产吗"}""",
            """{"_id":"q2","text":"地理标志商标能注册吗"}""",
            """{"_id":"q3","text":"没有判断的问题不计入"}""",
        ]);
        File.WriteAllText(Path.Combine(dir, "qrels", "test.tsv"), "query-id\tcorpus-id\tscore\nq1\ta1\t1\nq2\ta2\t1\n");
        return dir;
    }

    private static async Task<(int Exit, string Stdout, string Stderr)> RunKbAsync(string workingDirectory, params string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = workingDirectory };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "kb.dll"));
        foreach (var a in args) info.ArgumentList.Add(a);
        using var process = Process.Start(info)!;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromMinutes(2));
        var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout, await stderr);
    }
}
