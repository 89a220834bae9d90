using KnowledgeBase.Tests.Processes;

namespace KnowledgeBase.Tests.Cli;

/// <summary>
/// The real <c>kb</c> when the text analysis changed under an existing store (a user dictionary added): search refuses
/// with the reindex message, <c>kb reindex</c> rebuilds from the stored passages with progress lines, and search answers
/// again, now with the new dictionary's word. A missing shipped dictionary stops a command with its path.
/// </summary>
[Trait("Category", "Slow")]
public sealed class ReindexCommandTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_changed_dictionary_is_refused_until_kb_reindex_rebuilds_the_index()
    {
        var root = TestServices.TempDirectory();
        var corpus = Directory.CreateDirectory(Path.Combine(root, "corpus")).FullName;
        File.Copy(TestServices.Fixture(Path.Combine("Parsing", "shanghai-port-services-regulation-2020-05-14.md")), Path.Combine(corpus, "regulation.md"));
        Assert.Equal(0, (await KbProcess.RunAsync(root, ["ingest", "--data", "data", "corpus"], Ct)).ExitCode);

        var dictionary = Path.Combine(root, "words.txt");
        await File.WriteAllTextAsync(dictionary, "口岸开放规划 1000 n\n", Ct);
        var withDictionary = new Dictionary<string, string> { ["KB_KnowledgeBase__Text__UserDictionaries__0"] = dictionary };

        var refused = await KbProcess.RunAsync(root, ["search", "--data", "data", "口岸开放规划"], Ct, withDictionary);
        Assert.Equal(1, refused.ExitCode);
        Assert.StartsWith("kb: the search index was built by a different text analysis", refused.Stderr);
        Assert.Contains($"Run `kb reindex --data {Path.Combine(root, "data")}`", refused.Stderr);
        Assert.DoesNotContain("   at ", refused.Stderr); // one readable line, no stack trace
        Assert.Equal("", refused.Stdout);

        var reindex = await KbProcess.RunAsync(root, ["reindex", "--data", "data"], Ct, withDictionary);
        Assert.Equal(0, reindex.ExitCode);
        Assert.Matches(@"reindex: (\d+)/\1 passages \(100 %\)", reindex.Stderr);
        Assert.Matches(@"^re-indexed \d+ passages \(text analysis [0-9a-f]{12}\)\n$", reindex.Stdout);

        var found = await KbProcess.RunAsync(root, ["search", "--data", "data", "--json", "口岸开放规划"], Ct, withDictionary);
        Assert.Equal(0, found.ExitCode);
        Assert.Contains("上海口岸开放规划", found.Stdout);
        // The store now belongs to the new analysis: without the dictionary, search is the stranger and is refused.
        Assert.Equal(1, (await KbProcess.RunAsync(root, ["search", "--data", "data", "口岸"], Ct)).ExitCode);
    }

    [Fact]
    public async Task A_missing_resource_folder_stops_a_command_with_the_path_of_the_missing_file()
    {
        var root = TestServices.TempDirectory();
        var empty = Directory.CreateDirectory(Path.Combine(root, "resources")).FullName;
        var outcome = await KbProcess.RunAsync(root, ["ingest", "--data", "data", root], Ct,
            new Dictionary<string, string> { ["KB_KnowledgeBase__Text__ResourceDirectory"] = empty });

        Assert.Equal(1, outcome.ExitCode);
        Assert.Matches($"^kb: a resource file of the text analysis is missing: {empty}/[^ ]+\\. ", outcome.Stderr);
    }

    [Fact]
    public async Task Reindex_explains_itself()
    {
        var help = await KbProcess.RunAsync(TestServices.TempDirectory(), ["reindex", "--help"], Ct);
        Assert.Equal(0, help.ExitCode);
        Assert.Contains("without re-parsing", help.Stdout);
        Assert.Contains("--embeddings", help.Stdout);
    }
}
