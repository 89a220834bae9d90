using KnowledgeBase.Embeddings;

namespace KnowledgeBase.Tests.Embeddings;

public sealed class EmbedderSpecTests
{
    [Theory]
    [InlineData(null, EmbedderKind.None, null, null)]
    [InlineData("none", EmbedderKind.None, null, null)]
    [InlineData("MiniLM", EmbedderKind.MiniLm, null, null)]
    [InlineData("onnx:/models/bge-m3", EmbedderKind.Onnx, "/models/bge-m3", null)]
    [InlineData("openai:http://localhost:11434/v1#bge-m3", EmbedderKind.OpenAi, "http://localhost:11434/v1", "bge-m3")]
    [InlineData("openai:https://dashscope.aliyuncs.com/compatible-mode/v1#text-embedding-v3", EmbedderKind.OpenAi, "https://dashscope.aliyuncs.com/compatible-mode/v1", "text-embedding-v3")]
    public void Parses_every_accepted_form(string? text, EmbedderKind kind, string? location, string? model)
    {
        Assert.Equal(new EmbedderSpec(kind, location, model), EmbedderSpec.Parse(text));
    }

    [Theory]
    [InlineData("onnx:")]
    [InlineData("openai:http://localhost:11434/v1")]
    [InlineData("openai:localhost#m")]
    [InlineData("bert")]
    public void Rejects_malformed_specs_with_the_accepted_forms(string text)
    {
        var e = Assert.Throws<FormatException>(() => EmbedderSpec.Parse(text));
        Assert.Contains("openai:BASE_URL#MODEL", e.Message);
    }
}
