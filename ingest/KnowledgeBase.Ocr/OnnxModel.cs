using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace KnowledgeBase.Ocr;

/// <summary>One ONNX model with a single image input and a single output, run on the CPU with a fixed thread budget.</summary>
internal sealed class OnnxModel : IDisposable
{
    private readonly InferenceSession _session;
    private readonly string _input;

    public OnnxModel(string path, int threads)
    {
        using var options = new SessionOptions
        {
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            IntraOpNumThreads = threads,
            InterOpNumThreads = 1,
            // The arena keeps the largest activations ever seen (a full page's detection) for the life of the worker;
            // without it, memory goes back after each page at a small cost in speed.
            EnableCpuMemArena = false,
        };
        // No spinning threads waiting for work between runs: the worker shares the machine.
        options.AddSessionConfigEntry("session.intra_op.allow_spinning", "0");
        _session = new InferenceSession(path, options);
        _input = _session.InputMetadata.Keys.First();
    }

    /// <summary>
    /// Runs the model on an NCHW tensor; returns the output values and shape. Cancellation stops the run inside ONNX
    /// Runtime (its terminate flag), so a page-time limit holds even in the middle of a large detection.
    /// </summary>
    public (float[] Values, int[] Shape) Run(float[] input, int[] shape, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var tensor = new DenseTensor<float>(input, shape);
        using var runOptions = new RunOptions();
        using var registration = cancellationToken.Register(() => runOptions.Terminate = true);
        try
        {
            using var results = _session.Run([NamedOnnxValue.CreateFromTensor(_input, tensor)], _session.OutputNames, runOptions);
            var output = results.First().AsTensor<float>();
            var values = output is DenseTensor<float> dense ? dense.Buffer.ToArray() : output.ToArray();
            return (values, output.Dimensions.ToArray());
        }
        catch (OnnxRuntimeException) when (cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException(cancellationToken);
        }
    }

    public void Dispose() => _session.Dispose();
}
