using System.Net;
using System.Net.Http.Json;
using KnowledgeBase.Api.Endpoints;

namespace KnowledgeBase.Tests.Api;

/// <summary>
/// Every filter field takes at most <see cref="FilterParameters.MaxValuesPerField"/> values wherever filters are taken
/// (search, document listing, the JSON body of ask): past it the answer is 400 with the reason, never a 500 from the
/// store running out of query parameters.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class FilterLimitTests(ApiFixture api)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string Values(int count, string prefix = "v") => string.Join(',', Enumerable.Range(0, count).Select(i => prefix + i));

    public static TheoryData<string> ListFields => ["organisation", "type", "tag"];

    [Theory]
    [MemberData(nameof(ListFields))]
    public async Task Search_and_listing_refuse_more_values_than_the_limit(string field)
    {
        using var client = api.Anonymous();
        var query = Uri.EscapeDataString("沿边产业园区");
        foreach (var url in new[] { $"/api/search?q={query}&", "/api/documents?" })
        {
            using var within = await client.GetAsync($"{url}{field}={Values(FilterParameters.MaxValuesPerField)}", Ct);
            Assert.Equal(HttpStatusCode.OK, within.StatusCode);

            using var over = await client.GetAsync($"{url}{field}={Values(FilterParameters.MaxValuesPerField + 1)}", Ct);
            Assert.Equal(HttpStatusCode.BadRequest, over.StatusCode);
            var detail = (await over.ReadJsonAsync())["detail"]!.ToString();
            Assert.Contains($"'{field}'", detail);
            Assert.Contains($"at most {FilterParameters.MaxValuesPerField}", detail);

            // Repeated parameters count like comma-separated ones.
            var repeated = string.Join('&', Enumerable.Range(0, FilterParameters.MaxValuesPerField + 1).Select(i => $"{field}=r{i}"));
            using var overRepeated = await client.GetAsync(url + repeated, Ct);
            Assert.Equal(HttpStatusCode.BadRequest, overRepeated.StatusCode);
        }
    }

    [Theory]
    [InlineData("yearFrom=abc")]
    [InlineData("yearTo=2016x")]
    [InlineData("yearFrom=2016&yearTo=twenty")]
    public async Task A_year_bound_that_is_not_a_number_is_refused_rather_than_ignored(string bounds)
    {
        using var client = api.Anonymous();
        foreach (var url in new[] { $"/api/search?q={Uri.EscapeDataString("沿边产业园区")}&{bounds}", $"/api/documents?{bounds}" })
        {
            using var response = await client.GetAsync(url, Ct);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Contains("must be a year", (await response.ReadJsonAsync())["detail"]!.ToString());
        }
        // An empty bound is no bound, as the page sends it.
        using var empty = await client.GetAsync("/api/documents?yearFrom=&yearTo=", Ct);
        Assert.Equal(HttpStatusCode.OK, empty.StatusCode);
    }

    [Fact]
    public async Task Repeating_one_value_counts_once()
    {
        using var response = await api.Anonymous().GetAsync($"/api/documents?tag={string.Join(',', Enumerable.Repeat("park", 200))}", Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Language_takes_one_value()
    {
        using var client = api.Anonymous();
        using var one = await client.GetAsync("/api/documents?language=zh", Ct);
        Assert.Equal(HttpStatusCode.OK, one.StatusCode);
        using var two = await client.GetAsync("/api/documents?language=zh&language=en", Ct);
        Assert.Equal(HttpStatusCode.BadRequest, two.StatusCode);
        Assert.Contains("'language'", (await two.ReadJsonAsync())["detail"]!.ToString());
    }

    [Theory]
    [MemberData(nameof(ListFields))]
    public async Task Ask_refuses_more_values_than_the_limit_in_its_body(string field)
    {
        using var client = api.Anonymous();
        using var within = await client.PostAsJsonAsync("/api/ask",
            new Dictionary<string, string> { ["question"] = "沿边产业园区", [field] = Values(FilterParameters.MaxValuesPerField) }, Ct);
        Assert.Equal(HttpStatusCode.OK, within.StatusCode);

        // Thousands of tags fit in the body limit; each would have been a parameter of the store's query.
        using var over = await client.PostAsJsonAsync("/api/ask",
            new Dictionary<string, string> { ["question"] = "沿边产业园区", [field] = Values(8000, "") }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, over.StatusCode);
        Assert.Contains($"'{field}' lists 8000 values", (await over.ReadJsonAsync())["detail"]!.ToString());
    }

    [Fact]
    public async Task A_value_of_the_wrong_type_is_400_with_a_reason()
    {
        using var client = api.Anonymous();
        using var array = await client.PostAsJsonAsync("/api/ask", new { question = "沿边产业园区", tag = new[] { "a", "b" } }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, array.StatusCode);
        Assert.Contains("comma-separated", (await array.ReadJsonAsync())["detail"]!.ToString());

        using var top = await client.GetAsync("/api/search?q=x&top=abc", Ct);
        Assert.Equal(HttpStatusCode.BadRequest, top.StatusCode);
        Assert.Contains("wrong type", (await top.ReadJsonAsync())["detail"]!.ToString());
    }
}
