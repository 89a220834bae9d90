using System.Globalization;
using KnowledgeBase.Model;
using KnowledgeBase.Retrieval;
using KnowledgeBase.Storage.Qdrant;
using KnowledgeBase.Text.Time;
using Microsoft.Extensions.Options;
using Qdrant.Client;
using Qdrant.Client.Grpc;
using static KnowledgeBase.Tests.Stores.StoreCorpus;

namespace KnowledgeBase.Tests.Stores;

/// <summary>
/// Request-mapping tests: they check the gRPC requests the Qdrant store SENDS (recorded by <see cref="RecordingCallInvoker"/>)
/// and how it reads canned answers. They prove nothing about Qdrant's own filtering or ranking — that is
/// <see cref="QdrantStoreBehaviour"/>'s job against a real server.
/// </summary>
public sealed class QdrantRequestMappingTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static (QdrantKnowledgeStore Store, RecordingCallInvoker Invoker) Create(QdrantOptions? options = null)
    {
        var invoker = new RecordingCallInvoker();
        var client = new QdrantClient(new QdrantGrpcClient(invoker));
        return (new QdrantKnowledgeStore(client, TestServices.Analyzer, Options.Create(options ?? new QdrantOptions { Collection = "kb_test" })), invoker);
    }

    [Fact]
    public async Task Creates_the_collection_with_idf_sparse_vectors_and_no_dense_vector_without_an_embedder()
    {
        var (store, invoker) = Create();
        await store.EnsureCollectionAsync(Ct);

        var create = Assert.Single(invoker.Requests<CreateCollection>());
        Assert.Equal("kb_test", create.CollectionName);
        Assert.Equal(["bigrams", "words"], create.SparseVectorsConfig.Map.Keys.Order());
        Assert.All(create.SparseVectorsConfig.Map.Values, v => Assert.Equal(Modifier.Idf, v.Modifier));
        Assert.Null(create.VectorsConfig);
        Assert.False(create.HasShardNumber);
        Assert.False(create.HasReplicationFactor);
        Assert.Equal(QdrantCollectionSchema.Version, create.Metadata[QdrantCollectionSchema.MetaSchema].IntegerValue);
    }

    [Fact]
    public async Task Passes_cluster_settings_and_the_dense_vector_through_on_creation()
    {
        var (store, invoker) = Create(new QdrantOptions
        {
            Collection = "kb_big", ShardNumber = 6, ReplicationFactor = 2, WriteConsistencyFactor = 2, DenseVectorSize = 1024, EmbeddingModel = "bge-m3",
        });
        await store.EnsureCollectionAsync(Ct);

        var create = Assert.Single(invoker.Requests<CreateCollection>());
        Assert.Equal((6u, 2u, 2u), (create.ShardNumber, create.ReplicationFactor, create.WriteConsistencyFactor));
        var dense = create.VectorsConfig.ParamsMap.Map["dense"];
        Assert.Equal((1024ul, Distance.Cosine), (dense.Size, dense.Distance));
        Assert.Equal("bge-m3", create.Metadata[QdrantCollectionSchema.MetaModel].StringValue);
    }

    [Fact]
    public async Task Creates_a_payload_index_for_every_filtered_field()
    {
        var (store, invoker) = Create();
        await store.EnsureCollectionAsync(Ct);

        var indexes = invoker.Requests<CreateFieldIndexCollection>().ToDictionary(r => r.FieldName);
        foreach (var field in new[] { "kind", "document_id", "generation", "content_hash", "visibility", "shared_with", "owner_org", "organisation", "doc_type", "tags", "language" })
            Assert.Equal(FieldType.Keyword, indexes[field].FieldType);
        foreach (var field in new[] { "year", "time_document_year", "time_years", "time_year_spans" })
            Assert.Equal(FieldType.Integer, indexes[field].FieldType);
        Assert.Equal(FieldType.Bool, indexes["pending_review"].FieldType);
        var text = indexes["phrase_text"];
        Assert.Equal(FieldType.Text, text.FieldType);
        Assert.True(text.FieldIndexParams.TextIndexParams.PhraseMatching);
        Assert.Equal(TokenizerType.Whitespace, text.FieldIndexParams.TextIndexParams.Tokenizer);
    }

    [Fact]
    public async Task An_existing_collection_with_another_dense_size_is_refused_with_the_reason()
    {
        var existing = QdrantCollectionSchema.Creation(new QdrantOptions { Collection = "kb_test", DenseVectorSize = 768, EmbeddingModel = "old-model" });
        var (store, invoker) = Create(new QdrantOptions { Collection = "kb_test", DenseVectorSize = 384, EmbeddingModel = "bge-small" });
        invoker.Respond = (method, _) => method switch
        {
            "/qdrant.Collections/CollectionExists" => new CollectionExistsResponse { Result = new CollectionExists { Exists = true } },
            "/qdrant.Collections/Get" => new GetCollectionInfoResponse { Result = RecordingCallInvoker.InfoOf(existing) },
            _ => null,
        };

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => store.EnsureCollectionAsync(Ct));
        Assert.Contains("kb_test", error.Message);
        Assert.Contains("size 768", error.Message);
        Assert.Contains("size 384", error.Message);
        Assert.Contains("old-model", error.Message);
        Assert.Empty(invoker.Requests<CreateCollection>());
        Assert.Empty(invoker.Requests<CreateFieldIndexCollection>());
    }

    [Fact]
    public async Task A_new_collection_records_the_text_analysis_and_one_written_by_another_is_not_searched()
    {
        var (store, invoker) = Create();
        await store.EnsureCollectionAsync(Ct);
        Assert.Equal(TestServices.Analyzer.Fingerprint, Assert.Single(invoker.Requests<CreateCollection>()).Metadata[QdrantCollectionSchema.MetaAnalysis].StringValue);

        var existing = QdrantCollectionSchema.Creation(new QdrantOptions { Collection = "kb_test" }, "0123456789abcdef0123456789abcdef");
        var (stale, staleInvoker) = Create();
        staleInvoker.Respond = (method, _) => method switch
        {
            "/qdrant.Collections/CollectionExists" => new CollectionExistsResponse { Result = new CollectionExists { Exists = true } },
            "/qdrant.Collections/Get" => new GetCollectionInfoResponse { Result = RecordingCallInvoker.InfoOf(existing) },
            _ => null,
        };
        var error = await Assert.ThrowsAsync<KnowledgeBase.Storage.StaleIndexException>(() =>
            stale.RetrieveAsync(new RetrievalQuery { Words = ["口岸"], Bigrams = ["口岸"] }, new SearchFilter(Staff), 10, Ct));
        Assert.Contains("0123456789ab", error.Message);
        Assert.Contains("kb migrate --to qdrant", error.Message);
        Assert.Empty(staleInvoker.Requests<QueryBatchPoints>());
    }

    [Fact]
    public void Same_size_but_another_model_or_a_foreign_collection_is_refused()
    {
        var existing = RecordingCallInvoker.InfoOf(QdrantCollectionSchema.Creation(new QdrantOptions { DenseVectorSize = 384, EmbeddingModel = "all-MiniLM-L6-v2" }));
        var error = Assert.Throws<InvalidOperationException>(() =>
            QdrantCollectionSchema.Check("kb", new QdrantOptions { DenseVectorSize = 384, EmbeddingModel = "bge-small-zh" }, existing));
        Assert.Contains("all-MiniLM-L6-v2", error.Message);
        Assert.Contains("bge-small-zh", error.Message);

        var foreign = RecordingCallInvoker.InfoOf(new CreateCollection { CollectionName = "kb" });
        Assert.Contains("not created by KnowledgeBase", Assert.Throws<InvalidOperationException>(() => QdrantCollectionSchema.Check("kb", new QdrantOptions(), foreign)).Message);

        // The matching configuration passes.
        QdrantCollectionSchema.Check("kb", new QdrantOptions { DenseVectorSize = 384, EmbeddingModel = "all-MiniLM-L6-v2" }, existing);
    }

    [Fact]
    public async Task Upsert_writes_deterministic_ids_then_deletes_other_generations_then_writes_the_document_point()
    {
        var (store, invoker) = Create();
        await store.UpsertAsync(BorderTrade(), Ct);
        await store.UpsertAsync(BorderTrade(), Ct);

        var writes = invoker.Calls.Where(c => c.Method is "/qdrant.Points/Upsert" or "/qdrant.Points/Delete").ToList();
        Assert.Equal(6, writes.Count);
        for (var round = 0; round < 2; round++)
        {
            var content = (UpsertPoints)writes[round * 3].Request;
            var delete = (DeletePoints)writes[round * 3 + 1].Request;
            var marker = (UpsertPoints)writes[round * 3 + 2].Request;

            Assert.Equal(
                new[] { PointIds.Passage("dA:0"), PointIds.Passage("dA:1"), PointIds.Page("dA", 1) }.Select(g => g.ToString()),
                content.Points.Select(p => p.Id.Uuid));
            Assert.Equal(PointIds.Document("dA").ToString(), Assert.Single(marker.Points).Id.Uuid);
            Assert.Equal("document", marker.Points[0].Payload["kind"].StringValue);

            var generation = content.Points[0].Payload["generation"].StringValue;
            Assert.All(content.Points.Concat(marker.Points), p => Assert.Equal(generation, p.Payload["generation"].StringValue));
            Assert.Equal($"{{must[document_id=dA] must_not[generation={generation} kind=document]}}", Describe(delete.Points.Filter));
        }
        Assert.NotEqual(((UpsertPoints)writes[0].Request).Points[0].Payload["generation"], ((UpsertPoints)writes[3].Request).Points[0].Payload["generation"]);
    }

    [Fact]
    public async Task Passage_points_carry_the_filter_payload_and_hashed_term_vectors()
    {
        var (store, invoker) = Create();
        var submission = FinanceRestricted();
        await store.UpsertAsync(submission, Ct);

        var point = invoker.Requests<UpsertPoints>()[0].Points.Single(p => p.Payload["kind"].StringValue == "passage");
        var payload = point.Payload;
        Assert.Equal(("dC", "dC:0", "restricted", false, 2022L, "广西社会科学院", "政策文件", "zh"),
            (payload["document_id"].StringValue, payload["passage_id"].StringValue, payload["visibility"].StringValue, payload["pending_review"].BoolValue,
             payload["year"].IntegerValue, payload["organisation"].StringValue, payload["doc_type"].StringValue, payload["language"].StringValue));
        Assert.Equal([PartnerA], payload["shared_with"].ListValue.Values.Select(v => v.StringValue));
        Assert.Equal(["金融"], payload["tags"].ListValue.Values.Select(v => v.StringValue));
        Assert.False(payload.ContainsKey("owner_org"));

        var analyzer = TestServices.Analyzer;
        var passage = submission.Passages[0];
        var expectedWords = analyzer.Words(submission.Document.Title).Concat(analyzer.Words(passage.HeadingPath)).Concat(analyzer.Words(passage.Text))
            .Select(t => SparseTerms.Index(t.Text)).Distinct().Order();
        var (indices, values) = Sparse(point.Vectors.Vectors_.Vectors["words"]);
        Assert.Equal(expectedWords, indices);
        Assert.All(values, v => Assert.InRange(v, 0.5f, SparseTerms.K1 + 1));
        var expectedBigrams = analyzer.Bigrams(submission.Document.Title).Concat(analyzer.Bigrams(passage.Text)).Select(t => SparseTerms.Index(t.Text)).Distinct().Order();
        Assert.Equal(expectedBigrams, Sparse(point.Vectors.Vectors_.Vectors["bigrams"]).Indices);
        Assert.False(point.Vectors.Vectors_.Vectors.ContainsKey("dense"));
    }

    [Fact]
    public async Task Passage_points_carry_when_they_speak()
    {
        var (store, invoker) = Create();
        await store.UpsertAsync(Make("r2017", "2017年政府工作报告", new DocumentMetadata(), "过去五年，经济年均增长7.2%。今年赤字率拟按3%安排，明年继续。"), Ct);

        var payload = invoker.Requests<UpsertPoints>()[0].Points.Single(p => p.Payload["kind"].StringValue == "passage").Payload;
        Assert.Equal(2017, payload["time_document_year"].IntegerValue);
        Assert.Equal([2012L, 2013, 2014, 2015, 2016, 2017, 2018], payload["time_years"].ListValue.Values.Select(v => v.IntegerValue));
        // year × 100 + the length of the shortest expression stating it: 过去五年 covers 2012–2016 with 5, 今年 and 明年 1.
        Assert.Equal([201205L, 201305, 201405, 201505, 201605, 201701, 201801], payload["time_year_spans"].ListValue.Values.Select(v => v.IntegerValue));
        var mentions = QdrantPayload.ReadTimes(payload, payload["text"].StringValue);
        Assert.Equal(["过去五年 (2012–2016)", "今年 (2017)", "明年 (2018)"], mentions.Select(m => m.Label));
        Assert.Contains("time_year_spans", QdrantPayload.Readable().Exclude.Fields);

        // A passage with no time and a document without a year carry none of the fields.
        var (bare, bareInvoker) = Create();
        await bare.UpsertAsync(Make("x", "调研报告", new DocumentMetadata(), "口岸通关便利化。"), Ct);
        var none = bareInvoker.Requests<UpsertPoints>()[0].Points.Single(p => p.Payload["kind"].StringValue == "passage").Payload;
        Assert.DoesNotContain(none.Keys, k => k.StartsWith("time_", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Time_signals_are_queries_of_the_same_batch_with_the_years_inside_the_whole_filter()
    {
        var (store, invoker) = Create();
        var query = new QueryAnalyzer(TestServices.Analyzer, []).Analyze("财政赤字率", Ct).Retrieval with
        {
            Time = new TimeConstraint { StatedIn = new(2024, 2025), StatedSpanAtMost = 4, DocumentIn = new(2025, 2026), AnyStated = true },
        };
        await store.RetrieveAsync(query, new SearchFilter(PartnerBScope) { Tags = ["开放"] }, 25, Ct);

        var batch = Assert.Single(invoker.Requests<QueryBatchPoints>());
        Assert.Equal(5, batch.QueryPoints.Count); // words, bigrams, then Time, DocumentTime, StatedDate
        var access = "{should[{must[owner_org=智库乙 {should[pending_review=True shared_with=智库乙]}]} {must[pending_review=False {should[visibility=public {must[visibility=restricted shared_with=智库乙]}]}]}]}";
        var common = $"kind=passage {access} tags in [开放]";
        string[] times =
        [
            "{should[time_year_spans in [202401..202404] time_year_spans in [202501..202504]]}",
            "time_document_year in [2025..2026]",
            "time_years in [-2147483648..]",
        ];
        for (var i = 0; i < 3; i++)
        {
            var request = batch.QueryPoints[2 + i];
            var expected = $"{{must[{common} {times[i]}]}}";
            Assert.Equal(Fusion.Rrf, request.Query.Fusion);
            Assert.Equal(expected, Describe(request.Filter));
            Assert.Equal(["words", "bigrams"], request.Prefetch.Select(p => p.Using));
            Assert.All(request.Prefetch, p => Assert.Equal(expected, Describe(p.Filter)));
            Assert.Equal(25ul, request.Limit);
        }
        Assert.Equal(Sparse(batch.QueryPoints[0].Query.Nearest).Indices, Sparse(batch.QueryPoints[2].Prefetch[0].Query.Nearest).Indices);

        // With the passage's own time checked, the document range admits passages that state no year or one of the span.
        Assert.Equal("{must[time_document_year in [2025..2026] {should[{must_not[time_years in [-2147483648..]]} time_years in [2025..2025]]}]}",
            Describe(QdrantFilters.DocumentTime(new TimeConstraint { DocumentIn = new(2025, 2026), OwnTimeIn = YearSpan.Year(2025) }, new(2025, 2026))));

        // A long span, or one without a length bound under the stored cap, is one range on the stated years.
        Assert.Equal("time_years in [1990..1999]", Describe(QdrantFilters.StatedIn(new(1990, 1999), int.MaxValue)));
        Assert.Equal("time_years in [1949..2025]", Describe(QdrantFilters.StatedIn(new(1949, 2025), 2)));
    }

    [Fact]
    public void Term_hash_is_32_bit_fnv_1a_of_utf8()
    {
        // Published FNV-1a 32-bit test values; the hash is part of the collection schema and must never drift.
        Assert.Equal(0x811c9dc5u, SparseTerms.Index(""));
        Assert.Equal(0xe40c292cu, SparseTerms.Index("a"));
        Assert.Equal(0xbf9cf968u, SparseTerms.Index("foobar"));
        Assert.NotEqual(SparseTerms.Index("边境"), SparseTerms.Index("贸易"));
    }

    [Fact]
    public void Point_ids_are_name_based_uuids()
    {
        var id = PointIds.Passage("dA:0");
        Assert.Equal(id, PointIds.Passage("dA:0"));
        Assert.NotEqual(id, PointIds.Passage("dA:1"));
        Assert.NotEqual(PointIds.Document("dA"), PointIds.Page("dA", 1));
        Assert.Equal('5', id.ToString()[14]);  // version 5
        Assert.Contains(id.ToString()[19], "89ab"); // RFC 4122 variant
    }

    [Fact]
    public async Task Retrieval_sends_one_query_per_signal_each_with_the_whole_filter_inside()
    {
        var (store, invoker) = Create();
        var query = new QueryAnalyzer(TestServices.Analyzer, []).Analyze("边境贸易 \"互市贸易\" -冷链", Ct).Retrieval with { Expansions = ["口岸"] };
        await store.RetrieveAsync(query, new SearchFilter(PartnerBScope) { YearFrom = 2020, Tags = ["开放"] }, 25, Ct);

        var batch = Assert.Single(invoker.Requests<QueryBatchPoints>());
        Assert.Equal(["words", "words", "bigrams"], batch.QueryPoints.Select(q => q.Using));
        var access = "{should[{must[owner_org=智库乙 {should[pending_review=True shared_with=智库乙]}]} {must[pending_review=False {should[visibility=public {must[visibility=restricted shared_with=智库乙]}]}]}]}";
        var expected = $"{{must[kind=passage {access} year in [2020..] tags in [开放] text_phrase(phrase_text, 互 市 贸 易)] must_not[text_phrase(phrase_text, 冷 链)]}}";
        Assert.All(batch.QueryPoints, q =>
        {
            Assert.Equal(expected, Describe(q.Filter));
            Assert.Equal(25ul, q.Limit);
            Assert.Equal("kb_test", q.CollectionName);
        });
        Assert.Equal(query.Words.Select(SparseTerms.Index).Distinct().Order(), Sparse(batch.QueryPoints[0].Query.Nearest).Indices);
        Assert.Equal([SparseTerms.Index("口岸")], Sparse(batch.QueryPoints[1].Query.Nearest).Indices);
    }

    [Fact]
    public void Access_condition_matches_each_scope()
    {
        Assert.Null(QdrantFilters.Access(Staff));
        Assert.Equal("{should[{must[pending_review=False {should[visibility=public]}]}]}", Describe(QdrantFilters.Access(Anonymous)!));
        Assert.Equal("{should[{must[pending_review=False {should[visibility=public visibility=internal]}]}]}", Describe(QdrantFilters.Access(Member)!));
        Assert.Equal("{should[{must[owner_org=智库甲 {should[pending_review=True shared_with=智库甲]}]} {must[pending_review=False {should[visibility=public {must[visibility=restricted shared_with=智库甲]}]}]}]}",
            Describe(QdrantFilters.Access(PartnerAScope)!));
        Assert.Equal("{must[kind=document document_id=dA]}", Describe(QdrantFilters.Build(new SearchFilter(Staff) { DocumentId = "dA" }, "document")));
        Assert.Equal("{must[kind=passage year in [..2022] language=en organisation in [a b] doc_type in [t]]}",
            Describe(QdrantFilters.Build(new SearchFilter(Staff) { YearTo = 2022, Language = "en", Organisations = ["a", "b"], DocumentTypes = ["t"] }, "passage")));
    }

    [Fact]
    public async Task Retrieval_reads_each_signals_ranks_from_the_batch_answer()
    {
        var (store, invoker) = Create();
        var submission = BorderTrade();
        ScoredPoint Scored(int ordinal)
        {
            var point = new ScoredPoint { Id = PointIds.Passage(submission.Passages[ordinal].Id) };
            QdrantPayload.AddDocument(point.Payload, submission.Document, submission.Passages.Count, "g");
            QdrantPayload.AddPassage(point.Payload, submission.Passages[ordinal], submission.Passages[ordinal].Text);
            return point;
        }
        invoker.Respond = (method, _) =>
        {
            if (method != "/qdrant.Points/QueryBatch") return null;
            var response = new QueryBatchResponse();
            response.Result.Add(new BatchResult { Result = { Scored(1), Scored(0) } }); // words
            response.Result.Add(new BatchResult { Result = { Scored(0) } });            // bigrams
            return response;
        };
        var query = new RetrievalQuery { Words = ["口岸"], Bigrams = ["口岸"] };

        var candidates = (await store.RetrieveAsync(query, new SearchFilter(Staff), 10, Ct)).ToDictionary(c => c.Passage.Id);

        Assert.Equal(2, candidates.Count);
        Assert.Equal(new Dictionary<Signal, int> { [Signal.Words] = 2, [Signal.Bigrams] = 1 }, candidates["dA:0"].Ranks);
        Assert.Equal(new Dictionary<Signal, int> { [Signal.Words] = 1 }, candidates["dA:1"].Ranks);
        Assert.Equal(submission.Passages[1], candidates["dA:1"].Passage);
        var document = candidates["dA:0"].Document;
        Assert.Equal((submission.Document.Id, submission.Document.Title, submission.Document.ContentHash, submission.Document.IngestedAt, 2021),
            (document.Id, document.Title, document.ContentHash, document.IngestedAt, document.Metadata.Year));
        Assert.Equal(["开放", "边境贸易"], document.Metadata.Tags);
    }

    [Fact]
    public async Task Delete_counts_then_deletes_by_document_id()
    {
        var (store, invoker) = Create();
        invoker.Respond = (method, _) => method == "/qdrant.Points/Count" ? new CountResponse { Result = new CountResult { Count = 4 } } : null;

        Assert.True(await store.DeleteAsync("dA", Ct));

        Assert.Equal("{must[document_id=dA]}", Describe(Assert.Single(invoker.Requests<CountPoints>()).Filter));
        Assert.Equal("{must[document_id=dA]}", Describe(Assert.Single(invoker.Requests<DeletePoints>()).Points.Filter));
        invoker.Respond = (_, _) => null;
        Assert.False(await store.DeleteAsync("dA", Ct));
    }

    /// <summary>Indices and values of a sparse vector, whichever wire form the client used.</summary>
    internal static (uint[] Indices, float[] Values) Sparse(Vector vector) => vector.VectorCase == Vector.VectorOneofCase.Sparse
        ? (vector.Sparse.Indices.ToArray(), vector.Sparse.Values.ToArray())
#pragma warning disable CS0612 // the older wire form, read only in case the client still writes it
        : (vector.Indices.Data.ToArray(), vector.Data.ToArray());
#pragma warning restore CS0612

    private static (uint[] Indices, float[] Values) Sparse(VectorInput input) => (input.Sparse.Indices.ToArray(), input.Sparse.Values.ToArray());

    /// <summary>A compact, order-preserving text form of a filter, so tests can state its whole structure.</summary>
    internal static string Describe(Filter filter)
    {
        var parts = new List<string>();
        if (filter.Must.Count > 0) parts.Add($"must[{string.Join(' ', filter.Must.Select(Describe))}]");
        if (filter.Should.Count > 0) parts.Add($"should[{string.Join(' ', filter.Should.Select(Describe))}]");
        if (filter.MustNot.Count > 0) parts.Add($"must_not[{string.Join(' ', filter.MustNot.Select(Describe))}]");
        return "{" + string.Join(' ', parts) + "}";
    }

    private static string Describe(Condition condition)
    {
        if (condition.ConditionOneOfCase == Condition.ConditionOneOfOneofCase.Filter) return Describe(condition.Filter);
        if (condition.ConditionOneOfCase == Condition.ConditionOneOfOneofCase.HasId) return $"has_id({string.Join(' ', condition.HasId.HasId.Select(i => i.Uuid))})";
        var f = condition.Field;
        if (f.Range is { } r)
            return $"{f.Key} in [{(r.HasGte ? r.Gte.ToString(CultureInfo.InvariantCulture) : "")}..{(r.HasLte ? r.Lte.ToString(CultureInfo.InvariantCulture) : "")}]";
        var m = f.Match;
        return m.MatchValueCase switch
        {
            Match.MatchValueOneofCase.Keyword => $"{f.Key}={m.Keyword}",
            Match.MatchValueOneofCase.Keywords => $"{f.Key} in [{string.Join(' ', m.Keywords.Strings)}]",
            Match.MatchValueOneofCase.Boolean => $"{f.Key}={m.Boolean}",
            Match.MatchValueOneofCase.Integer => $"{f.Key}={m.Integer}",
            Match.MatchValueOneofCase.Integers => $"{f.Key} in [{string.Join(' ', m.Integers.Integers)}]",
            Match.MatchValueOneofCase.Phrase => $"text_phrase({f.Key}, {m.Phrase})",
            _ => $"{f.Key}?{m.MatchValueCase}",
        };
    }
}
