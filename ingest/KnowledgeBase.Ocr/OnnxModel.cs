using Microsoft.ML.OnnxRuntime;

namespace KnowledgeBase.Ocr;

/// <summary>Reads a model's output while ONNX Runtime still holds it (values row-major, and the output's shape).</summary>
internal delegate T OutputReader<out T>(ReadOnlySpan<float> values, long[] shape);

/// <summary>One ONNX model with a single image input and a single output, run on the CPU with a fixed thread budget.</summary>
internal sealed class OnnxModel : IDisposable
{
    private readonly InferenceSession _session;
    private readonly string[] _input;
    private readonly string[] _output;

    public OnnxModel(string path, int threads)
    {
        using var options = new SessionOptions
        {
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            IntraOpNumThreads = threads,
            InterOpNumThreads = 1,
            // The arena keeps the largest activations ever seen (a full page's detection) for the life of the worker;
            // without it, memory goes back after each page at no measurable cost in speed.
            EnableCpuMemArena = false,
        };
        // No spinning threads waiting for work between runs: the worker shares the machine.
        options.AddSessionConfigEntry("session.intra_op.allow_spinning", "0");
        _session = new InferenceSession(path, options);
        _input = [_session.InputMetadata.Keys.First()];
        _output = [_session.OutputMetadata.Keys.First()];
    }

    /// <summary>
    /// Runs the model on the first <paramref name="length"/> values of <paramref name="input"/> (NCHW, of
    /// <paramref name="shape"/>) and hands the output to <paramref name="read"/> without copying it: the recogniser's
    /// output is time steps × 6,625 probabilities, megabytes a line. Cancellation stops the run inside ONNX Runtime
    /// (its terminate flag), so a page-time limit holds even in the middle of a large detection.
    /// </summary>
    public T Run<T>(float[] input, int length, long[] shape, OutputReader<T> read, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var runOptions = new RunOptions();
        using var registration = cancellationToken.Register(() => runOptions.Terminate = true);
        try
        {
            using var value = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, new Memory<float>(input, 0, length), shape);
            using var results = _session.Run(runOptions, _input, [value], _output);
            var output = results[0];
            return read(output.GetTensorDataAsSpan<float>(), output.GetTensorTypeAndShape().Shape);
        }
        catch (OnnxRuntimeException) when (cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException(cancellationToken);
        }
    }

    public void Dispose() => _session.Dispose();
}
