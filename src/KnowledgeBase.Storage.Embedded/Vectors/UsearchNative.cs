using System.Runtime.InteropServices;

namespace KnowledgeBase.Storage.Embedded.Vectors;

/// <summary>
/// Direct calls into USearch's C library (<c>libusearch_c</c>, shipped by the Cloud.Unum.USearch package).
/// The package's C# class cannot set the search expansion (ef), filter during search, or use threads; the
/// library exports all of that, so the index is driven through these entry points instead.
/// Layouts and enum values follow the 2.26 C header (<c>usearch.h</c>).
/// </summary>
internal static partial class UsearchNative
{
    private const string Library = "libusearch_c";

    internal enum MetricKind : uint { Unknown = 0, Cos = 1, Ip = 2, L2sq = 3 }

    internal enum ScalarKind : uint { Unknown = 0, F32 = 1, F64 = 2, F16 = 3, I8 = 4, B1 = 5, BF16 = 6 }

    [StructLayout(LayoutKind.Sequential)]
    internal struct InitOptions
    {
        public MetricKind MetricKind;
        public IntPtr Metric;
        public ScalarKind Quantization;
        public nuint Dimensions;
        public nuint Connectivity;
        public nuint ExpansionAdd;
        public nuint ExpansionSearch;
        /// <summary>C <c>bool</c>: whether one key may hold several vectors (never here).</summary>
        public byte Multi;
    }

    [LibraryImport(Library)]
    internal static partial IntPtr usearch_init(ref InitOptions options, out IntPtr error);

    [LibraryImport(Library)]
    internal static partial void usearch_free(IntPtr index, out IntPtr error);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial void usearch_save(IntPtr index, string path, out IntPtr error);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial void usearch_load(IntPtr index, string path, out IntPtr error);

    [LibraryImport(Library)]
    internal static partial nuint usearch_size(IntPtr index, out IntPtr error);

    [LibraryImport(Library)]
    internal static partial nuint usearch_capacity(IntPtr index, out IntPtr error);

    [LibraryImport(Library)]
    internal static partial void usearch_reserve(IntPtr index, nuint capacity, out IntPtr error);

    [LibraryImport(Library)]
    internal static unsafe partial void usearch_add(IntPtr index, ulong key, float* vector, ScalarKind kind, out IntPtr error);

    [LibraryImport(Library)]
    internal static partial nuint usearch_remove(IntPtr index, ulong key, out IntPtr error);

    [LibraryImport(Library)]
    internal static unsafe partial nuint usearch_filtered_search(IntPtr index, float* query, ScalarKind kind, nuint count,
        delegate* unmanaged[Cdecl]<ulong, IntPtr, int> filter, IntPtr filterState, ulong* keys, float* distances, out IntPtr error);

    [LibraryImport(Library)]
    internal static unsafe partial nuint usearch_search(IntPtr index, float* query, ScalarKind kind, nuint count, ulong* keys, float* distances, out IntPtr error);

    [LibraryImport(Library)]
    internal static partial void usearch_change_expansion_search(IntPtr index, nuint expansion, out IntPtr error);

    [LibraryImport(Library)]
    internal static partial void usearch_change_expansion_add(IntPtr index, nuint expansion, out IntPtr error);

    [LibraryImport(Library)]
    internal static partial void usearch_change_threads_add(IntPtr index, nuint threads, out IntPtr error);

    [LibraryImport(Library)]
    internal static partial void usearch_change_threads_search(IntPtr index, nuint threads, out IntPtr error);

    /// <summary>Throws when a call reported an error (USearch returns a static C string, not to be freed).</summary>
    internal static void Check(IntPtr error, string operation)
    {
        if (error != IntPtr.Zero) throw new InvalidOperationException($"USearch {operation} failed: {Marshal.PtrToStringUTF8(error)}");
    }
}
