using KnowledgeBase.Retrieval.Time;
using KnowledgeBase.Text;
using KnowledgeBase.Text.Time;

namespace KnowledgeBase.Tests.Text.Time;

/// <summary>A clock that always says the same day, so relative expressions in queries resolve the same in every run.</summary>
public sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;
}

/// <summary>Query-side time: years, ranges, 今年/去年 against the injected clock, when-questions, plan or outcome.</summary>
public sealed class QueryTimeTests
{
    private static readonly QueryTimeAnalyzer Analyzer = new(new TimeResolver(CharNormalizer.WidthAndCaseOnly), new FixedClock(new DateTimeOffset(2026, 12, 2, 8, 0, 0, TimeSpan.Zero)));

    [Fact]
    public void A_year_in_the_question_is_its_span_and_its_year_word()
    {
        var time = Analyzer.Analyze("2016年国内生产总值增长了多少？");
        Assert.Equal(YearSpan.Year(2016), time.Span);
        Assert.False(time.AsksForDate);
        Assert.Equal(TimeAspect.Outcome, time.Aspect);
        Assert.Equal(["2016年"], time.YearWords.Select(m => m.Text));
        Assert.Equal("     国内生产总值增长了多少？", QueryTimeAnalyzer.WithoutYearWords("2016年国内生产总值增长了多少？", time));
    }

    [Fact]
    public void Relative_words_resolve_against_today()
    {
        Assert.Equal(YearSpan.Year(2025), Analyzer.Analyze("去年赤字率拟按多少安排").Span);
        Assert.Equal(YearSpan.Year(2026), Analyzer.Analyze("今年的就业目标").Span);
        Assert.Equal(new YearSpan(2021, 2025), Analyzer.Analyze("过去五年脱贫成果").Span);
    }

    [Fact]
    public void Ranges_decades_and_plan_periods_give_spans_but_named_periods_stay_words()
    {
        Assert.Equal(new YearSpan(2016, 2018), Analyzer.Analyze("2016至2018年经济年均增长").Span);
        Assert.Equal(new YearSpan(1990, 1993), Analyzer.Analyze("九十年代初的价格改革").Span);
        var plan = Analyzer.Analyze("十一五时期经济社会发展的主要目标");
        Assert.Equal(new YearSpan(2006, 2010), plan.Span);
        Assert.Empty(plan.YearWords);
    }

    [Theory]
    [InlineData("我国哪一年正式加入世界贸易组织？")]
    [InlineData("南水北调中线一期工程什么时候通水？")]
    [InlineData("青藏铁路何时全线通车")]
    public void Each_way_of_asking_when_asks_for_a_stated_date(string question)
    {
        var time = Analyzer.Analyze(question);
        Assert.True(time.AsksForDate);
        Assert.Null(time.Span);
        Assert.True(Analyzer.Constraint(time)!.AnyStated);
    }

    [Fact]
    public void A_question_without_time_has_no_constraint()
    {
        var time = Analyzer.Analyze("农村义务教育阶段免除学杂费");
        Assert.Null(time.Span);
        Assert.False(time.AsksForDate);
        Assert.Null(Analyzer.Constraint(time));
    }

    [Fact]
    public void A_question_asking_when_prefers_no_span_and_keeps_its_years_as_words()
    {
        var time = Analyzer.Analyze("北京哪一年赢得2008年奥运会举办权？");
        Assert.True(time.AsksForDate);
        Assert.Null(time.Span);
        Assert.Empty(time.YearWords);
        var constraint = Analyzer.Constraint(time);
        Assert.NotNull(constraint);
        Assert.True(constraint.AnyStated);
        Assert.Null(constraint.StatedIn);
    }

    [Theory]
    [InlineData("2019年赤字率拟按多少安排？", TimeAspect.Plan, 2019, 2019)]
    [InlineData("2014年经济增长的预期目标定为多少？", TimeAspect.Plan, 2014, 2014)]
    [InlineData("2016年国内生产总值增长了多少？", TimeAspect.Outcome, 2017, 2017)]
    [InlineData("2022年全年经济增长情况", TimeAspect.Outcome, 2023, 2023)]
    [InlineData("2021年粮食产量是多少？", TimeAspect.Any, 2021, 2022)]
    [InlineData("2008年国际金融危机后政府推出的四万亿投资计划", TimeAspect.Any, 2008, 2009)]
    public void Plans_are_answered_by_documents_of_their_year_outcomes_by_those_after(string query, TimeAspect aspect, int from, int to)
    {
        var time = Analyzer.Analyze(query);
        Assert.Equal(aspect, time.Aspect);
        Assert.Equal(new YearSpan(from, to), Analyzer.Constraint(time)!.DocumentIn);
    }

    [Fact]
    public void A_statement_may_be_at_most_twice_as_long_as_the_question_span()
    {
        Assert.Equal(2, Analyzer.Constraint(Analyzer.Analyze("2008年投资"))!.StatedSpanAtMost);
        Assert.Equal(10, Analyzer.Constraint(Analyzer.Analyze("2013至2017年投资"))!.StatedSpanAtMost);
    }

    /// <summary>The analyser as search uses it: with the query's words, which tell 危机后 (after) from 落后 (lagging).</summary>
    private static QueryTime Read(string query) => Analyzer.Analyze(query, TestServices.Analyzer.Segments);

    [Theory]
    [InlineData("2008年国际金融危机后政府推出的四万亿投资计划", 2008, 2010)]
    [InlineData("2015年以后棚户区改造的进展", 2015, 2017)]
    [InlineData("1998年特大洪水之后的水利建设", 1998, 2000)]
    [InlineData("2013年精准扶贫以来的成就", 2013, 2026)]
    [InlineData("2008年淘汰落后产能", 2008, 2008)]
    [InlineData("2008年的投资，危机后的调整", 2008, 2008)]
    [InlineData("2008年投资与2010年以后的调整", 2008, 2012)]
    public void A_year_whose_clause_ends_in_after_or_since_spans_the_years_that_follow(string query, int from, int to)
    {
        Assert.Equal(new YearSpan(from, to), Read(query).Span);
        // Without the words only the expressions count.
        Assert.Equal(from, Analyzer.Analyze(query).Span!.Value.From);
    }

    [Theory]
    [InlineData("十一五时期经济社会发展的主要目标", TimeAspect.Plan, 2006, 2006)]
    [InlineData("“十五”计划时期取得的成就", TimeAspect.Outcome, 2006, 2006)]
    [InlineData("十三五期间脱贫攻坚的情况", TimeAspect.Outcome, 2021, 2021)]
    [InlineData("十二五时期的城镇化", TimeAspect.Any, 2011, 2016)]
    [InlineData("2013至2017年经济增长的预期目标", TimeAspect.Plan, 2013, 2017)]
    public void A_five_year_plan_is_set_out_in_its_first_years_report_and_reviewed_in_the_next(string query, TimeAspect aspect, int from, int to)
    {
        var time = Read(query);
        Assert.Equal(aspect, time.Aspect);
        Assert.Equal(new YearSpan(from, to), Analyzer.Constraint(time)!.DocumentIn);
    }

    [Fact]
    public void A_passages_own_time_is_checked_against_the_span_asked_about()
    {
        Assert.Equal(YearSpan.Year(2013), Analyzer.Constraint(Read("2013年国内生产总值增长了多少？"))!.OwnTimeIn);
        var off = new QueryTimeAnalyzer(new TimeResolver(CharNormalizer.WidthAndCaseOnly), new FixedClock(new DateTimeOffset(2026, 12, 2, 8, 0, 0, TimeSpan.Zero)),
            Microsoft.Extensions.Options.Options.Create(new KnowledgeBase.Configuration.TimeOptions { OwnTimeFirst = false }));
        Assert.Null(off.Constraint(off.Analyze("2013年国内生产总值增长了多少？"))!.OwnTimeIn);
    }

    [Fact]
    public void A_plan_named_in_quotes_is_read_through_the_query_syntax()
    {
        var query = new KnowledgeBase.Retrieval.QueryAnalyzer(TestServices.Analyzer, [], timeAnalyzer: Analyzer).Analyze("“十二五”规划的主要目标", TestContext.Current.CancellationToken);
        Assert.Equal(new YearSpan(2011, 2015), query.Time.Span);
        Assert.Equal(YearSpan.Year(2011), query.Retrieval.Time!.DocumentIn);
        // The quoted plan stays a phrase and a word of the query.
        Assert.Equal(["十二五"], query.Parsed.SoftPhrases);
        Assert.Contains("十二五", query.Retrieval.Words);
    }

    [Fact]
    public void A_query_without_time_has_none_and_relative_words_follow_the_clock()
    {
        Assert.Same(QueryTime.None, Analyzer.Analyze("沿边产业园区政策"));
        var later = new QueryTimeAnalyzer(new TimeResolver(CharNormalizer.WidthAndCaseOnly), new FixedClock(new DateTimeOffset(2031, 1, 5, 0, 0, 0, TimeSpan.Zero)));
        Assert.Equal(YearSpan.Year(2030), later.Analyze("去年赤字率").Span);
    }
}
