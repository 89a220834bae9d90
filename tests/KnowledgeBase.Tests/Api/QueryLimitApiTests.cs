using System.Net;
using System.Net.Http.Json;
using KnowledgeBase.Api.Endpoints;
using KnowledgeBase.Model;
using Microsoft.AspNetCore.Http.Timeouts;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace KnowledgeBase.Tests.Api;

/// <summary>
/// One request cannot buy unbounded work: a question past the term limit, a body past the ask limit and paging past
/// the ranking depth are refused with a reason (400/413, never 500), every query endpoint runs under a time limit, and
/// "more like this" from a long passage stays within the limits instead of being refused.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class QueryLimitApiTests(ApiFixture api)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Seventy distinct English words unrelated to the fixture's documents.</summary>
    private static readonly string LongQuestion = string.Join(' ', Enumerable.Range(0, 70).Select(i => Ordinal(i) + "telescope"));

    private static string Ordinal(int i) => new string((char)('a' + i / 26 % 26), 1) + (char)('a' + i % 26);

    [Fact]
    public async Task A_question_past_the_term_limit_is_refused_with_the_reason()
    {
        using var client = api.Anonymous();
        using var search = await client.GetAsync($"/api/search?q={Uri.EscapeDataString(LongQuestion)}", Ct);
        Assert.Equal(HttpStatusCode.BadRequest, search.StatusCode);
        Assert.Contains("at most 64", (await search.ReadJsonAsync())["detail"]!.ToString());

        using var ask = await client.PostAsJsonAsync("/api/ask", new { question = LongQuestion }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, ask.StatusCode);
        Assert.Contains("at most 64", (await ask.ReadJsonAsync())["detail"]!.ToString());

        using var chinese = await client.PostAsJsonAsync("/api/ask", new { question = string.Concat(Enumerable.Repeat("沿边产业园区政策如何落实？", 200)) }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, chinese.StatusCode);
    }

    [Fact]
    public async Task A_long_Chinese_query_in_the_address_reaches_the_limits_rather_than_the_servers_request_line_limit()
    {
        // Percent-encoded, a Chinese character takes nine bytes, so a query of 1,500 (within the 2,000-character limit)
        // fills about 13 KB of the request line: past the web server's usual 8 KB, which would refuse it with a bare 414.
        var paragraph = string.Concat(Enumerable.Repeat("沿边产业园区政策如何落实", 125));
        Assert.Equal(1500, paragraph.Length);
        using var client = api.Anonymous();
        using var search = await client.GetAsync($"/api/search?q={Uri.EscapeDataString(paragraph)}", Ct);
        Assert.Equal(HttpStatusCode.OK, search.StatusCode);
        // A shared link to that search opens the page.
        using var page = await client.GetAsync($"/?q={Uri.EscapeDataString(paragraph)}", Ct);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);

        // Past the character limit the answer says why.
        using var tooLong = await client.GetAsync($"/api/search?q={Uri.EscapeDataString(paragraph + paragraph)}", Ct);
        Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);
        Assert.Contains("3,000 characters", (await tooLong.ReadJsonAsync())["detail"]!.ToString());
    }

    [Fact]
    public async Task An_ask_body_past_the_limit_is_refused_as_too_large()
    {
        var question = new string('a', (int)QueryLimits.MaxAskBodyBytes + 1);
        using var ask = await api.Anonymous().PostAsJsonAsync("/api/ask", new { question }, Ct);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, ask.StatusCode);
    }

    [Theory]
    [InlineData(990, 10, HttpStatusCode.OK)]
    [InlineData(991, 10, HttpStatusCode.BadRequest)]
    [InlineData(100000, 10, HttpStatusCode.BadRequest)]
    [InlineData(1000000000, 10, HttpStatusCode.BadRequest)]
    [InlineData(-5, 10, HttpStatusCode.BadRequest)]
    public async Task Paging_is_bounded_by_the_ranking_depth(int offset, int top, HttpStatusCode expected)
    {
        using var response = await api.Anonymous().GetAsync($"/api/search?q={Uri.EscapeDataString("沿边产业园区")}&offset={offset}&top={top}", Ct);
        Assert.Equal(expected, response.StatusCode);
        if (expected != HttpStatusCode.BadRequest) return;
        var problem = await response.ReadJsonAsync();
        Assert.Contains("offset", problem["detail"]!.ToString());
        // A negative offset is not "too large": the title covers every side of the limits.
        Assert.Equal("Query outside the limits", problem["title"]!.ToString());
    }

    [Fact]
    public async Task More_like_a_long_passage_searches_its_opening_within_the_limits()
    {
        var text = string.Join(' ', Enumerable.Range(0, 90).Select(i => Ordinal(i) + "nebula")) + ".";
        await api.Server.SeedAsync("seed-long-english", "Nebula catalogue", new DocumentMetadata { Visibility = Visibility.Public }, text);
        await api.Server.SeedAsync("seed-long-english-twin", "Nebula catalogue twin", new DocumentMetadata { Visibility = Visibility.Public }, text);
        var similar = await api.Anonymous().GetJsonAsync("/api/passages/seed-long-english:0/similar");
        Assert.Contains("seed-long-english-twin", similar.DocumentIds());
    }

    [Fact]
    public void Every_query_endpoint_runs_under_a_time_limit()
    {
        var endpoints = api.Server.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().ToList();
        foreach (var (method, route, policy) in new[]
                 {
                     ("GET", "/api/search", QueryLimits.TimeoutPolicy),
                     ("GET", "/api/passages/{id}/similar", QueryLimits.TimeoutPolicy),
                     ("GET", "/api/documents/", QueryLimits.TimeoutPolicy),
                     ("POST", "/api/ask", QueryLimits.AskTimeoutPolicy),
                 })
        {
            var endpoint = endpoints.Single(e => e.RoutePattern.RawText == route
                && e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()!.HttpMethods.Contains(method));
            Assert.Equal(policy, endpoint.Metadata.GetMetadata<RequestTimeoutAttribute>()?.PolicyName);
        }
    }

    /// <summary>The document list answers a paging bound out of range with 400 and the reason, as search does, rather than correcting it.</summary>
    [Theory]
    [InlineData("limit=-1", "limit must be between 1 and 200 (is -1).")]
    [InlineData("limit=0", "limit must be between 1 and 200 (is 0).")]
    [InlineData("limit=201", "limit must be between 1 and 200 (is 201).")]
    [InlineData("offset=-1", "offset must not be negative (is -1).")]
    public async Task A_document_list_bound_out_of_range_is_refused_with_the_reason(string bound, string reason)
    {
        using var response = await api.Anonymous().GetAsync($"/api/documents?{bound}", Ct);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(reason, (string)(await response.ReadJsonAsync())["detail"]!);
    }

    [Theory]
    [InlineData("limit=1&offset=0")]
    [InlineData("limit=200&offset=5")]
    [InlineData("")]
    public async Task A_document_list_bound_in_range_is_answered(string bounds)
    {
        using var response = await api.Anonymous().GetAsync($"/api/documents?{bounds}", Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
