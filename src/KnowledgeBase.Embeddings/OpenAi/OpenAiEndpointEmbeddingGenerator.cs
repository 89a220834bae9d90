using System.ClientModel;
using System.ClientModel.Primitives;
using System.Globalization;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using OpenAI;
using Polly;
using Polly.Retry;

namespace KnowledgeBase.Embeddings.OpenAi;

/// <summary>
/// Embeddings from an OpenAI-compatible <c>/v1/embeddings</c> endpoint (OpenAI, Ollama, vLLM, TEI, Azure OpenAI,
/// DashScope) through Microsoft.Extensions.AI.OpenAI. Requests that get 429 or 5xx are retried by a Polly pipeline
/// with exponential backoff and jitter (honouring Retry-After); anything that still fails — including an endpoint
/// that cannot be reached at all — becomes an <see cref="EmbeddingUnavailableException"/> naming the endpoint.
/// </summary>
public sealed class OpenAiEndpointEmbeddingGenerator : IEmbeddingGenerator<string, Embedding<float>>
{
    private static readonly TimeSpan MaxRetryAfter = TimeSpan.FromSeconds(30);

    private readonly IEmbeddingGenerator<string, Embedding<float>> _inner;
    private readonly ResiliencePipeline _resilience;
    private readonly EmbeddingOptions _options;
    private readonly ILogger _logger;
    private int _dimension;

    public OpenAiEndpointEmbeddingGenerator(Uri baseUrl, string model, string? apiKey, EmbeddingOptions? options = null, ILogger? logger = null)
    {
        BaseUrl = baseUrl;
        Model = model;
        _options = options ?? new EmbeddingOptions();
        _logger = logger ?? NullLogger.Instance;
        _dimension = _options.Dimensions;
        var clientOptions = new OpenAIClientOptions
        {
            Endpoint = baseUrl,
            // Retries belong to the Polly pipeline below; the SDK's own policy would multiply them.
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
            NetworkTimeout = _options.RequestTimeout,
        };
        // Local servers (Ollama, TEI) ignore the key but the client insists on one.
        var client = new OpenAIClient(new ApiKeyCredential(string.IsNullOrEmpty(apiKey) ? "unused" : apiKey), clientOptions);
        _inner = client.GetEmbeddingClient(model).AsIEmbeddingGenerator(_dimension > 0 ? _dimension : null);
        _resilience = new ResiliencePipelineBuilder()
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<ClientResultException>(IsTransient),
                MaxRetryAttempts = Math.Max(0, _options.Retries),
                Delay = _options.RetryDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                DelayGenerator = args => ValueTask.FromResult(RetryAfter(args.Outcome.Exception)),
                OnRetry = args =>
                {
                    _logger.LogWarning("Embedding endpoint {Endpoint} answered {Status}; retry {Attempt} in {Delay:F1} s",
                        BaseUrl, (args.Outcome.Exception as ClientResultException)?.Status, args.AttemptNumber + 1, args.RetryDelay.TotalSeconds);
                    return ValueTask.CompletedTask;
                },
            })
            .Build();
    }

    /// <summary>Creates the generator for a parsed <c>openai:BASE_URL#MODEL</c> spec, taking the key from the first set environment variable of <see cref="EmbeddingOptions.ApiKeyVariables"/>.</summary>
    public static OpenAiEndpointEmbeddingGenerator FromSpec(EmbedderSpec spec, EmbeddingOptions options, ILogger? logger = null)
    {
        if (spec.Kind != EmbedderKind.OpenAi) throw new ArgumentException("not an openai: spec", nameof(spec));
        var key = options.ApiKeyVariables.Select(Environment.GetEnvironmentVariable).FirstOrDefault(v => !string.IsNullOrEmpty(v));
        return new OpenAiEndpointEmbeddingGenerator(new Uri(spec.Location!), spec.Model!, key, options, logger);
    }

    public Uri BaseUrl { get; }

    public string Model { get; }

    /// <summary>Model and vector size; the size is known after the first answer unless configured.</summary>
    public EmbedderInfo? Info => _dimension > 0 ? new EmbedderInfo(Model, _dimension) : null;

    public async Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        var prefix = EmbeddingInput.IsQuery(options) ? _options.QueryPrefix : _options.PassagePrefix;
        var texts = values.Select(v => prefix + v).ToList();
        var result = new GeneratedEmbeddings<Embedding<float>>(texts.Count);
        long tokens = 0;
        foreach (var batch in texts.Chunk(Math.Max(1, _options.BatchSize)))
        {
            var part = await CallAsync(batch, cancellationToken);
            if (part.Count != batch.Length)
                throw new EmbeddingUnavailableException($"embedding endpoint {BaseUrl} returned {part.Count} vectors for {batch.Length} inputs");
            result.AddRange(part);
            tokens += part.Usage?.InputTokenCount ?? 0;
        }
        result.Usage = new UsageDetails { InputTokenCount = tokens, TotalTokenCount = tokens };
        if (result.Count > 0) CheckDimension(result[0].Vector.Length);
        return result;
    }

    private async Task<GeneratedEmbeddings<Embedding<float>>> CallAsync(string[] batch, CancellationToken cancellationToken)
    {
        try
        {
            return await _resilience.ExecuteAsync(
                async (state, ct) => await _inner.GenerateAsync(state, options: null, ct), batch, cancellationToken);
        }
        catch (ClientResultException e) when (e.Status == 0)
        {
            throw new EmbeddingUnavailableException($"embedding endpoint {BaseUrl} is not reachable: {Innermost(e).Message}", e);
        }
        catch (ClientResultException e)
        {
            var what = IsTransient(e) ? $"still answered {e.Status} after {_options.Retries + 1} attempts" : $"refused the request ({e.Status})";
            throw new EmbeddingUnavailableException($"embedding endpoint {BaseUrl} {what}: {e.Message}", e, e.Status);
        }
        catch (HttpRequestException e)
        {
            throw new EmbeddingUnavailableException($"embedding endpoint {BaseUrl} is not reachable: {Innermost(e).Message}", e);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new EmbeddingUnavailableException($"embedding endpoint {BaseUrl} did not answer within {_options.RequestTimeout.TotalSeconds:F0} s", e);
        }
    }

    private void CheckDimension(int length)
    {
        var known = Interlocked.CompareExchange(ref _dimension, length, 0);
        if (known != 0 && known != length)
            throw new EmbeddingUnavailableException($"embedding endpoint {BaseUrl} returned {length}-dimensional vectors for model {Model}, expected {known}");
    }

    private static bool IsTransient(ClientResultException e) => e.Status == 429 || e.Status >= 500;

    /// <summary>A Retry-After header (seconds or a date) decides the delay when present; otherwise the backoff does.</summary>
    private static TimeSpan? RetryAfter(Exception? exception)
    {
        if (exception is not ClientResultException e || e.GetRawResponse() is not { } response) return null;
        if (!response.Headers.TryGetValue("Retry-After", out var value) || string.IsNullOrWhiteSpace(value)) return null;
        if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds))
            return TimeSpan.FromSeconds(Math.Clamp(seconds, 0, MaxRetryAfter.TotalSeconds));
        if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
            return at - DateTimeOffset.UtcNow is var wait && wait > TimeSpan.Zero ? (wait < MaxRetryAfter ? wait : MaxRetryAfter) : TimeSpan.Zero;
        return null;
    }

    private static Exception Innermost(Exception e)
    {
        while (e.InnerException is not null) e = e.InnerException;
        return e;
    }

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is not null ? null
        : serviceType == typeof(EmbedderInfo) ? Info
        : serviceType == typeof(EmbeddingGeneratorMetadata) ? new EmbeddingGeneratorMetadata("openai-compatible", BaseUrl, Model, _dimension > 0 ? _dimension : null)
        : serviceType.IsInstanceOfType(this) ? this
        : _inner.GetService(serviceType, serviceKey);

    public void Dispose() => _inner.Dispose();
}
