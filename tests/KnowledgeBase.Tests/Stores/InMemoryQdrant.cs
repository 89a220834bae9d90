using Google.Protobuf;
using Google.Protobuf.Collections;
using Grpc.Core;
using Qdrant.Client;
using Qdrant.Client.Grpc;

namespace KnowledgeBase.Tests.Stores;

/// <summary>
/// An in-memory stand-in for one Qdrant collection, answering the requests <see cref="RecordingCallInvoker"/> records:
/// upsert, delete, set-payload, get, count, scroll (with id paging and <c>order_by</c>), facet and batch queries. It
/// evaluates our filters with Qdrant's documented semantics (must / should / must_not; a condition on an array matches
/// when any element does; a missing field matches nothing; phrase match on whitespace tokens) and refuses what Qdrant
/// would refuse or we promised not to do: a filter, facet or order on a field without a payload index of a fitting type.
/// <para>
/// What it cannot prove: Qdrant's own behaviour, and above all its ranking. A query here scores by a plain dot product
/// of the sparse or dense vectors — no IDF, no HNSW — so tests over it may check which points a request lets through,
/// never their order. The same suites run against a real Qdrant when <c>QDRANT_URL</c> is set.
/// </para>
/// </summary>
public sealed class InMemoryQdrant
{
    private readonly Dictionary<string, PointStruct> _points = new(StringComparer.Ordinal);
    private readonly Dictionary<string, FieldType> _indexes = new(StringComparer.Ordinal);
    /// <summary>Per point and field, its string values as a set: keyword matches on term arrays are the hot path.</summary>
    private readonly Dictionary<PointStruct, Dictionary<string, HashSet<string>>> _strings = new(ReferenceEqualityComparer.Instance);
    /// <summary>Points by (field, string value), so a filter with a keyword condition scans only the points that hold it.</summary>
    private readonly Dictionary<(string Field, string Value), HashSet<PointStruct>> _postings = [];
    private readonly Lock _lock = new();

    /// <summary>A Qdrant client whose every call this collection answers (and <see cref="Invoker"/> records).</summary>
    public InMemoryQdrant()
    {
        Invoker = new RecordingCallInvoker { Respond = Respond };
        Client = new QdrantClient(new QdrantGrpcClient(Invoker));
    }

    public RecordingCallInvoker Invoker { get; }
    public QdrantClient Client { get; }

    /// <summary>Points currently stored, by kind (<c>document</c>, <c>passage</c>, <c>page</c>).</summary>
    public int CountKind(string kind)
    {
        lock (_lock) return _points.Values.Count(p => p.Payload.TryGetValue("kind", out var k) && k.StringValue == kind);
    }

    private IMessage? Respond(string method, IMessage request)
    {
        lock (_lock)
        {
            return method switch
            {
                "/qdrant.Points/CreateFieldIndex" => Index((CreateFieldIndexCollection)request),
                "/qdrant.Points/Upsert" => Upsert((UpsertPoints)request),
                "/qdrant.Points/Delete" => Delete((DeletePoints)request),
                "/qdrant.Points/SetPayload" => SetPayload((SetPayloadPoints)request),
                "/qdrant.Points/Get" => Get((GetPoints)request),
                "/qdrant.Points/Count" => new CountResponse { Result = new CountResult { Count = (ulong)Select(((CountPoints)request).Filter).Count() } },
                "/qdrant.Points/Scroll" => Scroll((ScrollPoints)request),
                "/qdrant.Points/Facet" => Facet((FacetCounts)request),
                "/qdrant.Points/QueryBatch" => QueryBatch((QueryBatchPoints)request),
                _ when method.StartsWith("/qdrant.Points/", StringComparison.Ordinal) => throw new NotSupportedException($"{method} is not emulated"),
                _ => null, // collections: RecordingCallInvoker's defaults (created, exists, info)
            };
        }
    }

    private IMessage? Index(CreateFieldIndexCollection request)
    {
        _indexes[request.FieldName] = request.FieldType;
        return null;
    }

    private static string Key(PointId id) => id.HasUuid ? id.Uuid : id.Num.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private IMessage? Upsert(UpsertPoints request)
    {
        foreach (var point in request.Points)
        {
            if (_points.Remove(Key(point.Id), out var old)) Forget(old);
            var stored = point.Clone();
            _points[Key(point.Id)] = stored;
            Remember(stored);
        }
        return null;
    }

    private List<PointStruct> Selected(PointsSelector selector) => selector.PointsSelectorOneOfCase == PointsSelector.PointsSelectorOneOfOneofCase.Filter
        ? Select(selector.Filter).ToList()
        : selector.Points.Ids.Select(Key).Where(_points.ContainsKey).Select(k => _points[k]).ToList();

    private IMessage? Delete(DeletePoints request)
    {
        foreach (var point in Selected(request.Points))
        {
            _points.Remove(Key(point.Id));
            Forget(point);
        }
        return null;
    }

    private IMessage? SetPayload(SetPayloadPoints request)
    {
        foreach (var point in Selected(request.PointsSelector))
        {
            Forget(point);
            foreach (var (key, value) in request.Payload) point.Payload[key] = value.Clone();
            Remember(point);
        }
        return null;
    }

    private void Remember(PointStruct point)
    {
        foreach (var (field, value) in point.Payload)
            foreach (var text in Values(value).Where(v => v.KindCase == Value.KindOneofCase.StringValue).Select(v => v.StringValue))
            {
                if (!_postings.TryGetValue((field, text), out var points)) _postings[(field, text)] = points = new(ReferenceEqualityComparer.Instance);
                points.Add(point);
            }
    }

    private void Forget(PointStruct point)
    {
        _strings.Remove(point);
        foreach (var (field, value) in point.Payload)
            foreach (var text in Values(value).Where(v => v.KindCase == Value.KindOneofCase.StringValue).Select(v => v.StringValue))
                if (_postings.TryGetValue((field, text), out var points)) points.Remove(point);
    }

    private GetResponse Get(GetPoints request)
    {
        var response = new GetResponse();
        foreach (var key in request.Ids.Select(Key).Where(_points.ContainsKey))
            response.Result.Add(new RetrievedPoint { Id = _points[key].Id, Payload = { Payload(_points[key], request.WithPayload) } });
        return response;
    }

    private ScrollResponse Scroll(ScrollPoints request)
    {
        var limit = request.HasLimit ? (int)request.Limit : 10;
        var response = new ScrollResponse();
        if (request.OrderBy is { } order)
        {
            // Qdrant: ordering needs a range-capable index, and an ordered scroll cannot be paged by offset.
            RequireIndex(order.Key, FieldType.Integer);
            if (request.Offset is not null) throw Invalid("offset cannot be used with order_by");
            // Qdrant leaves the order of equal keys undefined: here they come in descending point id, the reverse of an
            // unordered scroll, so a caller that relies on any particular order of ties shows up.
            var ordered = Select(request.Filter).Where(p => Integer(p, order.Key) is not null);
            ordered = order.Direction == Direction.Desc
                ? ordered.OrderByDescending(p => Integer(p, order.Key)).ThenByDescending(p => Key(p.Id), StringComparer.Ordinal)
                : ordered.OrderBy(p => Integer(p, order.Key)).ThenByDescending(p => Key(p.Id), StringComparer.Ordinal);
            foreach (var p in ordered.Take(limit)) response.Result.Add(Retrieved(p, request.WithPayload));
            return response;
        }
        var byId = Select(request.Filter).OrderBy(p => Key(p.Id), StringComparer.Ordinal).ToList();
        var start = request.Offset is null ? 0 : byId.FindIndex(p => string.CompareOrdinal(Key(p.Id), Key(request.Offset)) >= 0);
        if (start < 0) return response;
        foreach (var p in byId.Skip(start).Take(limit)) response.Result.Add(Retrieved(p, request.WithPayload));
        if (start + limit < byId.Count) response.NextPageOffset = byId[start + limit].Id;
        return response;
    }

    private FacetResponse Facet(FacetCounts request)
    {
        if (!_indexes.TryGetValue(request.Key, out var type) || type is not (FieldType.Keyword or FieldType.Integer or FieldType.Bool))
            throw Invalid($"facet on '{request.Key}' needs a keyword, integer or bool index");
        var counts = new Dictionary<string, (global::Qdrant.Client.Grpc.FacetValue Value, ulong Count)>(StringComparer.Ordinal);
        foreach (var point in Select(request.Filter))
        {
            foreach (var value in Values(point, request.Key).DistinctBy(v => v.ToString()))
            {
                var facet = value.KindCase switch
                {
                    Value.KindOneofCase.StringValue => new global::Qdrant.Client.Grpc.FacetValue { StringValue = value.StringValue },
                    Value.KindOneofCase.IntegerValue => new global::Qdrant.Client.Grpc.FacetValue { IntegerValue = value.IntegerValue },
                    Value.KindOneofCase.BoolValue => new global::Qdrant.Client.Grpc.FacetValue { BoolValue = value.BoolValue },
                    _ => null,
                };
                if (facet is null) continue;
                var key = facet.ToString();
                counts[key] = (facet, counts.GetValueOrDefault(key).Count + 1);
            }
        }
        var response = new FacetResponse();
        // Qdrant's order: most frequent first, then by value.
        foreach (var (value, count) in counts.Values.OrderByDescending(c => c.Count).ThenBy(c => c.Value.ToString(), StringComparer.Ordinal)
                     .Take(request.HasLimit ? (int)Math.Min(request.Limit, int.MaxValue) : 10))
            response.Hits.Add(new FacetHit { Value = value, Count = count });
        return response;
    }

    /// <summary>
    /// Filtered points scored by a plain dot product — NOT Qdrant's IDF-weighted sparse scoring. A query with prefetches
    /// and <c>Fusion.Rrf</c> fuses the prefetches' rankings (each under its own filter and the outer one) by
    /// Σ 1/(2 + rank), Qdrant's default constant.
    /// </summary>
    private QueryBatchResponse QueryBatch(QueryBatchPoints request)
    {
        var response = new QueryBatchResponse();
        foreach (var query in request.QueryPoints)
        {
            var result = new BatchResult();
            var limit = query.HasLimit ? (int)query.Limit : 10;
            IEnumerable<(PointStruct Point, float Score)> scored;
            if (query.Prefetch.Count > 0)
            {
                if (query.Query?.VariantCase != Query.VariantOneofCase.Fusion || query.Query.Fusion != Fusion.Rrf)
                    throw new NotSupportedException("only RRF fusion over prefetches is emulated");
                var fused = new Dictionary<PointStruct, float>(ReferenceEqualityComparer.Instance);
                foreach (var prefetch in query.Prefetch)
                {
                    if (prefetch.Prefetch.Count > 0) throw new NotSupportedException("nested prefetches are not emulated");
                    var rank = 0;
                    foreach (var (point, _) in Nearest(prefetch.Query.Nearest, prefetch.Using, prefetch.Filter, prefetch.HasLimit ? (int)prefetch.Limit : 10))
                        if (query.Filter is null || Matches(query.Filter, point))
                            fused[point] = fused.GetValueOrDefault(point) + 1f / (2 + ++rank);
                }
                scored = fused.Select(f => (f.Key, f.Value)).OrderByDescending(s => s.Value).ThenBy(s => Key(s.Key.Id), StringComparer.Ordinal).Take(limit);
            }
            else
                scored = Nearest(query.Query.Nearest, query.Using, query.Filter, limit);
            foreach (var (point, score) in scored)
                result.Result.Add(new ScoredPoint { Id = point.Id, Score = score, Payload = { Payload(point, query.WithPayload) } });
            response.Result.Add(result);
        }
        return response;
    }

    private IEnumerable<(PointStruct Point, float Score)> Nearest(VectorInput input, string vectorName, Filter? filter, int limit) =>
        Select(filter)
            .Select(p => (Point: p, Score: p.Vectors?.Vectors_?.Vectors is { } named && named.TryGetValue(vectorName, out var v) ? Dot(input, v) : 0))
            .Where(s => s.Score > 0)
            .OrderByDescending(s => s.Score).ThenBy(s => Key(s.Point.Id), StringComparer.Ordinal)
            .Take(limit)
            .ToList();

    private static float Dot(VectorInput query, Vector vector)
    {
        if (query.VariantCase == VectorInput.VariantOneofCase.Sparse)
        {
            var (indices, values) = QdrantRequestMappingTests.Sparse(vector);
            var weights = indices.Zip(values).ToDictionary(x => x.First, x => x.Second);
            return query.Sparse.Indices.Zip(query.Sparse.Values).Sum(x => weights.TryGetValue(x.First, out var w) ? w * x.Second : 0);
        }
#pragma warning disable CS0612 // the older wire form, read only in case the client still writes it
        var dense = vector.Dense?.Data.ToArray() ?? vector.Data.ToArray();
#pragma warning restore CS0612
        return query.Dense.Data.Zip(dense).Sum(x => x.First * x.Second);
    }

    private static RetrievedPoint Retrieved(PointStruct point, WithPayloadSelector? selector) =>
        new() { Id = point.Id, Payload = { Payload(point, selector) } };

    private static MapField<string, Value> Payload(PointStruct point, WithPayloadSelector? selector)
    {
        var payload = new MapField<string, Value>();
        if (selector is null) return payload;
        foreach (var (key, value) in point.Payload)
        {
            var keep = selector.SelectorOptionsCase switch
            {
                WithPayloadSelector.SelectorOptionsOneofCase.Enable => selector.Enable,
                WithPayloadSelector.SelectorOptionsOneofCase.Include => selector.Include.Fields.Contains(key),
                WithPayloadSelector.SelectorOptionsOneofCase.Exclude => !selector.Exclude.Fields.Contains(key),
                _ => false,
            };
            if (keep) payload[key] = value.Clone();
        }
        return payload;
    }

    private List<PointStruct> Select(Filter? filter)
    {
        if (filter is null) return [.. _points.Values];
        // The smallest posting of a top-level keyword condition bounds the candidates; every candidate is still checked in full.
        IReadOnlyCollection<PointStruct> candidates = _points.Values;
        foreach (var condition in filter.Must)
            if (condition.Field?.Match is { MatchValueCase: Match.MatchValueOneofCase.Keyword } match)
            {
                var holding = _postings.TryGetValue((condition.Field.Key, match.Keyword), out var points) ? points : [];
                if (holding.Count < candidates.Count) candidates = holding;
            }
        return candidates.Where(p => Matches(filter, p)).ToList();
    }

    private bool Matches(Filter filter, PointStruct point) =>
        filter.Must.All(c => Matches(c, point))
        && (filter.Should.Count == 0 || filter.Should.Any(c => Matches(c, point)))
        && !filter.MustNot.Any(c => Matches(c, point));

    private bool Matches(Condition condition, PointStruct point)
    {
        switch (condition.ConditionOneOfCase)
        {
            case Condition.ConditionOneOfOneofCase.Filter:
                return Matches(condition.Filter, point);
            case Condition.ConditionOneOfOneofCase.HasId:
                return condition.HasId.HasId.Any(id => Key(id) == Key(point.Id));
            case Condition.ConditionOneOfOneofCase.Field:
                break;
            default:
                throw new NotSupportedException($"condition {condition.ConditionOneOfCase} is not emulated");
        }
        var field = condition.Field;
        var values = Values(point, field.Key);
        if (field.Range is { } range)
        {
            RequireIndex(field.Key, FieldType.Integer);
            return values.Any(v => v.KindCase is Value.KindOneofCase.IntegerValue or Value.KindOneofCase.DoubleValue && InRange(Number(v), range));
        }
        var match = field.Match;
        switch (match.MatchValueCase)
        {
            case Match.MatchValueOneofCase.Keyword:
                RequireIndex(field.Key, FieldType.Keyword);
                return Strings(point, field.Key).Contains(match.Keyword);
            case Match.MatchValueOneofCase.Keywords:
                RequireIndex(field.Key, FieldType.Keyword);
                return match.Keywords.Strings.Any(Strings(point, field.Key).Contains);
            case Match.MatchValueOneofCase.Integer:
                RequireIndex(field.Key, FieldType.Integer);
                return values.Any(v => v.KindCase == Value.KindOneofCase.IntegerValue && v.IntegerValue == match.Integer);
            case Match.MatchValueOneofCase.Integers:
                RequireIndex(field.Key, FieldType.Integer);
                return values.Any(v => v.KindCase == Value.KindOneofCase.IntegerValue && match.Integers.Integers.Contains(v.IntegerValue));
            case Match.MatchValueOneofCase.Boolean:
                RequireIndex(field.Key, FieldType.Bool);
                return values.Any(v => v.KindCase == Value.KindOneofCase.BoolValue && v.BoolValue == match.Boolean);
            case Match.MatchValueOneofCase.Phrase:
                RequireIndex(field.Key, FieldType.Text);
                var phrase = Tokens(match.Phrase);
                return values.Any(v => v.KindCase == Value.KindOneofCase.StringValue && ContainsRun(Tokens(v.StringValue), phrase));
            default:
                throw new NotSupportedException($"match {match.MatchValueCase} is not emulated");
        }
    }

    private HashSet<string> Strings(PointStruct point, string field)
    {
        if (!_strings.TryGetValue(point, out var fields)) _strings[point] = fields = new(StringComparer.Ordinal);
        if (!fields.TryGetValue(field, out var set))
            fields[field] = set = Values(point, field).Where(v => v.KindCase == Value.KindOneofCase.StringValue).Select(v => v.StringValue).ToHashSet(StringComparer.Ordinal);
        return set;
    }

    private void RequireIndex(string field, FieldType type)
    {
        if (!_indexes.TryGetValue(field, out var indexed) || indexed != type)
            throw Invalid($"no {type} payload index on '{field}'");
    }

    private static RpcException Invalid(string detail) => new(new Status(StatusCode.InvalidArgument, detail));

    private static IEnumerable<Value> Values(PointStruct point, string key) =>
        point.Payload.TryGetValue(key, out var value) ? Values(value) : [];

    private static IEnumerable<Value> Values(Value value) =>
        value.KindCase == Value.KindOneofCase.ListValue ? value.ListValue.Values
        : value.KindCase == Value.KindOneofCase.NullValue ? [] : [value];

    private static long? Integer(PointStruct point, string key) =>
        Values(point, key).FirstOrDefault(v => v.KindCase == Value.KindOneofCase.IntegerValue)?.IntegerValue;

    private static double Number(Value v) => v.KindCase == Value.KindOneofCase.IntegerValue ? v.IntegerValue : v.DoubleValue;

    private static bool InRange(double x, global::Qdrant.Client.Grpc.Range r) =>
        (!r.HasGte || x >= r.Gte) && (!r.HasLte || x <= r.Lte) && (!r.HasGt || x > r.Gt) && (!r.HasLt || x < r.Lt);

    /// <summary>The whitespace tokenizer with lower-casing, as the <c>phrase_text</c> index is configured.</summary>
    private static string[] Tokens(string text) => text.ToLowerInvariant().Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);

    private static bool ContainsRun(string[] tokens, string[] phrase)
    {
        if (phrase.Length == 0) return true;
        for (var i = 0; i + phrase.Length <= tokens.Length; i++)
            if (tokens.AsSpan(i, phrase.Length).SequenceEqual(phrase)) return true;
        return false;
    }
}
