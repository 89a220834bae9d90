using Microsoft.AspNetCore.StaticFiles;

namespace KnowledgeBase.Api;

/// <summary>
/// How the page's files in wwwroot are served. The vendored PDF.js (wwwroot/vendor/pdfjs) loads ES modules (.mjs, which
/// browsers run only with a JavaScript type), binary CMaps (.bcmap) and Type 1 fonts (.pfb); unknown extensions are
/// otherwise not served at all.
/// </summary>
public static class StaticContent
{
    public static StaticFileOptions Options()
    {
        var types = new FileExtensionContentTypeProvider();
        types.Mappings[".mjs"] = "text/javascript";
        types.Mappings[".bcmap"] = "application/octet-stream";
        types.Mappings[".pfb"] = "application/octet-stream";
        return new StaticFileOptions { ContentTypeProvider = types };
    }
}
