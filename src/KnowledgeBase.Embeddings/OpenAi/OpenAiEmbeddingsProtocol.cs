using System.Runtime.InteropServices;
using System.Text.Json;
using Microsoft.Extensions.AI;

namespace KnowledgeBase.Embeddings.OpenAi;

/// <summary>An HTTP answer: status code and JSON body.</summary>
public sealed record EmbeddingsAnswer(int StatusCode, byte[] Json)
{
    public const string ContentType = "application/json";
}

/// <summary>
/// The server side of OpenAI's <c>POST /v1/embeddings</c>, so one configured model can be shared by other services
/// (the API maps it; tests serve a real model through it). Accepts <c>input</c> as a string or an array of strings,
/// answers with float arrays or, when <c>encoding_format</c> is <c>base64</c> (what the OpenAI SDKs send), with
/// little-endian float32 bytes in base64. A non-standard <c>input_type</c> of <c>query</c> selects query prefixes.
/// </summary>
public static class OpenAiEmbeddingsProtocol
{
    public const int MaxInputs = 2048;

    public static async Task<EmbeddingsAnswer> AnswerAsync(Stream requestBody, IEmbeddingGenerator<string, Embedding<float>> generator, string modelId, CancellationToken cancellationToken = default)
    {
        List<string> inputs;
        bool base64;
        EmbeddingGenerationOptions options;
        try
        {
            using var document = await JsonDocument.ParseAsync(requestBody, cancellationToken: cancellationToken);
            (inputs, base64, options) = ReadRequest(document.RootElement);
        }
        catch (Exception e) when (e is JsonException or FormatException)
        {
            return Error(400, "invalid_request_error", e.Message);
        }

        GeneratedEmbeddings<Embedding<float>> embeddings;
        try
        {
            embeddings = await generator.GenerateAsync(inputs, options, cancellationToken);
        }
        catch (EmbeddingUnavailableException e)
        {
            return Error(503, "service_unavailable", e.Message);
        }
        return new EmbeddingsAnswer(200, WriteResponse(embeddings, modelId, base64));
    }

    private static (List<string> Inputs, bool Base64, EmbeddingGenerationOptions Options) ReadRequest(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object) throw new FormatException("the request body must be a JSON object");
        if (!root.TryGetProperty("input", out var input)) throw new FormatException("'input' is required");
        var inputs = input.ValueKind switch
        {
            JsonValueKind.String => [input.GetString()!],
            JsonValueKind.Array when input.EnumerateArray().All(e => e.ValueKind == JsonValueKind.String) => input.EnumerateArray().Select(e => e.GetString()!).ToList(),
            _ => throw new FormatException("'input' must be a string or an array of strings (token arrays are not supported)"),
        };
        if (inputs.Count is 0 or > MaxInputs) throw new FormatException($"'input' must hold 1 to {MaxInputs} strings");
        var format = root.TryGetProperty("encoding_format", out var f) && f.ValueKind == JsonValueKind.String ? f.GetString() : "float";
        if (format is not ("float" or "base64")) throw new FormatException($"encoding_format '{format}' is not supported (float or base64)");
        var isQuery = root.TryGetProperty("input_type", out var t) && t.ValueKind == JsonValueKind.String &&
                      string.Equals(t.GetString(), EmbeddingInput.Query, StringComparison.OrdinalIgnoreCase);
        return (inputs, format == "base64", isQuery ? EmbeddingInput.QueryOptions() : EmbeddingInput.PassageOptions());
    }

    private static byte[] WriteResponse(GeneratedEmbeddings<Embedding<float>> embeddings, string modelId, bool base64)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("object", "list");
            json.WriteStartArray("data");
            for (var i = 0; i < embeddings.Count; i++)
            {
                json.WriteStartObject();
                json.WriteString("object", "embedding");
                json.WriteNumber("index", i);
                var vector = embeddings[i].Vector.Span;
                if (base64)
                {
                    // The wire format is little-endian float32; so is every platform .NET runs this on.
                    json.WriteBase64String("embedding", MemoryMarshal.AsBytes(vector));
                }
                else
                {
                    json.WriteStartArray("embedding");
                    foreach (var v in vector) json.WriteNumberValue(v);
                    json.WriteEndArray();
                }
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteString("model", modelId);
            var tokens = embeddings.Usage?.InputTokenCount ?? 0;
            json.WriteStartObject("usage");
            json.WriteNumber("prompt_tokens", tokens);
            json.WriteNumber("total_tokens", tokens);
            json.WriteEndObject();
            json.WriteEndObject();
        }
        return buffer.ToArray();
    }

    private static EmbeddingsAnswer Error(int status, string type, string message)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteStartObject("error");
            json.WriteString("message", message);
            json.WriteString("type", type);
            json.WriteEndObject();
            json.WriteEndObject();
        }
        return new EmbeddingsAnswer(status, buffer.ToArray());
    }
}
