namespace KnowledgeBase.Storage.Embedded.Lexical;

/// <summary>Intersection of ascending pid lists: walks the shortest and advances a cursor in each of the others.</summary>
internal static class SortedIntersection
{
    /// <summary>The pids present in every list, ascending (each list ascending; none may be empty for a non-empty result).</summary>
    public static IEnumerable<int> Of(IReadOnlyList<int[]> lists)
    {
        if (lists.Count == 0) yield break;
        var ordered = lists.OrderBy(l => l.Length).ToList();
        var cursors = new int[ordered.Count];
        foreach (var pid in ordered[0])
        {
            var inAll = true;
            for (var l = 1; l < ordered.Count && inAll; l++)
            {
                var other = ordered[l];
                var c = cursors[l];
                while (c < other.Length && other[c] < pid) c++;
                cursors[l] = c;
                inAll = c < other.Length && other[c] == pid;
            }
            if (inAll) yield return pid;
        }
    }
}
