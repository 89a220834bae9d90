namespace KnowledgeBase.Storage.Embedded.Vectors;

/// <summary>The vector index holds vectors of another model (or size) than the configured embedder produces.</summary>
public sealed class VectorModelMismatchException(string indexModel, int indexDimension, string runModel, int runDimension)
    : InvalidOperationException($"the vector index was built with {indexModel} ({indexDimension} dims); this run uses {runModel} ({runDimension} dims); " +
                                "run `kb reindex --embeddings` to re-embed all passages with the configured model")
{
    public string IndexModel { get; } = indexModel;
    public int IndexDimension { get; } = indexDimension;
    public string RunModel { get; } = runModel;
    public int RunDimension { get; } = runDimension;
}
