using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using KnowledgeBase.Model;

namespace KnowledgeBase.Bench;

/// <summary>
/// The documented, seeded generator of the query benchmark's corpus. Every passage is a random recombination of real
/// sentences of the sample corpus (see <see cref="CorpusText.Sentences"/>): sentences are drawn uniformly with
/// <c>new Random(seed)</c> until the passage reaches a length drawn uniformly from [C/2, 3C/2] (C =
/// <c>--passage-chars</c>). Documents hold <c>PassagesPerDocument</c> passages, five passages to a page; titles
/// and heading paths are prefixes of drawn sentences; metadata (year, organisation, type, visibility) are drawn from
/// small fixed lists (85% public, 10% internal, 5% restricted). The same seed, size and corpus give the same
/// passages in the same order, which is what makes the on-disk cache and the Lucene side comparable.
/// </summary>
internal sealed class SyntheticCorpus(IReadOnlyList<string> sentences, int seed, int passageChars, int passagesPerDocument)
{
    /// <summary>Bump when the generator changes, so cached stores are rebuilt.</summary>
    public const int GeneratorVersion = 1;
    private const int PassagesPerPage = 5;

    private static readonly string[] Organisations = ["崇左市政协", "广西壮族自治区政协", "国务院办公厅", "南宁市发展研究中心", "北部湾经济研究院", "区域合作智库"];
    private static readonly string[] Types = ["政策文件", "研究报告", "提案", "建议"];

    public IEnumerable<DocumentSubmission> Documents(int totalPassages)
    {
        var random = new Random(seed);
        var ingestedAt = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var made = 0;
        for (var d = 0; made < totalPassages; d++)
        {
            var count = Math.Min(passagesPerDocument, totalPassages - made);
            var id = "syn" + seed.ToString(CultureInfo.InvariantCulture) + "-" + d.ToString("D6", CultureInfo.InvariantCulture);
            var title = Prefix(Draw(random), random.Next(10, 24)).TrimEnd('，', '、', '：', '。') + (d % 3 == 0 ? "的研究报告" : "");
            var passages = new List<Passage>(count);
            var pages = new List<DocumentPage>();
            var page = new StringBuilder();
            var heading = "";
            for (var k = 0; k < count; k++)
            {
                if (k % 10 == 0) heading = $"第{k / 10 + 1}章 " + Prefix(Draw(random), random.Next(6, 14));
                var text = Passage(random);
                var pageNumber = k / PassagesPerPage + 1;
                if (k % PassagesPerPage == 0 && page.Length > 0) { pages.Add(new DocumentPage(pages.Count + 1, page.ToString())); page.Clear(); }
                if (page.Length > 0) page.Append('\n');
                var start = page.Length;
                page.Append(text);
                passages.Add(new Passage(KnowledgeBase.Model.Passage.MakeId(id, k), id, k, pageNumber, pageNumber, start, page.Length, heading, text));
            }
            pages.Add(new DocumentPage(pages.Count + 1, page.ToString()));
            var visibilityDraw = random.Next(100);
            var visibility = visibilityDraw < 85 ? Visibility.Public : visibilityDraw < 95 ? Visibility.Internal : Visibility.Restricted;
            var metadata = new DocumentMetadata
            {
                Title = title,
                Organisation = Organisations[random.Next(Organisations.Length)],
                Year = random.Next(1995, 2026),
                DocumentType = Types[random.Next(Types.Length)],
                Language = "zh",
                Visibility = visibility,
                SharedWith = visibility == Visibility.Restricted ? [Organisations[random.Next(Organisations.Length)]] : [],
            };
            var document = new DocumentRecord(id, title, $"synthetic://{seed}/{id}", Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(id))),
                "text/plain", pages.Count, passages.Count, metadata, ingestedAt);
            made += count;
            yield return new DocumentSubmission(document, pages, passages);
        }
    }

    private string Passage(Random random)
    {
        var target = random.Next(passageChars / 2, passageChars * 3 / 2 + 1);
        var sb = new StringBuilder(target + 100);
        while (sb.Length < target) sb.Append(Draw(random));
        return sb.ToString();
    }

    private string Draw(Random random) => sentences[random.Next(sentences.Count)];

    private static string Prefix(string s, int length) => s.Length <= length ? s : s[..length];
}
