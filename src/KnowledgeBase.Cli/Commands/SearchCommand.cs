using System.CommandLine;
using KnowledgeBase.Hosting;
using KnowledgeBase.Retrieval;
using KnowledgeBase.Security;
using KnowledgeBase.Text;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace KnowledgeBase.Cli.Commands;

/// <summary><c>kb search --data DIR [--top K] [--json] QUERY</c>.</summary>
internal static class SearchCommand
{
    public static Command Create()
    {
        var data = CommonOptions.Data();
        var top = new Option<int>("--top", "-k") { Description = "Number of passages to return.", DefaultValueFactory = _ => 10 };
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
            var text = string.Join(' ', result.GetValue(query)!);
            await using var services = CliHost.Build(result.GetValue(data)!, CommonOptions.EmbedderOverride(result.GetValue(embedder)));
            // jieba's dictionary load (the largest part of a cold search) runs while the store opens and the search pipeline is built.
            services.StartSearchWarmup(text);
            if (!await EmbeddingSteps.CheckModelAsync(services, "search", cancellationToken)) return ExitCodes.Error;
            var search = services.GetRequiredService<SearchService>();
            // The reported search time stays the search's own, not the dictionary load it would otherwise wait for.
            await services.GetRequiredService<ChineseSegmenter>().Ready.WaitAsync(cancellationToken);
            var response = await search.SearchAsync(new SearchRequest(text, new SearchFilter(AccessScope.Everything), result.GetValue(top)), cancellationToken);
            if (result.GetValue(json)) JsonOutput.Write(response);
            else Print(response);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static void Print(SearchResponse response)
    {
        var console = AnsiConsole.Console;
        if (response.Results.Count == 0) { console.MarkupLine($"No passages match [bold]{Markup.Escape(response.Query)}[/]."); return; }
        foreach (var hit in response.Results)
        {
            var pages = hit.Page == hit.PageEnd ? $"p. {hit.Page}" : $"pp. {hit.Page}–{hit.PageEnd}";
            console.MarkupLine($"[bold]{hit.Rank}. {Markup.Escape(hit.Title)}[/] · {pages}{(hit.HeadingPath.Length > 0 ? " · " + Markup.Escape(hit.HeadingPath) : "")}");
            console.MarkupLine($"   [grey]{Markup.Escape(hit.Source)}[/]");
            console.MarkupLine("   " + Marked(hit.Passage, hit.Highlights));
            console.WriteLine();
        }
        console.MarkupLine($"[grey]{response.Results.Count} passages in {response.TookMs:F0} ms[/]");
    }

    private static string Marked(string passage, IReadOnlyList<int[]> highlights)
    {
        var sb = new System.Text.StringBuilder();
        var at = 0;
        foreach (var h in highlights)
        {
            sb.Append(Markup.Escape(passage[at..h[0]]));
            sb.Append("[yellow bold]").Append(Markup.Escape(passage[h[0]..h[1]])).Append("[/]");
            at = h[1];
        }
        sb.Append(Markup.Escape(passage[at..]));
        return sb.ToString().ReplaceLineEndings(" ");
    }
}
