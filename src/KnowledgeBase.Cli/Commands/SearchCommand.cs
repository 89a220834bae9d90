using System.CommandLine;
using KnowledgeBase.Cli.Output;
using KnowledgeBase.Hosting;
using KnowledgeBase.Retrieval;
using KnowledgeBase.Security;
using KnowledgeBase.Text;
using Microsoft.Extensions.DependencyInjection;

namespace KnowledgeBase.Cli.Commands;

/// <summary><c>kb search --data DIR [--top K] [--json] QUERY</c>.</summary>
internal static class SearchCommand
{
    public static Command Create()
    {
        var data = CommonOptions.Data();
        var top = new Option<int>("--top", "-k") { HelpName = "K", Description = "Number of passages to return.", DefaultValueFactory = _ => 10 };
        var json = CommonOptions.Json("the results");
        var embedder = CommonOptions.Embedder();
        var query = new Argument<string[]>("QUERY")
        {
            Description = "What to look for, in Chinese or English. \"quoted phrase\" must match exactly; -word excludes.",
            Arity = ArgumentArity.OneOrMore,
        };
        var command = new Command("search", "Search the store and print cited passages (title, page, passage with matches marked).") { data, top, embedder, json, query };
        command.SetAction(async (result, cancellationToken) =>
        {
            if (!CliHost.RequireKnowledgeBase(result.GetValue(data)!)) return ExitCodes.Error;
            var text = string.Join(' ', result.GetValue(query)!);
            await using var services = CliHost.Build(result.GetValue(data)!, CommonOptions.EmbedderOverride(result.GetValue(embedder)));
            // jieba's dictionary load (the largest part of a cold search) runs while the store opens and the search pipeline is built.
            services.StartSearchWarmup(text);
            if (!await EmbeddingSteps.CheckModelAsync(services, "search", cancellationToken)) return ExitCodes.Error;
            var search = services.GetRequiredService<SearchService>();
            await search.WarmUpAsync(cancellationToken);
            // The reported search time stays the search's own, not the dictionary load it would otherwise wait for.
            await services.GetRequiredService<ChineseSegmenter>().Ready.WaitAsync(cancellationToken);
            var response = await search.SearchAsync(new SearchRequest(text, new SearchFilter(AccessScope.Everything), result.GetValue(top)), cancellationToken);
            if (result.GetValue(json)) JsonOutput.Write(response);
            else Print(response);
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>Plain text, with ANSI styles when stdout is a terminal (<see cref="ConsoleStyle"/>).</summary>
    private static void Print(SearchResponse response)
    {
        var output = new System.Text.StringBuilder();
        if (response.Results.Count == 0) output.AppendLine($"No passages match {ConsoleStyle.Apply(response.Query, ConsoleStyle.Bold)}.");
        foreach (var hit in response.Results)
        {
            var pages = hit.Page == hit.PageEnd ? $"p. {hit.Page}" : $"pp. {hit.Page}–{hit.PageEnd}";
            var ocr = hit.OcrConfidence is { } confidence ? $" · 识别文本 (OCR {confidence:P0})" : "";
            output.AppendLine($"{ConsoleStyle.Apply($"{hit.Rank}. {hit.Title}", ConsoleStyle.Bold)} · {pages}{(hit.HeadingPath.Length > 0 ? " · " + hit.HeadingPath : "")}{ocr}");
            output.AppendLine($"   {ConsoleStyle.Apply(hit.Source, ConsoleStyle.Grey)}");
            output.AppendLine("   " + Marked(hit.Passage, hit.Highlights, ConsoleStyle.Enabled ? t => ConsoleStyle.Apply(t, ConsoleStyle.Match) : t => t));
            output.AppendLine();
        }
        if (response.Results.Count > 0) output.AppendLine(ConsoleStyle.Apply($"{response.Results.Count} passages in {response.TookMs:F0} ms", ConsoleStyle.Grey));
        Console.Out.Write(output.ToString());
    }

    /// <summary>The passage on one line with its matches styled (or left plain when stdout is not a terminal).</summary>
    private static string Marked(string passage, IReadOnlyList<int[]> highlights, Func<string, string> match)
    {
        var sb = new System.Text.StringBuilder();
        var at = 0;
        foreach (var h in highlights)
        {
            sb.Append(passage, at, h[0] - at).Append(match(passage[h[0]..h[1]]));
            at = h[1];
        }
        sb.Append(passage, at, passage.Length - at);
        return sb.ToString().ReplaceLineEndings(" ");
    }
}
