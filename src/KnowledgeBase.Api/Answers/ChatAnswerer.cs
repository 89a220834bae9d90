using System.Text;
using KnowledgeBase.Retrieval;
using Microsoft.Extensions.Options;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;
using Microsoft.SemanticKernel.Connectors.OpenAI;

namespace KnowledgeBase.Api.Answers;

/// <summary>
/// Asks the configured OpenAI-compatible chat model (DeepSeek, Qwen, Ollama …, through Semantic Kernel) to answer
/// from the numbered passages only, citing them as [n]. The caller verifies the citations.
/// </summary>
public sealed class ChatAnswerer
{
    private readonly ChatOptions _options;
    private readonly Lazy<IChatCompletionService> _chat;

    public ChatAnswerer(IOptions<ChatOptions> options)
    {
        _options = options.Value;
        _chat = new Lazy<IChatCompletionService>(() =>
        {
#pragma warning disable SKEXP0010 // custom endpoints are marked experimental in the OpenAI connector
            var kernel = Kernel.CreateBuilder()
                .AddOpenAIChatCompletion(_options.Model, new Uri(_options.Endpoint!), _options.ApiKey ?? "not-needed",
                    httpClient: new HttpClient { Timeout = _options.Timeout })
                .Build();
#pragma warning restore SKEXP0010
            return kernel.GetRequiredService<IChatCompletionService>();
        });
    }

    public bool IsConfigured => _options.IsConfigured;

    public async Task<string> AskAsync(string question, IReadOnlyList<SearchHit> passages, CancellationToken cancellationToken)
    {
        var history = new ChatHistory("""
            你是政协智库知识库的助手。只根据用户给出的编号材料回答问题，不要使用材料以外的知识。
            每一句话后面用 [n] 标注它所依据的材料编号（n 必须是给出的编号之一）。材料不足以回答时，直接说明。
            Answer in the language of the question, briefly (at most five sentences).
            """);
        var prompt = new StringBuilder("材料 / Passages:\n");
        for (var i = 0; i < passages.Count; i++)
            prompt.Append('[').Append(i + 1).Append("] ").Append(passages[i].Title).Append(", p.").Append(passages[i].Page).Append(": ")
                .Append(passages[i].Passage.ReplaceLineEndings(" ")).Append('\n');
        prompt.Append("\n问题 / Question: ").Append(question);
        history.AddUserMessage(prompt.ToString());
        var reply = await _chat.Value.GetChatMessageContentAsync(history, new OpenAIPromptExecutionSettings { Temperature = 0 }, cancellationToken: cancellationToken);
        return reply.Content ?? "";
    }
}
