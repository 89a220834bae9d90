namespace KnowledgeBase.Ocr.Recognition;

/// <summary>
/// The recogniser's output classes as PaddleOCR builds them from its key file: class 0 is the CTC blank, then one
/// class per line of the key file, then a space (<c>use_space_char</c>).
/// </summary>
public sealed class CharacterSet
{
    private readonly string[] _classes;

    public CharacterSet(IEnumerable<string> keys)
    {
        _classes = ["", .. keys, " "];
    }

    /// <summary>Reads a key file: one character per line, UTF-8.</summary>
    public static CharacterSet Load(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"OCR character list not found: {path}", path);
        return new CharacterSet(File.ReadAllLines(path).Select(l => l.TrimEnd('\r', '\n')));
    }

    /// <summary>Number of classes including the blank.</summary>
    public int Count => _classes.Length;

    /// <summary>The text of a class; the blank is empty.</summary>
    public string this[int index] => _classes[index];
}
