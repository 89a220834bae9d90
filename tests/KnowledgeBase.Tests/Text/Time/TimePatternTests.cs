using KnowledgeBase.Text;
using KnowledgeBase.Text.Time;

namespace KnowledgeBase.Tests.Text.Time;

/// <summary>
/// The time pattern table, row by row: each case names the row that must resolve it, the text, the anchor year (the
/// document's date; null = none), the expression marked and the years it means. Cases that must not resolve follow.
/// </summary>
public sealed class TimePatternTests
{
    private static readonly TimeResolver Resolver = new(new CharNormalizer(new Dictionary<char, char> { ['過'] = '过', ['來'] = '来', ['屆'] = '届', ['國'] = '国', ['會'] = '会', ['議'] = '议' }));

    public static TheoryData<string, string, int?, string, int, int> Cases => new()
    {
        // year-range
        { "year-range", "2016至2018年经济年均增长", null, "2016至2018年", 2016, 2018 },
        { "year-range", "从2016年到2018年", null, "2016年到2018年", 2016, 2018 },
        { "year-range", "雄安新区总体规划（2018—2035年）", null, "2018—2035年", 2018, 2035 },
        { "year-range", "“十四五”规划（2021－2025年）", null, "2021－2025年", 2021, 2025 },
        // year
        { "year", "2025年政府工作报告", null, "2025年", 2025, 2025 },
        { "year", "截至２０２４年末", null, "２０２４年末", 2024, 2024 },
        { "year", "1840 年以后", null, "1840 年", 1840, 1840 },
        // year-spaced-digits
        { "year-spaced-digits", "1 9 9 7 年国内生产总值", null, "1 9 9 7 年", 1997, 1997 },
        // year-chinese-digits
        { "year-chinese-digits", "一九九八年长江特大洪水", null, "一九九八年", 1998, 1998 },
        { "year-chinese-digits", "二〇二五年", null, "二〇二五年", 2025, 2025 },
        { "year-chinese-digits", "一九八○年的水平", null, "一九八○年", 1980, 1980 },
        // year-two-digits
        { "year-two-digits", "98年3月成立", 2005, "98年", 1998, 1998 },
        { "year-two-digits", "于08年完成", 2010, "08年", 2008, 2008 },
        // year-two-chinese-digits
        { "year-two-chinese-digits", "九八年抗洪", 2000, "九八年", 1998, 1998 },
        { "year-two-chinese-digits", "〇八年奥运会", 2010, "〇八年", 2008, 2008 },
        // this-year
        { "this-year", "今年赤字率拟按4%左右安排", 2025, "今年", 2025, 2025 },
        { "this-year", "本年度预算", 2019, "本年度", 2019, 2019 },
        { "this-year", "今年以来", 2019, "今年以来", 2019, 2019 },
        // last-year
        { "last-year", "去年春天，我国遭遇了一场非典疫情", 2004, "去年", 2003, 2003 },
        { "last-year", "上年度结转资金", 2020, "上年度", 2019, 2019 },
        { "last-year", "去年底", 2020, "去年底", 2019, 2019 },
        { "last-year", "去年上半年", 2020, "去年上半年", 2019, 2019 },
        { "last-year", "去年以来", 2020, "去年以来", 2019, 2020 },
        // past-year
        { "past-year", "过去一年，我国发展历程很不平凡", 2025, "过去一年", 2024, 2024 },
        { "past-year", "一年来，面对外部压力加大", 2025, "一年来", 2024, 2024 },
        { "past-year", "過去一年", 2025, "過去一年", 2024, 2024 },
        // year-before-last
        { "year-before-last", "前年发生的洪灾", 2000, "前年", 1998, 1998 },
        // next-year
        { "next-year", "明年将全面实施", 2015, "明年", 2016, 2016 },
        { "next-year", "下一年度的计划", 2015, "下一年度", 2016, 2016 },
        // year-after-next
        { "year-after-next", "后年建成通车", 2015, "后年", 2017, 2017 },
        // past-years
        { "past-years", "过去五年，我们是一步一个脚印走过来的", 2018, "过去五年", 2013, 2017 },
        { "past-years", "五年来，经济实力跃上新台阶", 2018, "五年来", 2013, 2017 },
        { "past-years", "近五年", 2023, "近五年", 2018, 2022 },
        { "past-years", "十年来", 2023, "十年来", 2013, 2022 },
        { "past-years", "过去3年", 2023, "过去3年", 2020, 2022 },
        // coming-years
        { "coming-years", "今后五年，我国经济增长预期目标", 2011, "今后五年", 2011, 2015 },
        { "coming-years", "未来三年", 2024, "未来三年", 2024, 2026 },
        // part-of-year
        { "part-of-year", "年末城镇调查失业率5.5%", 2023, "年末", 2023, 2023 },
        { "part-of-year", "上半年经济运行", 2021, "上半年", 2021, 2021 },
        { "part-of-year", "年初确定的目标任务", 2019, "年初", 2019, 2019 },
        // decade
        { "decade", "九十年代初", 2025, "九十年代初", 1990, 1993 },
        { "decade", "九十年代中期", 2025, "九十年代中期", 1993, 1996 },
        { "decade", "八十年代末", null, "八十年代末", 1987, 1989 },
        { "decade", "上世纪八十年代", 2025, "上世纪八十年代", 1980, 1989 },
        { "decade", "本世纪二十年代", 2025, "本世纪二十年代", 2020, 2029 },
        { "decade", "二十年代", 2025, "二十年代", 2020, 2029 },
        { "decade", "90年代", 2025, "90年代", 1990, 1999 },
        { "decade", "二十世纪五十年代", null, "二十世纪五十年代", 1950, 1959 },
        // decade-of-year
        { "decade-of-year", "1980年代后期", null, "1980年代后期", 1985, 1989 },
        // century-part
        { "century-part", "到本世纪末国民生产总值翻两番", 1990, "本世纪末", 1990, 2000 },
        { "century-part", "下世纪中叶基本实现现代化", 1997, "下世纪中叶", 2040, 2060 },
        { "century-part", "21世纪初", null, "21世纪初", 2000, 2009 },
        // five-year-plan
        { "five-year-plan", "提出了“十一五”时期经济社会发展的主要目标", null, "十一五", 2006, 2010 },
        { "five-year-plan", "十四五规划", null, "十四五", 2021, 2025 },
        { "five-year-plan", "“十五五”", null, "十五五", 2026, 2030 },
        { "five-year-plan", "“十五”计划", null, "十五", 2001, 2005 },
        { "five-year-plan", "“一五”", null, "一五", 1953, 1957 },
        { "five-year-plan", "顺利完成了“八五”计划", null, "八五", 1991, 1995 },
        { "five-year-plan", "“三五”时期", null, "三五", 1966, 1970 },
        // numbered-five-year-plan
        { "numbered-five-year-plan", "第一个五年计划最后一年的指标", null, "第一个五年计划", 1953, 1957 },
        { "numbered-five-year-plan", "第六个五年计划", null, "第六个五年计划", 1981, 1985 },
        // npc-session
        { "npc-session", "第十四届全国人民代表大会第三次会议关于政府工作报告的决议", null, "第十四届全国人民代表大会第三次会议", 2025, 2025 },
        { "npc-session", "按照十三届全国人大五次会议批准的政府工作报告安排", null, "十三届全国人大五次会议", 2022, 2022 },
        { "npc-session", "全国人大十届四次会议", null, "全国人大十届四次会议", 2006, 2006 },
        { "npc-session", "第二届全国人民代表大会第三次会议", null, "第二届全国人民代表大会第三次会议", 1962, 1962 },
        { "npc-session", "第十一屆全國人大第一次會議", null, "第十一屆全國人大第一次會議", 2008, 2008 },
        // cppcc-session
        { "cppcc-session", "全国政协十届四次会议第4626号提案", null, "全国政协十届四次会议", 2006, 2006 },
        { "cppcc-session", "政协第十四届全国委员会第二次会议", null, "政协第十四届全国委员会第二次会议", 2024, 2024 },
        // npc-term
        { "npc-term", "第十三届全国人大常委会", null, "第十三届全国人大", 2018, 2022 },
        { "npc-term", "第一届全国人民代表大会", null, "第一届全国人民代表大会", 1954, 1958 },
        // party-congress
        { "party-congress", "党的十八大以来", 2020, "党的十八大以来", 2012, 2020 },
        { "party-congress", "中国共产党第十四次全国代表大会", null, "中国共产党第十四次全国代表大会", 1992, 1992 },
        { "party-congress", "党的二十大", null, "党的二十大", 2022, 2022 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Each_row_resolves_its_forms(string pattern, string text, int? anchor, string marked, int from, int to)
    {
        var mentions = Resolver.Resolve(text, anchor);
        var mention = Assert.Single(mentions, m => m.Text == marked);
        Assert.Equal(pattern, mention.Pattern);
        Assert.Equal(new YearSpan(from, to), mention.Years);
        Assert.Equal(marked, text[mention.Start..mention.End]);
    }

    [Fact]
    public void Every_row_of_the_table_has_cases()
    {
        var tested = Cases.Select(c => c.Data.Item1).ToHashSet();
        var untested = TimePatterns.All.Select(p => p.Name).Where(name => !tested.Contains(name)).ToList();
        Assert.Equal([], untested);
        Assert.Equal(TimePatterns.All.Count, TimePatterns.All.Select(p => p.Name).Distinct().Count());
    }

    public static TheoryData<string, int?> NotTimes => new()
    {
        { "三五年内基本建成", 2020 },           // three to five years
        { "七八年时间", 2020 },                 // seven or eight years
        { "已有20年", 2020 },                   // twenty years, not 2020
        { "1000年的历史", null },               // a count
        { "比上年增长7.4%", 2015 },             // a comparison with the year under review
        { "今后年均增长", 2015 },               // 今后 + 年均
        { "一五一十地说明", null },             // an idiom, not the first plan
        { "十五年来", null },                   // relative without an anchor
        { "今年", null },                       // the same
        { "成本年均下降", 2020 },
        { "全国人民代表大会常务委员会第三十次会议", null }, // standing-committee sessions are not numbered by year
    };

    [Theory]
    [MemberData(nameof(NotTimes))]
    public void Counts_comparisons_and_unanchored_relatives_are_not_resolved(string text, int? anchor) =>
        Assert.Empty(Resolver.Resolve(text, anchor));

    [Fact]
    public void A_range_is_one_mention_not_two_years()
    {
        var mention = Assert.Single(Resolver.Resolve("2016至2018年", null));
        Assert.Equal(new YearSpan(2016, 2018), mention.Years);
    }

    [Fact]
    public void A_passage_with_several_expressions_gets_each_with_its_offsets()
    {
        const string text = "今年赤字率拟按4%左右安排、比上年提高1个百分点，过去五年累计减税，2025年底前完成。";
        var mentions = Resolver.Resolve(text, 2025);
        Assert.Equal(["今年 (2025)", "过去五年 (2020–2024)", "2025年底 (2025)"], mentions.Select(m => m.Label));
        Assert.All(mentions, m => Assert.Equal(m.Text, text[m.Start..m.End]));
    }
}
