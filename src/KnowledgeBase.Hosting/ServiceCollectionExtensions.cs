using KnowledgeBase.Configuration;
using KnowledgeBase.Hosting.Configuration;
using KnowledgeBase.Ingestion.Chunking;
using KnowledgeBase.Ingestion.Ocr;
using KnowledgeBase.Ingestion.Parsing;
using KnowledgeBase.Ingestion.Pipeline;
using KnowledgeBase.Retrieval;
using KnowledgeBase.Retrieval.Expansion;
using KnowledgeBase.Retrieval.Time;
using KnowledgeBase.Storage;
using KnowledgeBase.Storage.Embedded;
using KnowledgeBase.Text;
using KnowledgeBase.Text.Time;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace KnowledgeBase.Hosting;

/// <summary>Registers the knowledge base (analysis, store, retrieval, ingest) the same way for the CLI, the API and the worker.</summary>
public static class ServiceCollectionExtensions
{
    public static IServiceCollection AddKnowledgeBase(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection(KnowledgeBaseOptions.Section);
        services.Configure<KnowledgeBaseOptions>(section);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPostConfigureOptions<KnowledgeBaseOptions>>(new DataDirectoryResolution(Directory.GetCurrentDirectory())));
        services.Configure<TextAnalysisOptions>(section.GetSection("Text"));
        services.Configure<RetrievalOptions>(section.GetSection("Retrieval"));
        services.Configure<IngestOptions>(section.GetSection("Ingest"));
        services.Configure<TimeOptions>(section.GetSection(TimeOptions.Section));
        services.Configure<KnowledgeBase.Storage.Embedded.Lexical.LexicalOptions>(section.GetSection("Lexical"));
        services.AddSettingsValidation<KnowledgeBaseOptions, KnowledgeBaseOptionsValidation>();
        services.AddSettingsValidation<IngestOptions, IngestOptionsValidation>();
        services.AddSettingsValidation<RetrievalOptions, RetrievalOptionsValidation>();
        services.AddSettingsValidation<KnowledgeBase.Storage.Embedded.Lexical.LexicalOptions, LexicalOptionsValidation>();

        services.TryAddSingleton(sp => new ResourceFiles(sp.GetRequiredService<IOptions<TextAnalysisOptions>>().Value.ResourceDirectory));
        services.TryAddSingleton(sp => new CharNormalizer(ChineseVariants.Load(sp.GetRequiredService<ResourceFiles>())));
        services.TryAddSingleton(sp => new ChineseSegmenter(sp.GetRequiredService<ResourceFiles>(), sp.GetRequiredService<IOptions<TextAnalysisOptions>>().Value.UserDictionaries));
        services.TryAddSingleton(sp => StopWords.Load(sp.GetRequiredService<ResourceFiles>()));
        services.TryAddSingleton<TextAnalyzer>();
        services.TryAddSingleton<Highlighter>();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<TimeResolver>();
        services.TryAddSingleton<PassageTimeAnnotator>();
        services.TryAddSingleton<QueryTimeAnalyzer>();
        services.AddQueryUnderstanding(section);
        services.TryAddSingleton<QueryAnalyzer>();
        services.TryAddSingleton<SearchService>();

        services.TryAddSingleton(sp => new SqliteDatabase(sp.GetRequiredService<IOptions<KnowledgeBaseOptions>>().Value.DataDirectory));
        services.TryAddSingleton<SqliteKnowledgeStore>();
        services.TryAddSingleton<IKnowledgeStore>(sp => sp.GetRequiredService<SqliteKnowledgeStore>());
        services.AddSharedState(configuration);
        // Collection statistics for choosing among translations; registered with the store that can answer them.
        services.TryAddSingleton<ITermStatistics>(sp => sp.GetRequiredService<SqliteKnowledgeStore>());
        services.TryAddSingleton<TranslationSelector>();
        services.AddQdrantStoreIfConfigured(configuration);
        services.KeepSharedLedgerInStepIfNeeded(configuration);
        services.AddKnowledgeBaseEmbeddings(configuration);

        services.TryAddSingleton<PassageChunker>();
        services.TryAddSingleton<IngestPipeline>();
        services.AddDocumentParsers();
        services.AddOcr(section.GetSection("Ocr"));
        return services;
    }

    /// <summary>OCR of scanned and garbled pages: options (validated), the engine (loaded on first use), page images per format.</summary>
    public static IServiceCollection AddOcr(this IServiceCollection services, IConfiguration section)
    {
        services.AddOptions<OcrOptions>().Bind(section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<OcrOptions>, OcrOptionsValidator>());
        services.TryAddSingleton<PageRecognizer>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPageImageProvider, PdfPageImageProvider>());
        services.TryAddSingleton<OcrStage>();
        return services;
    }

    /// <summary>Every parser the ingest pipeline may pick from by sniffed format.</summary>
    public static IServiceCollection AddDocumentParsers(this IServiceCollection services)
    {
        services.TryAddSingleton<LibreOfficeConverter>();
        foreach (var type in typeof(IDocumentParser).Assembly.GetTypes()
                     .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IDocumentParser).IsAssignableFrom(t)))
            services.TryAddEnumerable(ServiceDescriptor.Singleton(typeof(IDocumentParser), type));
        return services;
    }
}
