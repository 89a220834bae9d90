using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace KnowledgeBase.Tests.Api;

/// <summary>Small helpers to read API answers as JSON.</summary>
public static class ApiJson
{
    public static async Task<JsonNode> GetJsonAsync(this HttpClient client, string url, HttpStatusCode expected = HttpStatusCode.OK)
    {
        using var response = await client.GetAsync(url);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode, $"GET {url}: expected {(int)expected}, got {(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!;
    }

    public static async Task<JsonNode> SearchAsync(this HttpClient client, string query, string extra = "") =>
        await client.GetJsonAsync($"/api/search?q={Uri.EscapeDataString(query)}&top=50{extra}");

    public static IReadOnlyList<string> DocumentIds(this JsonNode search) =>
        search["results"]!.AsArray().Select(r => (string)r!["documentId"]!).Distinct().ToList();

    public static IReadOnlyList<string> FacetValues(this JsonNode search, string facet) =>
        search["facets"]![facet]!.AsArray().Select(v => (string)v!["value"]!).ToList();

    /// <summary>Status, title and detail of a problem answer: what a caller can observe besides the trace id.</summary>
    public static async Task<string> ProblemSignatureAsync(this HttpResponseMessage response)
    {
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        return $"{(int)response.StatusCode}|{body["title"]}|{body["detail"]}|{body["status"]}|{response.Content.Headers.ContentType}";
    }

    public static async Task<JsonNode> ReadJsonAsync(this HttpResponseMessage response) =>
        JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

    /// <summary>The JSON as text with Chinese characters unescaped, so substring checks see what a caller sees.</summary>
    public static string Text(this JsonNode node) =>
        node.ToJsonString(new System.Text.Json.JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });

    public static Task<HttpResponseMessage> PostJsonAsync<T>(this HttpClient client, string url, T body) => client.PostAsJsonAsync(url, body);
}
