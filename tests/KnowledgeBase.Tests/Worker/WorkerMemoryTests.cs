using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using KnowledgeBase.Ingestion.Parsing;
using KnowledgeBase.Storage.Embedded;
using Microsoft.Data.Sqlite;
using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Fonts.Standard14Fonts;
using UglyToad.PdfPig.Writer;

namespace KnowledgeBase.Tests.Worker;

/// <summary>
/// Peak memory of the real worker process on a 2,000-page PDF (generated with PdfPig's builder), read from
/// /proc/PID/status VmHWM while it runs, and from the worker's own final log line. Target: under 1 GiB.
/// </summary>
[Trait("Category", "Slow")]
[Collection(nameof(WorkerProcessCollection))]
public sealed partial class WorkerMemoryTests(ITestOutputHelper output)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private const int Pages = 2000;
    private const long OneGiBKiB = 1024 * 1024;

    [Fact]
    public async Task Worker_stays_under_one_gibibyte_on_a_two_thousand_page_PDF()
    {
        if (!OperatingSystem.IsLinux()) Assert.Skip("VmHWM is read from /proc (Linux only)");
        WorkerTestSupport.RequireParsers(FileFormat.Pdf);
        var root = TestServices.TempDirectory();
        var data = Path.Combine(root, "data");
        var inbox = Path.Combine(root, "inbox");
        Directory.CreateDirectory(inbox);
        var pdf = Path.Combine(inbox, "two-thousand-pages.pdf");
        var generate = Stopwatch.StartNew();
        File.WriteAllBytes(pdf, BuildPdf(Pages));
        File.SetLastWriteTimeUtc(pdf, DateTime.UtcNow.AddMinutes(-1));
        output.WriteLine($"generated {Pages}-page PDF: {new FileInfo(pdf).Length / 1048576.0:F1} MiB in {generate.Elapsed.TotalSeconds:F1}s");

        var clock = Stopwatch.StartNew();
        using var worker = WorkerProcess.Start(["--data", data, "--watch", inbox, "--once"],
            new Dictionary<string, string> { ["KB_KnowledgeBase__Worker__WatchStableFor"] = "00:00:00.500" });
        long peakKiB = 0;
        while (!worker.HasExited && clock.Elapsed < TimeSpan.FromMinutes(6))
        {
            peakKiB = worker.SamplePeakKiB();
            await Task.Delay(100, Ct);
        }
        Assert.True(await worker.WaitForExitAsync(TimeSpan.FromSeconds(30)), "the worker did not finish the PDF:\n" + worker.Log);
        var logged = PeakLine().Match(worker.Log);
        var loggedMiB = logged.Success ? long.Parse(logged.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
        var peakMiB = Math.Max(peakKiB / 1024, loggedMiB);
        output.WriteLine($"worker on {Pages}-page PDF: VmHWM sampled {peakKiB / 1024} MiB, peak logged by the worker {loggedMiB} MiB, {clock.Elapsed.TotalSeconds:F1}s");
        Console.WriteLine($"memory test: {Pages} pages, peak {peakMiB} MiB, {clock.Elapsed.TotalSeconds:F1}s");

        using (var connection = new SqliteConnection($"Data Source={Path.Combine(data, SqliteDatabase.FileName)};Mode=ReadOnly;Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT (SELECT max(page_count) FROM documents), (SELECT group_concat(state || ':' || coalesce(error, '')) FROM jobs)";
            using var reader = command.ExecuteReader();
            reader.Read();
            Assert.True(!reader.IsDBNull(0) && reader.GetInt32(0) == Pages, $"the PDF was not ingested: {(reader.IsDBNull(1) ? "no job" : reader.GetString(1))}");
        }
        Assert.True(peakKiB > 0 || loggedMiB > 0, "no memory figure could be read");
        Assert.True(peakMiB * 1024 < OneGiBKiB, $"peak working set {peakMiB} MiB is over 1 GiB");
    }

    /// <summary>A text PDF with <paramref name="pages"/> pages of a few English sentences each (the standard fonts have no Han glyphs).</summary>
    private static byte[] BuildPdf(int pages)
    {
        var builder = new PdfDocumentBuilder();
        var font = builder.AddStandard14Font(Standard14Font.Helvetica);
        for (var n = 1; n <= pages; n++)
        {
            var page = builder.AddPage(PageSize.A4);
            page.AddText($"Section {n}. Regional development report, page {n} of {pages}.", 14, new PdfPoint(50, 790), font);
            for (var line = 0; line < 10; line++)
                page.AddText($"Line {line + 1}: the committee reviewed proposal {n * 10 + line} on border industrial parks and land supply.", 10,
                    new PdfPoint(50, 760 - line * 16), font);
        }
        return builder.Build();
    }

    [GeneratedRegex(@"peak working set (\d+) MiB")]
    private static partial Regex PeakLine();
}
