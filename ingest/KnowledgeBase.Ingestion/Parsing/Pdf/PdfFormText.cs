using UglyToad.PdfPig;
using UglyToad.PdfPig.AcroForms;
using UglyToad.PdfPig.AcroForms.Fields;
using UglyToad.PdfPig.Tokens;

namespace KnowledgeBase.Ingestion.Parsing;

/// <summary>
/// The visible text of a PDF's form fields, page by page: what was typed into text fields, the options chosen in lists,
/// and the captions of buttons. It is drawn on the page from the field's appearance, not from the page's own text, so
/// a text extractor that reads only the page misses it (pdftotext and viewers show it): a filled-in application form
/// read as blank, and a form-only page read as "no text". Hidden fields are left out.
/// </summary>
internal static class PdfFormText
{
    /// <summary>Annotation flags that keep a field off the page: Hidden (2) and NoView (32).</summary>
    private const int HiddenFlags = 2 | 32;

    /// <summary>The lines of field text on each page that has any, in the order the form lists its fields.</summary>
    public static IReadOnlyDictionary<int, IReadOnlyList<string>> Read(PdfDocument document)
    {
        AcroForm? form;
        try
        {
            if (!document.TryGetForm(out form) || form is null) return new Dictionary<int, IReadOnlyList<string>>();
        }
        catch (Exception e) when (e is not OperationCanceledException and not OutOfMemoryException and not InsufficientExecutionStackException)
        {
            // A damaged form costs its fields, not the document.
            return new Dictionary<int, IReadOnlyList<string>>();
        }

        var pages = new Dictionary<int, List<string>>();
        var pending = new Stack<AcroFieldBase>(form.Fields.Reverse());
        while (pending.Count > 0)
        {
            var field = pending.Pop();
            if (field is AcroNonTerminalField parent)
            {
                for (var i = parent.Children.Count - 1; i >= 0; i--) pending.Push(parent.Children[i]);
                continue;
            }
            if (field.PageNumber is not { } page || Hidden(field.Dictionary) || Text(field) is not { Length: > 0 } text) continue;
            if (!pages.TryGetValue(page, out var lines)) pages[page] = lines = [];
            lines.Add(text);
        }
        return pages.ToDictionary(p => p.Key, p => (IReadOnlyList<string>)p.Value);
    }

    private static string? Text(AcroFieldBase field) => (field switch
    {
        AcroTextField text => text.Value,
        AcroComboBoxField combo => string.Join("; ", combo.SelectedOptions),
        AcroListBoxField list => string.Join("; ", list.SelectedOptions),
        AcroPushButtonField button => Caption(button.Dictionary),
        _ => null,
    })?.ReplaceLineEndings(" ").Trim();

    /// <summary>A button's normal caption (<c>/MK /CA</c>), when the field and its widget share one dictionary.</summary>
    private static string? Caption(DictionaryToken dictionary) =>
        dictionary.TryGet(NameToken.Mk, out IToken appearance) && appearance is DictionaryToken characteristics
            && characteristics.TryGet(NameToken.Ca, out IToken caption) && caption is IDataToken<string> text
            ? text.Data
            : null;

    private static bool Hidden(DictionaryToken dictionary) =>
        dictionary.TryGet(NameToken.F, out IToken flags) && flags is NumericToken number && (number.Int & HiddenFlags) != 0;
}
