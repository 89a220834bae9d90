namespace KnowledgeBase.Tests.QueryUnderstanding;

/// <summary>Six small documents in one real store, shared by the tests of a class (building services costs seconds).</summary>
public sealed class SmallPolicyCorpus : IAsyncLifetime
{
    public SearchCorpus Corpus { get; } = new();

    public async ValueTask InitializeAsync()
    {
        var corpus = Corpus;
        await corpus.AddAsync("park", "边境工业园区建设方案", "加快边境工业园区建设，完善园区基础设施，落实土地和税收支持政策。");
        await corpus.AddAsync("roads", "农村公路养护办法", "县级人民政府负责本行政区域内农村公路的养护和管理工作。");
        await corpus.AddAsync("split", "产业发展规划", "推动产业转型发展，加强园区管理和服务。");
        await corpus.AddAsync("tw", "邊境貿易管理辦法", "邊民互市貿易應當在指定的邊境口岸進行。");
        await corpus.AddAsync("wage", "工资支付规定", "用人单位应当按月以货币形式支付工资。");
        await corpus.AddAsync("pay", "劳动报酬条款", "用人单位应当按时足额支付劳动者的劳动报酬。");
    }

    public ValueTask DisposeAsync() => Corpus.DisposeAsync();
}

/// <summary>Query understanding end to end: real store, real analysis chain, real SearchService.</summary>
public sealed class SearchBehaviourTests(SmallPolicyCorpus fixture) : IClassFixture<SmallPolicyCorpus>
{
    private readonly SearchCorpus corpus = fixture.Corpus;

    [Fact]
    public async Task Traditional_query_matches_simplified_text_and_the_reverse()
    {
        Assert.Equal("park", (await corpus.SearchAsync("邊境工業園區建設")).First());
        Assert.Equal("tw", (await corpus.SearchAsync("边民互市贸易")).First());
    }

    [Fact]
    public async Task English_query_finds_the_chinese_passage()
    {
        Assert.Equal("park", (await corpus.SearchAsync("border industrial park policy")).First());
        Assert.Equal("roads", (await corpus.SearchAsync("rural road maintenance")).First());
    }

    [Fact]
    public async Task Quoted_phrase_must_match_exactly()
    {
        var loose = await corpus.SearchAsync("产业 园区");
        Assert.Contains("split", loose);
        var exact = await corpus.SearchAsync("\"工业园区\"");
        Assert.Equal(["park"], exact);
    }

    [Fact]
    public async Task Minus_term_excludes()
    {
        Assert.Contains("park", await corpus.SearchAsync("园区"));
        var results = await corpus.SearchAsync("园区 -边境");
        Assert.DoesNotContain("park", results);
        Assert.Contains("split", results);
    }

    [Fact]
    public async Task A_passage_with_the_users_own_word_outranks_one_with_only_a_synonym()
    {
        var results = await corpus.SearchAsync("工资");
        Assert.Equal("wage", results[0]);
        var synonymRank = results.IndexOf("pay");
        Assert.True(synonymRank > 0, $"the synonym passage should be found below the literal one: {string.Join(", ", results)}");

        var reverse = await corpus.SearchAsync("劳动报酬");
        Assert.Equal("pay", reverse[0]);
        Assert.Contains("wage", reverse);
    }
}
