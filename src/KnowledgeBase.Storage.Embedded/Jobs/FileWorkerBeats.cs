using System.Text.Json;
using KnowledgeBase.Configuration;
using KnowledgeBase.Jobs;
using Microsoft.Extensions.Options;

namespace KnowledgeBase.Storage.Embedded.Jobs;

/// <summary>
/// Worker heartbeats as one small JSON file per worker in <c>DATA/workers/</c>: the processes of one host share the
/// data directory already (queue, originals, staged uploads), and a file needs no write lock in the database, which
/// ingest keeps busy. Each beat is written to a temporary file and renamed into place, so a reader never sees half of one.
/// </summary>
public sealed class FileWorkerBeats(IOptions<KnowledgeBaseOptions> options) : IWorkerBeats
{
    public const string FolderName = "workers";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public string Folder { get; } = Path.Combine(options.Value.DataDirectory, FolderName);

    private string PathFor(string workerId) =>
        Path.Combine(Folder, string.Concat(workerId.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' ? c : '_')) + ".json");

    public async Task PublishAsync(WorkerBeat beat, CancellationToken cancellationToken = default)
    {
        var path = PathFor(beat.WorkerId);
        Directory.CreateDirectory(Folder);
        var temp = path + ".tmp";
        await File.WriteAllBytesAsync(temp, JsonSerializer.SerializeToUtf8Bytes(beat, Json), cancellationToken);
        File.Move(temp, path, overwrite: true);
    }

    public Task RemoveAsync(string workerId, CancellationToken cancellationToken = default)
    {
        try { File.Delete(PathFor(workerId)); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        return Task.CompletedTask;
    }

    public async Task<IReadOnlyList<WorkerBeat>> ReadAllAsync(DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        if (!Directory.Exists(Folder)) return [];
        var beats = new List<WorkerBeat>();
        foreach (var file in Directory.EnumerateFiles(Folder, "*.json"))
        {
            try
            {
                var beat = JsonSerializer.Deserialize<WorkerBeat>(await File.ReadAllBytesAsync(file, cancellationToken), Json);
                if (beat is null) continue;
                if (now - beat.BeatAt <= WorkerBeat.Forgotten) beats.Add(beat);
                // Dead for long: tidy up, so the folder does not grow with every restart.
                else File.Delete(file);
            }
            // A file being replaced, or left half-written by a crash: the next read sees the next beat.
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException) { }
        }
        return beats;
    }
}
