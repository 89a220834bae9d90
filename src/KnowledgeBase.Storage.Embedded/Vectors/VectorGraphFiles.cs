using Microsoft.Extensions.Logging;

namespace KnowledgeBase.Storage.Embedded.Vectors;

/// <summary>
/// The saved HNSW graphs beside the database: <c>vectors-EPOCH-SEQ.usearch</c>, the graph as it stood at vector sequence
/// number SEQ of epoch EPOCH (<see cref="VectorRows"/>). A process that starts loads the newest file of the current
/// epoch and replays the changes after its SEQ instead of rebuilding the graph (a minute at 100k vectors). Only the
/// latest file is kept; a save writes a temporary file and renames it, so a crash never leaves half a graph under the name.
/// </summary>
internal sealed class VectorGraphFiles(string directory, ILogger logger)
{
    private const string Pattern = "vectors-*.usearch";

    /// <summary>The newest saved graph of <paramref name="epoch"/> taken at or before <paramref name="maxSeq"/>, or null.</summary>
    public (string Path, long Seq)? Latest(long epoch, long maxSeq)
    {
        (string, long)? best = null;
        foreach (var file in Directory.EnumerateFiles(directory, Pattern))
        {
            var parts = Path.GetFileNameWithoutExtension(file).Split('-');
            if (parts.Length != 3 || !long.TryParse(parts[1], out var e) || e != epoch || !long.TryParse(parts[2], out var seq)) continue;
            if (seq <= maxSeq && (best is null || seq > best.Value.Item2)) best = (file, seq);
        }
        return best;
    }

    /// <summary>Saves <paramref name="graph"/> as the graph at (<paramref name="epoch"/>, <paramref name="seq"/>) and removes older files. False when it could not be written.</summary>
    public bool Save(HnswVectorIndex graph, long epoch, long seq)
    {
        var name = $"vectors-{epoch}-{seq}.usearch";
        var path = Path.Combine(directory, name);
        var temp = path + ".tmp";
        try
        {
            graph.Save(temp);
            File.Move(temp, path, overwrite: true);
            foreach (var old in Directory.EnumerateFiles(directory, Pattern).Where(f => Path.GetFileName(f) != name))
                TryDelete(old);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            logger.LogWarning("Could not save the vector graph to {Path}: {Reason}", path, e.Message);
            TryDelete(temp);
            return false;
        }
    }

    /// <summary>Removes every saved graph (all vectors were replaced).</summary>
    public void DeleteAll()
    {
        foreach (var file in Directory.EnumerateFiles(directory, Pattern)) TryDelete(file);
    }

    private static void TryDelete(string path)
    {
        try { File.Delete(path); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
