using KnowledgeBase.Hosting;
using KnowledgeBase.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace KnowledgeBase.Tests;

/// <summary>Real services wired as the CLI wires them, over a fresh temporary data directory.</summary>
public static class TestServices
{
    private static readonly Lazy<TextAnalyzer> SharedAnalyzer = new(() => Create(TempDirectory()).GetRequiredService<TextAnalyzer>());

    /// <summary>The analysis chain (loading jieba takes a second, so tests share one).</summary>
    public static TextAnalyzer Analyzer => SharedAnalyzer.Value;

    public static ServiceProvider Create(string dataDirectory, IDictionary<string, string?>? settings = null)
    {
        var all = new Dictionary<string, string?> { ["KnowledgeBase:DataDirectory"] = dataDirectory };
        foreach (var (k, v) in settings ?? new Dictionary<string, string?>()) all[k] = v;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(all).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddKnowledgeBase(configuration);
        return services.BuildServiceProvider();
    }

    public static string TempDirectory()
    {
        var path = Path.Combine(Path.GetTempPath(), "kb-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(path);
        return path;
    }

    /// <summary>The shared sample corpus beside the repository (../shared/corpus), for tests that read files not committed as fixtures.</summary>
    public static string? SharedCorpus()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "corpus");
            if (Directory.Exists(candidate)) return candidate;
        }
        return null;
    }

    /// <summary>Path of a committed fixture file.</summary>
    public static string Fixture(string relative) => Path.Combine(AppContext.BaseDirectory, "Fixtures", relative);
}
