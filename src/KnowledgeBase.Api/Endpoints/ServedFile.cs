namespace KnowledgeBase.Api.Endpoints;

/// <summary>
/// How an original file is served so that nothing in it can run in the app's origin, whoever uploaded it and whoever
/// opens it. Every format except PDF is served with <c>Content-Security-Policy: sandbox</c> (a unique opaque origin: no
/// script, no forms, no access to this server's cookies or storage); formats a browser would render as an active
/// document (HTML) or cannot show (Word) are downloads rather than pages. PDFs stay inline without a sandbox because
/// Chromium's PDF viewer refuses sandboxed documents; a PDF cannot be rendered as HTML here (its type comes from
/// sniffing the bytes and is sent with <c>nosniff</c>), and the browsers' viewers run PDF script, if at all, isolated
/// from the page's origin.
/// </summary>
/// <param name="Inline">Shown in the browser (<c>Content-Disposition: inline</c>) rather than downloaded.</param>
/// <param name="ContentSecurityPolicy">The policy sent with the file, or null for none.</param>
public sealed record ServedFile(bool Inline, string? ContentSecurityPolicy)
{
    /// <summary>No script, no plug-ins, no requests; inline styles and data: images only so that text renders legibly.</summary>
    public const string Sandbox = "sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'";

    public static ServedFile For(string mediaType) => mediaType switch
    {
        "application/pdf" => new ServedFile(Inline: true, ContentSecurityPolicy: null),
        "text/plain" or "text/markdown" => new ServedFile(Inline: true, Sandbox),
        _ => new ServedFile(Inline: false, Sandbox),
    };
}
