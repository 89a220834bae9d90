using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using KnowledgeBase.Api;
using KnowledgeBase.Ingestion.Chunking;
using KnowledgeBase.Ingestion.Parsing;
using KnowledgeBase.Model;
using KnowledgeBase.Security;
using KnowledgeBase.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace KnowledgeBase.Tests.Api;

/// <summary>The real API host on a free loopback port over its own data directory.</summary>
public sealed class ApiServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private ApiServer(WebApplication app, string dataDirectory, Uri address)
    {
        _app = app;
        DataDirectory = dataDirectory;
        Address = address;
    }

    public string DataDirectory { get; }
    public Uri Address { get; }
    public IServiceProvider Services => _app.Services;

    /// <param name="configure">Changes the host's services before it is built (e.g. a Qdrant client on a fake transport).</param>
    public static async Task<ApiServer> StartAsync(IDictionary<string, string>? settings = null, Action<WebApplicationBuilder>? configure = null)
    {
        var data = TestServices.TempDirectory();
        var args = new List<string> { "--data", data, "--urls", "http://127.0.0.1:0", "--Logging:LogLevel:Default=Warning" };
        foreach (var (k, v) in settings ?? new Dictionary<string, string>()) args.Add($"--{k}={v}");
        var app = ApiHost.Build([.. args], configure);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new ApiServer(app, data, new Uri(address));
    }

    public HttpClient Client(string? apiKey = null)
    {
        var client = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(60) };
        if (apiKey is not null) client.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
        return client;
    }

    /// <summary>The origin a page served by this server sends in its <c>Origin</c> header.</summary>
    public string Origin => Address.GetLeftPart(UriPartial.Authority);

    /// <summary>A client that keeps cookies, as a browser does, and sends this server's origin as the page would.</summary>
    public HttpClient SessionClient(bool sendOrigin = true)
    {
        var client = new HttpClient(new HttpClientHandler { UseCookies = true, CookieContainer = new System.Net.CookieContainer() })
        {
            BaseAddress = Address,
            Timeout = TimeSpan.FromSeconds(60),
        };
        if (sendOrigin) client.DefaultRequestHeaders.Add("Origin", Origin);
        return client;
    }

    /// <summary>
    /// A cookie-keeping client, sending this server's origin, whose connections come from <paramref name="local"/>: any
    /// 127.0.0.x reaches the loopback server, so tests of per-address limits each get addresses of their own.
    /// </summary>
    public HttpClient ClientFrom(IPAddress local)
    {
        var handler = new SocketsHttpHandler
        {
            UseCookies = true,
            CookieContainer = new System.Net.CookieContainer(),
            ConnectCallback = async (context, cancellationToken) =>
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    socket.Bind(new IPEndPoint(local, 0));
                    await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        var client = new HttpClient(handler) { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(60) };
        client.DefaultRequestHeaders.Add("Origin", Origin);
        return client;
    }

    /// <summary>Signs a cookie-keeping client in as the page does (<c>POST /api/session</c>).</summary>
    public static async Task<HttpResponseMessage> SignInAsync(HttpClient client, string key) =>
        await client.PostAsJsonAsync("/api/session", new { key });

    public async Task<string> CreateKeyAsync(ApiRole role, string? organisation = null) =>
        (await Services.GetRequiredService<IApiKeyStore>().CreateAsync(role, organisation, $"test {role}")).Secret;

    /// <summary>Writes a document straight into the store (chunked by the real chunker), for search and visibility tests.</summary>
    public Task<string> SeedAsync(string id, string title, DocumentMetadata metadata, params string[] pages) =>
        SeedAsync(id, title, metadata, pages.Select((t, i) => new DocumentPage(i + 1, t)).ToList());

    /// <summary>Stores a document of the given pages (e.g. pages read by OCR, with their recognised lines).</summary>
    /// <param name="source">Where the document says it came from (default <c>seed:ID</c>), e.g. a server path.</param>
    public async Task<string> SeedAsync(string id, string title, DocumentMetadata metadata, IReadOnlyList<DocumentPage> pages, string? source = null)
    {
        var parsed = new ParsedDocument(pages, []);
        var passages = Services.GetRequiredService<PassageChunker>().Chunk(id, parsed);
        var record = new DocumentRecord(id, title, source ?? $"seed:{id}", Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(id + string.Concat(pages.Select(p => p.Text))))),
            "text/plain", pages.Count, passages.Count, metadata with { Title = title }, DateTimeOffset.UtcNow);
        await Services.GetRequiredService<IKnowledgeStore>().UpsertAsync(new DocumentSubmission(record, parsed.Pages, passages));
        return id;
    }

    /// <summary>Uploads a file as multipart form data.</summary>
    public static async Task<HttpResponseMessage> UploadAsync(HttpClient client, byte[] content, string fileName, IDictionary<string, string>? fields = null)
    {
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/pdf");
        form.Add(file, "file", fileName);
        foreach (var (k, v) in fields ?? new Dictionary<string, string>()) form.Add(new StringContent(v), k);
        return await client.PostAsync("/api/documents", form);
    }

    /// <summary>Polls a job until it is done or failed (the ingest loop runs in the host).</summary>
    public static async Task<JobStatus> WaitForJobAsync(HttpClient client, string jobId)
    {
        for (var i = 0; i < 600; i++)
        {
            var job = await client.GetFromJsonAsync<JobStatus>($"/api/jobs/{jobId}");
            if (job!.State is "done" or "failed") return job;
            await Task.Delay(50);
        }
        throw new TimeoutException($"job {jobId} did not finish");
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        try { Directory.Delete(DataDirectory, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}

public sealed record JobStatus(string Id, string State, string? Error, string? DocumentId, string Source);
public sealed record UploadAnswer(string JobId, string State, string StatusUrl);
