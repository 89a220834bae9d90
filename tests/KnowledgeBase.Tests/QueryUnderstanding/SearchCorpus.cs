using System.Security.Cryptography;
using System.Text;
using KnowledgeBase.Model;
using KnowledgeBase.Retrieval;
using KnowledgeBase.Security;
using KnowledgeBase.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace KnowledgeBase.Tests.QueryUnderstanding;

/// <summary>A real wired store in a temporary folder, holding small one-passage documents, searched through SearchService.</summary>
public sealed class SearchCorpus : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    /// <param name="settings">Configuration overrides (e.g. a query-understanding option turned off).</param>
    public SearchCorpus(IDictionary<string, string?>? settings = null) =>
        _services = settings is null ? TestServices.Create(TestServices.TempDirectory()) : TestServices.Create(TestServices.TempDirectory(), settings);

    public T Get<T>() where T : notnull => _services.GetRequiredService<T>();

    public async Task AddAsync(string id, string title, string text)
    {
        var hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(id + text)));
        var document = new DocumentRecord(id, title, $"{id}.txt", hash, "text/plain", 1, 1, new DocumentMetadata { Title = title }, DateTimeOffset.UtcNow);
        var passage = new Passage(Passage.MakeId(id, 0), id, 0, 1, 1, 0, text.Length, "", text);
        await Get<IKnowledgeStore>().UpsertAsync(new DocumentSubmission(document, [new DocumentPage(1, text)], [passage]));
    }

    /// <summary>Document ids of the results, best first.</summary>
    public async Task<List<string>> SearchAsync(string query, int top = 10)
    {
        var response = await Get<SearchService>().SearchAsync(new SearchRequest(query, new SearchFilter(AccessScope.Everything), top));
        return response.Results.Select(r => r.DocumentId).ToList();
    }

    public ValueTask DisposeAsync() => _services.DisposeAsync();
}
