namespace KnowledgeBase.Storage.Embedded.Lexical;

/// <summary>
/// The byte format of one postings block: per posting, the pid as a varint delta from the previous pid (the first
/// from the block's <c>first_pid</c>, so it is 0) followed by the weighted term frequency as a varint. Pids only grow,
/// so every delta is non-negative and most take one byte.
/// </summary>
internal static class PostingsCodec
{
    /// <summary>Appends the postings to <paramref name="output"/>; the first pid is the block's <c>first_pid</c>.</summary>
    public static void Encode(ReadOnlySpan<int> pids, ReadOnlySpan<int> frequencies, List<byte> output)
    {
        var previous = pids.Length > 0 ? pids[0] : 0;
        for (var i = 0; i < pids.Length; i++)
        {
            WriteVarint(output, (uint)(pids[i] - previous));
            WriteVarint(output, (uint)frequencies[i]);
            previous = pids[i];
        }
    }

    /// <summary>Encodes postings (pids ascending) as consecutive blocks of at most <paramref name="blockSize"/>, the last maybe partial.</summary>
    public static List<PostingsBlock> EncodeBlocks(ReadOnlySpan<int> pids, ReadOnlySpan<int> frequencies, int blockSize)
    {
        var blocks = new List<PostingsBlock>((pids.Length + blockSize - 1) / blockSize);
        var bytes = new List<byte>(blockSize * 3);
        for (var start = 0; start < pids.Length; start += blockSize)
        {
            var n = Math.Min(blockSize, pids.Length - start);
            bytes.Clear();
            Encode(pids.Slice(start, n), frequencies.Slice(start, n), bytes);
            blocks.Add(new PostingsBlock(pids[start], n, [.. bytes]));
        }
        return blocks;
    }

    /// <summary>
    /// Decodes a block of <paramref name="count"/> postings into the spans (which must hold at least
    /// <paramref name="count"/> items). Returns the number decoded.
    /// </summary>
    public static int Decode(ReadOnlySpan<byte> data, int firstPid, int count, Span<int> pids, Span<int> frequencies)
    {
        var position = 0;
        var pid = firstPid;
        pids = pids[..count];
        frequencies = frequencies[..count];
        for (var i = 0; i < count; i++)
        {
            // Most postings are a one-byte delta and a one-byte frequency; decode that pair without the varint loops
            // (the decode is most of what scoring a long list costs).
            if (position + 1 < data.Length && (data[position] | data[position + 1]) < 0x80)
            {
                pid += data[position];
                pids[i] = pid;
                frequencies[i] = data[position + 1];
                position += 2;
                continue;
            }
            pid += (int)ReadVarint(data, ref position);
            pids[i] = pid;
            frequencies[i] = (int)ReadVarint(data, ref position);
        }
        return count;
    }

    private static void WriteVarint(List<byte> output, uint value)
    {
        while (value >= 0x80)
        {
            output.Add((byte)(value | 0x80));
            value >>= 7;
        }
        output.Add((byte)value);
    }

    private static uint ReadVarint(ReadOnlySpan<byte> data, ref int position)
    {
        uint value = 0;
        var shift = 0;
        while (true)
        {
            var b = data[position++];
            value |= (uint)(b & 0x7F) << shift;
            if (b < 0x80) return value;
            shift += 7;
        }
    }
}
