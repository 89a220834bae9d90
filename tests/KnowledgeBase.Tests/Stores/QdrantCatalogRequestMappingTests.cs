using KnowledgeBase.Model;
using KnowledgeBase.Retrieval;
using KnowledgeBase.Storage;
using KnowledgeBase.Storage.Qdrant;
using Microsoft.Extensions.Options;
using Qdrant.Client;
using Qdrant.Client.Grpc;
using static KnowledgeBase.Tests.Stores.QdrantRequestMappingTests;
using static KnowledgeBase.Tests.Stores.StoreCorpus;

namespace KnowledgeBase.Tests.Stores;

/// <summary>
/// Request-mapping tests of the Qdrant catalog, review and term statistics: the gRPC requests behind the API's document
/// list, facets, "similar" and approval, recorded by <see cref="RecordingCallInvoker"/> and answered with canned
/// responses. They prove what we send — above all that the caller's access filter is inside every request that reads
/// for a caller — never how Qdrant answers.
/// </summary>
public sealed class QdrantCatalogRequestMappingTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Partner A's access condition as <see cref="QdrantRequestMappingTests.Describe(Filter)"/> writes it.</summary>
    private const string PartnerAAccess = "{should[{must[owner_org=智库甲 {should[pending_review=True shared_with=智库甲]}]} {must[pending_review=False {should[visibility=public {must[visibility=restricted shared_with=智库甲]}]}]}]}";

    private static (QdrantKnowledgeStore Store, QdrantDocumentCatalog Catalog, QdrantDocumentReview Review, QdrantTermStatistics Statistics, RecordingCallInvoker Invoker) Create()
    {
        var invoker = new RecordingCallInvoker();
        var client = new QdrantClient(new QdrantGrpcClient(invoker));
        var store = new QdrantKnowledgeStore(client, TestServices.Analyzer, Options.Create(new QdrantOptions { Collection = "kb_test" }));
        return (store, new QdrantDocumentCatalog(store, client), new QdrantDocumentReview(store, client), new QdrantTermStatistics(store, client), invoker);
    }

    private static RetrievedPoint DocumentPoint(DocumentSubmission s, DateTimeOffset ingestedAt)
    {
        var document = s.Document with { IngestedAt = ingestedAt };
        var point = new RetrievedPoint { Id = PointIds.Document(document.Id) };
        QdrantPayload.AddDocument(point.Payload, document, s.Passages.Count, "g");
        QdrantPayload.AddDocumentPoint(point.Payload, document);
        return point;
    }

    private static readonly DateTimeOffset Noon = new(2025, 5, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task The_document_list_counts_and_orders_document_points_with_the_access_filter_inside()
    {
        var (_, catalog, _, _, invoker) = Create();
        invoker.Respond = (method, _) => method switch
        {
            "/qdrant.Points/Count" => new CountResponse { Result = new CountResult { Count = 2 } },
            "/qdrant.Points/Scroll" => new ScrollResponse { Result = { DocumentPoint(EnglishTrade(), Noon.AddHours(1)), DocumentPoint(BorderTrade(), Noon) } },
            _ => null,
        };

        var list = await catalog.ListAsync(new DocumentListRequest(new SearchFilter(PartnerAScope) { Tags = ["开放"] }, 0, 20), Ct);

        var expected = $"{{must[kind=document {PartnerAAccess} tags in [开放]]}}";
        Assert.Equal(expected, Describe(Assert.Single(invoker.Requests<CountPoints>()).Filter));
        var scroll = Assert.Single(invoker.Requests<ScrollPoints>());
        Assert.Equal(expected, Describe(scroll.Filter));
        Assert.Equal(("ingested_ticks", Direction.Desc), (scroll.OrderBy.Key, scroll.OrderBy.Direction));
        Assert.Equal(2u, scroll.Limit); // no more than the total
        Assert.Null(scroll.Offset);
        Assert.Equal(2, list.Total);
        Assert.Equal(["dE", "dA"], list.Documents.Select(d => d.Id));
        Assert.Equal(Noon.AddHours(1), list.Documents[0].IngestedAt);
    }

    [Fact]
    public async Task A_page_ending_inside_a_run_of_equal_times_reads_the_whole_run_and_orders_it_by_id()
    {
        var (_, catalog, _, _, invoker) = Create();
        invoker.Respond = (method, request) => method switch
        {
            "/qdrant.Points/Count" => new CountResponse { Result = new CountResult { Count = 4 } },
            // The ordered scroll's cut falls between dC and dB, which share Noon; the follow-up reads everything at Noon.
            "/qdrant.Points/Scroll" when ((ScrollPoints)request).OrderBy is not null =>
                new ScrollResponse { Result = { DocumentPoint(EnglishTrade(), Noon.AddHours(1)), DocumentPoint(FinanceRestricted(), Noon) } },
            "/qdrant.Points/Scroll" => new ScrollResponse { Result = { DocumentPoint(FinanceRestricted(), Noon), DocumentPoint(RuralInternal(), Noon) } },
            _ => null,
        };

        var list = await catalog.ListAsync(new DocumentListRequest(new SearchFilter(Staff), 0, 2), Ct);

        Assert.Equal(["dE", "dB"], list.Documents.Select(d => d.Id));
        var scrolls = invoker.Requests<ScrollPoints>();
        Assert.Equal(2, scrolls.Count);
        Assert.Equal($"{{must[kind=document ingested_ticks={Noon.UtcTicks}]}}", Describe(scrolls[1].Filter));
        Assert.Null(scrolls[1].OrderBy);
    }

    [Fact]
    public async Task A_page_past_the_end_costs_one_count()
    {
        var (_, catalog, _, _, invoker) = Create();
        invoker.Respond = (method, _) => method == "/qdrant.Points/Count" ? new CountResponse { Result = new CountResult { Count = 3 } } : null;

        var list = await catalog.ListAsync(new DocumentListRequest(new SearchFilter(Staff), 3, 20), Ct);

        Assert.Equal((3, 0), (list.Total, list.Documents.Count));
        Assert.Empty(invoker.Requests<ScrollPoints>());
    }

    [Fact]
    public async Task Facets_without_a_query_are_qdrant_facets_over_the_visible_document_points()
    {
        var (_, catalog, _, _, invoker) = Create();
        invoker.Respond = (method, request) => method switch
        {
            "/qdrant.Points/Count" => new CountResponse { Result = new CountResult { Count = Describe(((CountPoints)request).Filter).Contains("kind=document") ? 3ul : 7ul } },
            "/qdrant.Points/Facet" when ((FacetCounts)request).Key == "year" => new FacetResponse
            {
                Hits = { new FacetHit { Value = new Qdrant.Client.Grpc.FacetValue { IntegerValue = 2021 }, Count = 1 }, new FacetHit { Value = new Qdrant.Client.Grpc.FacetValue { IntegerValue = 2024 }, Count = 2 } },
            },
            "/qdrant.Points/Facet" when ((FacetCounts)request).Key == "tags" => new FacetResponse
            {
                Hits = { new FacetHit { Value = new Qdrant.Client.Grpc.FacetValue { StringValue = "园区" }, Count = 1 }, new FacetHit { Value = new Qdrant.Client.Grpc.FacetValue { StringValue = "沿边" }, Count = 1 } },
            },
            "/qdrant.Points/Facet" when ((FacetCounts)request).Key == "time_years" => new FacetResponse
            {
                Hits = { new FacetHit { Value = new Qdrant.Client.Grpc.FacetValue { IntegerValue = 2016 }, Count = 4 } },
            },
            _ => null,
        };

        var facets = await catalog.FacetsAsync(new SearchFilter(PartnerAScope) { YearFrom = 2020 }, null, Ct);

        Assert.Equal((3, 7), (facets.Documents, facets.Passages));
        Assert.Equal([new("2024", 2), new("2021", 1)], facets.Years);
        Assert.Equal([new("园区", 1), new("沿边", 1)], facets.Tags); // ties by value, whatever order Qdrant sent
        // The passage-year facet counts the visible passages (not documents) per year they speak about.
        Assert.Equal([new KnowledgeBase.Storage.FacetValue("2016", 4)], facets.PassageYears);
        var passageYears = Assert.Single(invoker.Requests<FacetCounts>(), f => f.Key == "time_years");
        Assert.Equal($"{{must[kind=passage {PartnerAAccess} year in [2020..]]}}", Describe(passageYears.Filter));
        var facetRequests = invoker.Requests<FacetCounts>().Where(f => f.Key != "time_years").ToList();
        Assert.Equal(["doc_type", "language", "organisation", "tags", "year"], facetRequests.Select(f => f.Key).Order());
        Assert.All(facetRequests, f =>
        {
            Assert.Equal($"{{must[kind=document {PartnerAAccess} year in [2020..]]}}", Describe(f.Filter));
            Assert.True(f.Exact);
        });
        Assert.Equal(
            [$"{{must[kind=document {PartnerAAccess} year in [2020..]]}}", $"{{must[kind=passage {PartnerAAccess} year in [2020..]]}}"],
            invoker.Requests<CountPoints>().Select(c => Describe(c.Filter)).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Facets_under_a_query_facet_the_matching_passages_by_document_then_those_documents()
    {
        var (_, catalog, _, _, invoker) = Create();
        invoker.Respond = (method, request) => method switch
        {
            "/qdrant.Points/Count" => new CountResponse { Result = new CountResult { Count = 5 } },
            "/qdrant.Points/Facet" when ((FacetCounts)request).Key == "document_id" => new FacetResponse
            {
                Hits = { new FacetHit { Value = new Qdrant.Client.Grpc.FacetValue { StringValue = "dA" }, Count = 2 }, new FacetHit { Value = new Qdrant.Client.Grpc.FacetValue { StringValue = "dC" }, Count = 1 } },
            },
            "/qdrant.Points/Facet" when ((FacetCounts)request).Key == "organisation" => new FacetResponse
            {
                Hits = { new FacetHit { Value = new Qdrant.Client.Grpc.FacetValue { StringValue = "崇左市政协" }, Count = 1 } },
            },
            _ => null,
        };
        var query = new RetrievalQuery { Words = ["口岸"], Expansions = ["port"], Bigrams = ["口岸"], RequiredPhrases = ["口岸"], Excluded = ["冷链"] };

        var facets = await catalog.FacetsAsync(new SearchFilter(PartnerAScope), query, Ct);

        Assert.Equal((2, 3), (facets.Documents, facets.Passages));
        Assert.Equal([new KnowledgeBase.Storage.FacetValue("崇左市政协", 1)], facets.Organisations);
        var perDocument = invoker.Requests<FacetCounts>().Single(f => f.Key == "document_id");
        Assert.Equal($"{{must[kind=passage {PartnerAAccess} text_phrase(phrase_text, 口 岸) {{should[word_terms in [口岸 port] bigram_terms in [口岸]]}}] must_not[text_phrase(phrase_text, 冷 链)]}}",
            Describe(perDocument.Filter));
        Assert.Equal(5ul, perDocument.Limit); // as many as there are visible documents
        Assert.All(invoker.Requests<FacetCounts>().Where(f => f.Key is not ("document_id" or "time_years")),
            f => Assert.Equal($"{{must[kind=document {PartnerAAccess} document_id in [dA dC]]}}", Describe(f.Filter)));
        // Years the matched passages speak about: a facet over the same passages as the per-document one.
        Assert.Equal(Describe(perDocument.Filter), Describe(invoker.Requests<FacetCounts>().Single(f => f.Key == "time_years").Filter));
    }

    [Fact]
    public async Task A_passage_year_filter_is_a_match_any_on_the_passages_time_years_inside_the_access_filter()
    {
        var (_, catalog, _, _, invoker) = Create();
        invoker.Respond = (method, request) => method switch
        {
            "/qdrant.Points/Count" => new CountResponse { Result = new CountResult { Count = 5 } },
            "/qdrant.Points/Facet" when ((FacetCounts)request).Key == "document_id" => new FacetResponse
            {
                Hits = { new FacetHit { Value = new Qdrant.Client.Grpc.FacetValue { StringValue = "dB" }, Count = 2 } },
            },
            _ => null,
        };

        // Without a query, a passage-year filter still counts through the passages (document points carry no time_years).
        var facets = await catalog.FacetsAsync(new SearchFilter(PartnerAScope) { PassageYears = [2016, 2018] }, null, Ct);

        Assert.Equal((1, 2), (facets.Documents, facets.Passages));
        var perDocument = invoker.Requests<FacetCounts>().Single(f => f.Key == "document_id");
        Assert.Equal($"{{must[kind=passage {PartnerAAccess} time_years in [2016 2018]]}}", Describe(perDocument.Filter));
        Assert.All(invoker.Requests<FacetCounts>().Where(f => f.Key is not ("document_id" or "time_years")),
            f => Assert.Equal($"{{must[kind=document {PartnerAAccess} document_id in [dB]]}}", Describe(f.Filter)));
    }

    [Fact]
    public async Task Similar_reads_its_passage_by_point_id_inside_the_access_filter()
    {
        var (_, catalog, _, _, invoker) = Create();
        var submission = BorderTrade();
        invoker.Respond = (method, _) =>
        {
            if (method != "/qdrant.Points/Scroll") return null;
            var point = new RetrievedPoint { Id = PointIds.Passage("dA:1") };
            QdrantPayload.AddDocument(point.Payload, submission.Document, 2, "g");
            QdrantPayload.AddPassage(point.Payload, submission.Passages[1], submission.Passages[1].Text);
            return new ScrollResponse { Result = { point } };
        };

        Assert.Equal(submission.Passages[1], await catalog.GetPassageAsync("dA:1", new SearchFilter(PartnerAScope), Ct));

        var scroll = Assert.Single(invoker.Requests<ScrollPoints>());
        Assert.Equal($"{{must[kind=passage {PartnerAAccess} has_id({PointIds.Passage("dA:1")})]}}", Describe(scroll.Filter));
        Assert.Equal(1u, scroll.Limit);
        Assert.Equal(["bigram_terms", "phrase_text", "time_year_spans", "word_terms"], scroll.WithPayload.Exclude.Fields.Order());
    }

    [Fact]
    public async Task Approval_checks_the_document_point_then_clears_pending_on_every_point_of_the_document()
    {
        var (_, _, review, _, invoker) = Create();
        invoker.Respond = (method, _) => method == "/qdrant.Points/Count" ? new CountResponse { Result = new CountResult { Count = 1 } } : null;

        Assert.True(await review.ApproveAsync("dD", Ct));

        Assert.Equal("{must[kind=document document_id=dD]}", Describe(Assert.Single(invoker.Requests<CountPoints>()).Filter));
        var set = Assert.Single(invoker.Requests<SetPayloadPoints>());
        Assert.Equal("{must[document_id=dD]}", Describe(set.PointsSelector.Filter));
        Assert.Equal(["pending_review"], set.Payload.Keys);
        Assert.False(set.Payload["pending_review"].BoolValue);
        Assert.True(set.Wait);

        invoker.Respond = (_, _) => null;
        Assert.False(await review.ApproveAsync("missing", Ct));
        Assert.Single(invoker.Requests<SetPayloadPoints>());
    }

    [Fact]
    public void Term_statistics_send_one_exact_count_per_distinct_conjunction_of_words()
    {
        var (_, _, _, statistics, invoker) = Create();
        invoker.Respond = (method, request) => method == "/qdrant.Points/Count"
            ? new CountResponse { Result = new CountResult { Count = (ulong)((CountPoints)request).Filter.Must.Count * 10 } }
            : null;

        var counts = statistics.CountPassages([[], ["利息"], ["借款", "利息"], ["利息", "借款", "利息"], ["利息"]]);

        Assert.Equal([10L, 20L, 30L, 30L, 20L], counts);
        var sent = invoker.Requests<CountPoints>();
        Assert.Equal(
            ["{must[kind=passage word_terms=借款 word_terms=利息]}", "{must[kind=passage word_terms=利息]}", "{must[kind=passage]}"],
            sent.Select(c => Describe(c.Filter)).Order(StringComparer.Ordinal));
        Assert.All(sent, c => Assert.True(c.Exact));
    }

    [Fact]
    public async Task Passage_points_carry_their_terms_and_the_document_point_its_listing_key()
    {
        var (store, _, _, _, invoker) = Create();
        var submission = FinanceRestricted();
        await store.UpsertAsync(submission, Ct);

        var points = invoker.Requests<UpsertPoints>().SelectMany(u => u.Points).ToList();
        var passage = points.Single(p => p.Payload["kind"].StringValue == "passage");
        var analyzer = TestServices.Analyzer;
        var text = submission.Passages[0];
        var words = analyzer.Words(submission.Document.Title).Concat(analyzer.Words(text.HeadingPath)).Concat(analyzer.Words(text.Text))
            .Select(t => t.Text).Distinct().Order(StringComparer.Ordinal);
        Assert.Equal(words, passage.Payload["word_terms"].ListValue.Values.Select(v => v.StringValue));
        var bigrams = analyzer.Bigrams(submission.Document.Title).Concat(analyzer.Bigrams(text.Text)).Select(t => t.Text).Distinct().Order(StringComparer.Ordinal);
        Assert.Equal(bigrams, passage.Payload["bigram_terms"].ListValue.Values.Select(v => v.StringValue));
        Assert.Contains("金融", words);

        var document = points.Single(p => p.Payload["kind"].StringValue == "document");
        Assert.Equal(submission.Document.IngestedAt.UtcTicks, document.Payload["ingested_ticks"].IntegerValue);
        Assert.All(points.Where(p => p.Payload["kind"].StringValue != "passage"), p => Assert.False(p.Payload.ContainsKey("word_terms")));
        Assert.All(points.Where(p => p.Payload["kind"].StringValue != "document"), p => Assert.False(p.Payload.ContainsKey("ingested_ticks")));
    }

    [Fact]
    public async Task The_collection_indexes_the_term_arrays_on_disk_and_the_listing_key_as_an_integer()
    {
        var (store, _, _, _, invoker) = Create();
        await store.EnsureCollectionAsync(Ct);

        var indexes = invoker.Requests<CreateFieldIndexCollection>().ToDictionary(r => r.FieldName);
        foreach (var field in new[] { "word_terms", "bigram_terms" })
        {
            Assert.Equal(FieldType.Keyword, indexes[field].FieldType);
            Assert.Equal(Memory.Cold, indexes[field].FieldIndexParams.KeywordIndexParams.Memory);
        }
        Assert.Equal(FieldType.Integer, indexes["ingested_ticks"].FieldType);
        Assert.Equal(3, Assert.Single(invoker.Requests<CreateCollection>()).Metadata["kb_schema"].IntegerValue);
    }
}
