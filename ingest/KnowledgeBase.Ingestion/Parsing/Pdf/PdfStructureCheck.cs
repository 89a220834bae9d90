using UglyToad.PdfPig;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Tokens;

namespace KnowledgeBase.Ingestion.Parsing;

/// <summary>What <see cref="PdfStructureCheck"/> found in a PDF's page tree.</summary>
/// <param name="NestedTooDeeply">
/// Page tree nodes and resource dictionaries PdfPig could not read because arrays or dictionaries in them nest deeper
/// than it allows (<see cref="PdfStructureCheck.MaxObjectNesting"/>); in lenient mode it replaces such a page by an
/// empty one, which would otherwise pass for a page without text.
/// </param>
/// <param name="FormDepth">
/// The longest chain of drawings (form XObjects) drawing one another that a page's resources reach; the walk stops
/// counting just past <see cref="PdfStructureCheck.MaxFormNesting"/>.
/// </param>
internal sealed record PdfStructure(int NestedTooDeeply, int FormDepth)
{
    public bool FormsTooDeep => FormDepth > PdfStructureCheck.MaxFormNesting;
}

/// <summary>
/// Walks a PDF's page tree and the drawings its pages' resources reach, without drawing anything, to find structures
/// PdfPig cannot take: drawings nested so deep that drawing a page would recurse through them one stack frame each
/// (4,000 levels, a 760 KB file, overflowed the stack and killed the process), and objects nested past PdfPig's own
/// limit, which it silently reads as empty pages. The walk is iterative, visits each object once and stops early.
/// </summary>
internal static class PdfStructureCheck
{
    /// <summary>
    /// Deepest chain of drawings a page may draw. Real documents nest a few levels (a page, its logo, the logo's parts);
    /// PDFium stops at 40.
    /// </summary>
    public const int MaxFormNesting = 100;

    /// <summary>PdfPig's limit on nested arrays and dictionaries in one object.</summary>
    public const int MaxObjectNesting = 256;

    private static readonly NameToken XObject = NameToken.Create("XObject");

    public static PdfStructure Inspect(PdfDocument document, CancellationToken cancellationToken)
    {
        var walk = new Walk(document.Structure, cancellationToken);
        walk.PageTree();
        return new PdfStructure(walk.NestedTooDeeply, walk.FormDepth);
    }

    private sealed class Walk(Structure structure, CancellationToken cancellationToken)
    {
        private readonly HashSet<IndirectReference> _nodes = [];
        private readonly HashSet<IndirectReference> _resources = [];
        /// <summary>Depth of each drawing already measured (0 for XObjects that are not drawings, such as images).</summary>
        private readonly Dictionary<IndirectReference, int> _formDepth = [];
        private int _steps;

        public int NestedTooDeeply { get; private set; }
        public int FormDepth { get; private set; }

        public void PageTree()
        {
            if (!structure.Catalog.CatalogDictionary.TryGet(NameToken.Pages, out IToken root)) return;
            var pending = new Stack<IToken>();
            pending.Push(root);
            while (pending.Count > 0 && FormDepth <= MaxFormNesting)
            {
                if (Resolve(pending.Pop(), _nodes) is not DictionaryToken node) continue;
                if (node.TryGet(NameToken.Kids, out IToken kidsToken) && Resolve(kidsToken) is ArrayToken kids)
                {
                    foreach (var kid in kids.Data) pending.Push(kid);
                }
                if (node.TryGet(NameToken.Resources, out IToken resources) && Resolve(resources, _resources) is DictionaryToken dictionary)
                {
                    foreach (var form in Drawings(dictionary)) Measure(form);
                }
            }
        }

        /// <summary>The XObjects a resource dictionary names (drawings and images alike).</summary>
        private IEnumerable<IndirectReference> Drawings(DictionaryToken resources) =>
            resources.TryGet(XObject, out IToken token) && Resolve(token) is DictionaryToken xobjects
                ? xobjects.Data.Values.OfType<IndirectReferenceToken>().Select(t => t.Data).ToList()
                : [];

        /// <summary>The XObjects a drawing's own resources name, or null when the object is not a drawing.</summary>
        private List<IndirectReference>? Children(IndirectReference reference)
        {
            if (Resolve(new IndirectReferenceToken(reference)) is not StreamToken stream) return null;
            var dictionary = stream.StreamDictionary;
            if (!dictionary.TryGet(NameToken.Subtype, out IToken subtype) || !NameToken.Form.Equals(subtype)) return null;
            return dictionary.TryGet(NameToken.Resources, out IToken resources) && Resolve(resources) is DictionaryToken own
                ? Drawings(own).ToList()
                : [];
        }

        /// <summary>Depth-first over the drawings below <paramref name="root"/>, with an explicit stack; stops past the limit.</summary>
        private void Measure(IndirectReference root)
        {
            if (_formDepth.ContainsKey(root)) return;
            if (Children(root) is not { } rootChildren)
            {
                _formDepth[root] = 0;
                return;
            }
            var path = new Stack<Frame>();
            var onPath = new HashSet<IndirectReference> { root };
            path.Push(new Frame(root, rootChildren));
            while (path.Count > 0)
            {
                if (path.Count > MaxFormNesting)
                {
                    FormDepth = Math.Max(FormDepth, path.Count);
                    return;
                }
                var top = path.Peek();
                if (top.Next < top.Children.Count)
                {
                    var child = top.Children[top.Next++];
                    if (_formDepth.TryGetValue(child, out var known)) top.Deepest = Math.Max(top.Deepest, known);
                    // A drawing that draws itself, directly or round a loop, is cut short by PdfPig: no depth added.
                    else if (onPath.Contains(child)) continue;
                    else if (Children(child) is { } grandchildren)
                    {
                        path.Push(new Frame(child, grandchildren));
                        onPath.Add(child);
                    }
                    else _formDepth[child] = 0;
                    continue;
                }
                path.Pop();
                onPath.Remove(top.Reference);
                var depth = top.Deepest + 1;
                _formDepth[top.Reference] = depth;
                FormDepth = Math.Max(FormDepth, depth);
                if (path.Count > 0) path.Peek().Deepest = Math.Max(path.Peek().Deepest, depth);
            }
        }

        /// <summary>
        /// The object a token stands for; null when it cannot be read, or was seen before when <paramref name="seen"/>
        /// is given (loops in the page tree, resources shared by many pages).
        /// </summary>
        private IToken? Resolve(IToken token, HashSet<IndirectReference>? seen = null)
        {
            if ((++_steps & 1023) == 0) cancellationToken.ThrowIfCancellationRequested();
            if (token is not IndirectReferenceToken reference) return token;
            if (seen is not null && !seen.Add(reference.Data)) return null;
            try
            {
                return structure.GetObject(reference.Data)?.Data;
            }
            catch (PdfDocumentStackDepthException)
            {
                NestedTooDeeply++;
                return null;
            }
            catch (Exception e) when (e is not OperationCanceledException and not OutOfMemoryException)
            {
                // A missing or damaged object is the parser's business; this walk only measures what it can read.
                return null;
            }
        }

        private sealed class Frame(IndirectReference reference, List<IndirectReference> children)
        {
            public IndirectReference Reference { get; } = reference;
            public List<IndirectReference> Children { get; } = children;
            public int Next { get; set; }
            public int Deepest { get; set; }
        }
    }
}
