using System.Text.RegularExpressions;

namespace KnowledgeBase.Ingestion.Parsing;

/// <summary>Short paragraphs that are page furniture on Chinese and English sites: breadcrumbs, copyright, ICP numbers, print/close links.</summary>
internal static partial class HtmlBoilerplate
{
    /// <summary>Longer paragraphs are content even if they mention these words.</summary>
    private const int MaxLength = 120;

    public static bool IsBoilerplate(string paragraph) =>
        paragraph.Length <= MaxLength && Pattern().IsMatch(paragraph);

    [GeneratedRegex(
        @"^(?:当前位置|您的位置|您现在的位置|现在位置|所在位置|位置)\s*[:：]|^首页\s*[>›»/]|(?:\S\s*[>›»]\s*){2,}正文\s*$|版权所有|copyright\s*(?:©|\(c\)|&copy;)?|©\s*\d{4}|ICP[备证]|公网安备|" +
        @"打印本页|打印此页|【\s*打印\s*】|\[\s*打印\s*\]|关闭窗口|【\s*关闭\s*】|\[\s*关闭\s*\]|扫一扫在手机打开|手机打开当前页|字体\s*[:：]?\s*[【\[]?\s*大\s*[】\]]?\s*[【\[]?\s*中|" +
        @"分享到|责任编辑\s*[:：]|主办单位\s*[:：]|承办单位\s*[:：]|技术支持\s*[:：]|网站地图|联系我们|设为首页|加入收藏|^(?:上一篇|下一篇)\s*[:：]|浏览次数|点击数\s*[:：]|阅读次数|" +
        @"^\s*(?:skip to (?:main )?content|back to top|print this page|share this)\s*$",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
