using System.IO.Compression;
using System.Text;

namespace KnowledgeBase.Tests.Parsing;

/// <summary>Writes small OFD packages for the parser tests: OFD.xml, one Document.xml and the parts the test names.</summary>
internal sealed class OfdBuilder
{
    public const string Ns = "http://www.ofdspec.org/2016";

    private readonly List<string> _pages = [];
    private readonly Dictionary<string, string> _parts = new(StringComparer.Ordinal);
    private string _docInfo = "<ofd:DocID>test</ofd:DocID>";
    private string _commonExtra = "";
    private string _documentExtra = "";

    /// <summary>A page whose Content.xml body (inside ofd:Page) is <paramref name="pageBody"/>; returns its ID.</summary>
    public string AddPage(string pageBody, string? id = null)
    {
        id ??= (100 + _pages.Count).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var path = $"Pages/Page_{_pages.Count}/Content.xml";
        _pages.Add($"<ofd:Page ID=\"{id}\" BaseLoc=\"{path}\"/>");
        _parts[$"Doc_0/{path}"] = Xml($"<ofd:Page xmlns:ofd=\"{Ns}\">{pageBody}</ofd:Page>");
        return id;
    }

    public OfdBuilder DocInfo(string inner) { _docInfo = inner; return this; }
    public OfdBuilder CommonData(string inner) { _commonExtra += inner; return this; }
    public OfdBuilder DocumentElement(string inner) { _documentExtra += inner; return this; }
    public OfdBuilder Part(string path, string xml) { _parts[path] = xml; return this; }

    /// <summary>A text object at (x, y) mm whose characters step by <paramref name="step"/> mm.</summary>
    public static string TextObject(double x, double y, string text, double size = 5, double step = 5, string extra = "") =>
        FormattableString.Invariant($"<ofd:TextObject ID=\"1\" Boundary=\"{x} {y} {step * text.Length} {size * 1.2}\" Font=\"1\" Size=\"{size}\"{extra}><ofd:TextCode X=\"0\" Y=\"{size}\" DeltaX=\"g {Math.Max(0, text.Length - 1)} {step}\">{Escape(text)}</ofd:TextCode></ofd:TextObject>");

    public static string Content(params string[] objects) => $"<ofd:Content><ofd:Layer ID=\"2\">{string.Concat(objects)}</ofd:Layer></ofd:Content>";

    public byte[] Build()
    {
        using var stream = new MemoryStream();
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
        {
            Add(zip, "OFD.xml", Xml($"<ofd:OFD xmlns:ofd=\"{Ns}\" Version=\"1.0\" DocType=\"OFD\"><ofd:DocBody><ofd:DocInfo>{_docInfo}</ofd:DocInfo><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>"));
            Add(zip, "Doc_0/Document.xml", Xml($"<ofd:Document xmlns:ofd=\"{Ns}\"><ofd:CommonData><ofd:PageArea><ofd:PhysicalBox>0 0 210 297</ofd:PhysicalBox></ofd:PageArea><ofd:PublicRes>PublicRes.xml</ofd:PublicRes>{_commonExtra}</ofd:CommonData><ofd:Pages>{string.Concat(_pages)}</ofd:Pages>{_documentExtra}</ofd:Document>"));
            if (!_parts.ContainsKey("Doc_0/PublicRes.xml"))
                Add(zip, "Doc_0/PublicRes.xml", Xml($"<ofd:Res xmlns:ofd=\"{Ns}\" BaseLoc=\"Res\"><ofd:Fonts><ofd:Font ID=\"1\" FontName=\"宋体\"/></ofd:Fonts></ofd:Res>"));
            foreach (var (path, xml) in _parts) Add(zip, path, xml);
        }
        return stream.ToArray();
    }

    private static string Xml(string body) => "<?xml version=\"1.0\" encoding=\"UTF-8\"?>" + body;

    private static string Escape(string text) => text.Replace("&", "&amp;").Replace("<", "&lt;");

    private static void Add(ZipArchive zip, string path, string text)
    {
        using var entry = zip.CreateEntry(path).Open();
        entry.Write(Encoding.UTF8.GetBytes(text));
    }
}
