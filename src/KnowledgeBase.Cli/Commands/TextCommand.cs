using System.CommandLine;
using System.Security.Cryptography;
using KnowledgeBase.Model;
using KnowledgeBase.Security;
using KnowledgeBase.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace KnowledgeBase.Cli.Commands;

/// <summary>
/// <c>kb text --data DIR PATH_OR_DOCUMENT_ID [--page N]</c>: the extracted text of a document, the text its passages were
/// cut from, so a reader can check what the ingest read (OCR, converted office files, OFD).
/// </summary>
internal static class TextCommand
{
    public static Command Create()
    {
        var data = CommonOptions.Data();
        var page = new Option<int?>("--page", "-p") { Description = "Print only this page (1-based).", HelpName = "N" };
        var target = new Argument<string>("PATH_OR_DOCUMENT_ID")
        {
            Description = "An ingested file (found by its path, or by its content if it was ingested under another name) or a document id as `kb search --json` prints it.",
        };
        var command = new Command("text", """
            Print a document's extracted text: every page, pages separated by a form feed (\f), or only --page N.
            This is exactly the text the passages were cut from and that page numbers and offsets refer to.
            """) { data, page, target };
        command.SetAction(async (result, cancellationToken) =>
        {
            var number = result.GetValue(page);
            if (number is < 1)
            {
                Console.Error.WriteLine("kb text: --page must be 1 or more");
                return ExitCodes.Error;
            }
            await using var services = CliHost.Build(result.GetValue(data)!);
            var store = services.GetRequiredService<IKnowledgeStore>();
            var ledger = services.GetRequiredService<IIngestLedger>();
            var wanted = result.GetValue(target)!;
            var document = await FindAsync(wanted, store, ledger, cancellationToken);
            if (document is null)
            {
                Console.Error.WriteLine($"kb text: {await WhyMissingAsync(wanted, ledger, cancellationToken)}");
                return ExitCodes.Error;
            }
            var pages = await store.GetPagesAsync(document.Id, AccessScope.Everything, number, cancellationToken);
            if (pages.Count == 0)
            {
                Console.Error.WriteLine($"kb text: {document.Title} has {document.PageCount} pages; there is no page {number}");
                return ExitCodes.Error;
            }
            await WriteAsync(Console.Out, pages);
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>Each page's text and a newline; a form feed before every page but the first (as pdftotext separates pages).</summary>
    internal static async Task WriteAsync(TextWriter output, IReadOnlyList<DocumentPage> pages)
    {
        for (var i = 0; i < pages.Count; i++)
        {
            if (i > 0) await output.WriteAsync('\f');
            await output.WriteAsync(pages[i].Text);
            await output.WriteAsync('\n');
        }
        await output.FlushAsync();
    }

    /// <summary>A document id first; then the file's recorded source; then any document holding the file's bytes.</summary>
    private static async Task<DocumentRecord?> FindAsync(string wanted, IKnowledgeStore store, IIngestLedger ledger, CancellationToken cancellationToken)
    {
        if (await store.GetDocumentAsync(wanted, AccessScope.Everything, cancellationToken) is { } byId) return byId;
        if (!File.Exists(wanted)) return null;
        var path = Path.GetFullPath(wanted);
        if (await ledger.GetSourceAsync(path, cancellationToken) is { } source
            && await store.GetDocumentAsync(source.DocumentId, AccessScope.Everything, cancellationToken) is { } bySource)
            return bySource;
        await using var file = File.OpenRead(path);
        var hash = Convert.ToHexStringLower(await SHA256.HashDataAsync(file, cancellationToken));
        return await store.FindByContentHashAsync(hash, AccessScope.Everything, cancellationToken);
    }

    private static async Task<string> WhyMissingAsync(string wanted, IIngestLedger ledger, CancellationToken cancellationToken)
    {
        if (!File.Exists(wanted)) return $"no document with id '{wanted}' and no file at that path";
        var path = Path.GetFullPath(wanted);
        var failure = (await ledger.GetFailuresAsync(int.MaxValue, cancellationToken)).FirstOrDefault(f => f.Source == path);
        return failure is null
            ? $"{wanted} has not been ingested into this data directory (run kb ingest)"
            : $"{wanted} could not be ingested: {failure.Reason}";
    }
}
