using System.Text;
using KnowledgeBase.Retrieval;
using KnowledgeBase.Storage.Embedded.Time;
using Microsoft.Data.Sqlite;

namespace KnowledgeBase.Storage.Embedded.Lexical;

/// <summary>
/// The passages a <see cref="SearchFilter"/> admits, as a bit per pid, for the scoring loop to consult: computed with
/// <see cref="SqlFilter.Build"/> (the one definition of who sees what) over documents and their pid ranges, and cached
/// per (filter, epoch, generation). A passage-year constraint (<see cref="SearchFilter.PassageYears"/>) narrows the set to
/// the passages its <c>#y</c> postings list. Null stands for "every passage" (a caller who sees everything, no other constraint),
/// which needs no check at all.
/// </summary>
internal sealed class AllowedPassages
{
    private const int MaxEntries = 64;
    private readonly Lock _lock = new();
    private readonly Dictionary<string, ulong[]> _cache = new(StringComparer.Ordinal);
    private (string Epoch, long Generation) _cachedAt;

    /// <summary>
    /// The admitted set as of the connection's snapshot. <paramref name="snapshotIsView"/> says whether that snapshot is
    /// the view's generation; only then may the set be cached (or served from the cache) under the view's generation —
    /// a set computed from an older snapshot could admit a document hidden since.
    /// </summary>
    public ulong[]? For(SqliteConnection connection, SearchFilter filter, LengthsView view, bool snapshotIsView)
    {
        if (AdmitsEverything(filter)) return null;
        if (!snapshotIsView) return Compute(connection, filter, view.PidLimit);
        var key = Key(filter);
        lock (_lock)
        {
            if (_cachedAt != (view.Epoch, view.Generation))
            {
                _cache.Clear();
                _cachedAt = (view.Epoch, view.Generation);
            }
            if (_cache.TryGetValue(key, out var cached)) return cached;
        }
        var bits = Compute(connection, filter, view.PidLimit);
        lock (_lock)
        {
            if (_cachedAt == (view.Epoch, view.Generation))
            {
                if (_cache.Count >= MaxEntries) _cache.Clear();
                _cache[key] = bits;
            }
        }
        return bits;
    }

    public static bool IsAllowed(ulong[] bits, int pid) => (uint)(pid >> 6) < (uint)bits.Length && (bits[pid >> 6] & (1UL << pid)) != 0;

    private static ulong[] Compute(SqliteConnection connection, SearchFilter filter, int pidLimit)
    {
        var bits = new ulong[(pidLimit + 63) >> 6];
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT d.pid_start, d.pid_end FROM documents d WHERE d.pid_start IS NOT NULL AND {SqlFilter.Build(filter, command)}";
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            var end = (int)Math.Min(reader.GetInt64(1), pidLimit);
            for (var pid = (int)reader.GetInt64(0); pid < end; pid++) bits[pid >> 6] |= 1UL << pid;
        }
        if (filter.PassageYears.Count > 0) KeepOnly(bits, PassageYearPostings.Pids(connection, filter.PassageYears));
        return bits;
    }

    /// <summary>Clears every bit but those of the ascending <paramref name="pids"/>.</summary>
    private static void KeepOnly(ulong[] bits, int[] pids)
    {
        var kept = new ulong[bits.Length];
        foreach (var pid in pids)
        {
            if ((uint)(pid >> 6) >= (uint)kept.Length) break;
            kept[pid >> 6] |= 1UL << pid;
        }
        for (var w = 0; w < bits.Length; w++) bits[w] &= kept[w];
    }

    private static bool AdmitsEverything(SearchFilter f) =>
        f.Access.SeesEverything && f.YearFrom is null && f.YearTo is null && f.Organisations.Count == 0 && f.DocumentTypes.Count == 0 &&
        f.Tags.Count == 0 && string.IsNullOrEmpty(f.Language) && string.IsNullOrEmpty(f.DocumentId) && f.PassageYears.Count == 0;

    /// <summary>Every field of the filter, unambiguously (lists are compared by content, not by reference as record equality would).</summary>
    private static string Key(SearchFilter f)
    {
        var key = new StringBuilder();
        void Add(string? value) => key.Append(value?.Length ?? -1).Append(':').Append(value).Append('|');
        Add(f.Access.SeesEverything ? "E" : f.Access.SeesInternal ? "I" : "P");
        Add(f.Access.Organisation);
        Add(f.YearFrom?.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Add(f.YearTo?.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Add(f.Language);
        Add(f.DocumentId);
        foreach (var list in new[] { f.Organisations, f.DocumentTypes, f.Tags })
        {
            key.Append(list.Count).Append('#');
            foreach (var item in list) Add(item);
        }
        key.Append(f.PassageYears.Count).Append('#');
        foreach (var year in f.PassageYears) Add(year.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return key.ToString();
    }
}
