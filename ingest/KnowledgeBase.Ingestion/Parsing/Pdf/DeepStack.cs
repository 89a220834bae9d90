using System.Runtime.ExceptionServices;

namespace KnowledgeBase.Ingestion.Parsing;

/// <summary>
/// Runs a piece of PDF reading on a thread of its own with a deep stack. PdfPig walks the page tree (when it opens a
/// file) and a form's field tree recursively, one stack frame per level; on a thread-pool thread (1.5–8 MB of stack,
/// depending on the platform) a page tree 43,000 levels deep — a 4 MB file — overflowed the stack, which no handler
/// can catch: the whole process died. On <see cref="StackBytes"/> the same walk reaches about 1.3 million levels, by
/// when PdfPig holds gigabytes for the tree. The memory is reserved, not used, until a walk goes that deep.
/// </summary>
internal static class DeepStack
{
    public const int StackBytes = 256 * 1024 * 1024;

    public static T Run<T>(Func<T> work)
    {
        T result = default!;
        ExceptionDispatchInfo? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                result = work();
            }
            catch (Exception e)
            {
                failure = ExceptionDispatchInfo.Capture(e);
            }
        }, StackBytes)
        {
            IsBackground = true,
            Name = "kb-pdf-deep-stack",
        };
        thread.Start();
        thread.Join();
        failure?.Throw();
        return result;
    }
}
