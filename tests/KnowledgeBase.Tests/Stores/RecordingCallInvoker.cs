using Google.Protobuf;
using Grpc.Core;
using Qdrant.Client.Grpc;

namespace KnowledgeBase.Tests.Stores;

/// <summary>
/// A fake gRPC transport for <c>QdrantClient</c>: records every request and answers with a canned response. It exists
/// because no Qdrant server can run on the build machines; tests using it prove which requests we send and how we read
/// answers, never how Qdrant filters or ranks.
/// </summary>
public sealed class RecordingCallInvoker : CallInvoker
{
    private readonly List<(string Method, IMessage Request)> _calls = [];

    /// <summary>Every call so far: gRPC method name (e.g. <c>/qdrant.Points/Upsert</c>) and request.</summary>
    public IReadOnlyList<(string Method, IMessage Request)> Calls { get { lock (_calls) return _calls.ToList(); } }

    /// <summary>Answers a request; return null for the default answer (success, nothing found).</summary>
    public Func<string, IMessage, IMessage?> Respond { get; set; } = (_, _) => null;

    /// <summary>Requests of one type, in order.</summary>
    public IReadOnlyList<T> Requests<T>() where T : IMessage => Calls.Select(c => c.Request).OfType<T>().ToList();

    public override TResponse BlockingUnaryCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request) =>
        Answer(method, request);

    public override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request) =>
        new(Task.FromResult(Answer(method, request)), Task.FromResult(new Metadata()), () => Status.DefaultSuccess, () => [], () => { });

    public override AsyncServerStreamingCall<TResponse> AsyncServerStreamingCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request) =>
        throw new NotSupportedException(method.FullName);

    public override AsyncClientStreamingCall<TRequest, TResponse> AsyncClientStreamingCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options) =>
        throw new NotSupportedException(method.FullName);

    public override AsyncDuplexStreamingCall<TRequest, TResponse> AsyncDuplexStreamingCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options) =>
        throw new NotSupportedException(method.FullName);

    private TResponse Answer<TRequest, TResponse>(Method<TRequest, TResponse> method, TRequest request) where TRequest : class where TResponse : class
    {
        var message = (IMessage)request;
        lock (_calls) _calls.Add((method.FullName, message.Descriptor.Parser.ParseFrom(message.ToByteString())));
        return (TResponse)(Respond(method.FullName, message) ?? Default(typeof(TResponse), message));
    }

    /// <summary>Success with nothing found; a collection that was created here is reported back as created.</summary>
    private IMessage Default(Type response, IMessage request) => response.Name switch
    {
        nameof(CollectionExistsResponse) => new CollectionExistsResponse { Result = new CollectionExists { Exists = Requests<CreateCollection>().Count > 0 } },
        nameof(CollectionOperationResponse) => new CollectionOperationResponse { Result = true },
        nameof(PointsOperationResponse) => new PointsOperationResponse { Result = new UpdateResult { Status = UpdateStatus.Completed } },
        nameof(CountResponse) => new CountResponse { Result = new CountResult { Count = 0 } },
        nameof(GetCollectionInfoResponse) => new GetCollectionInfoResponse { Result = InfoOf(Requests<CreateCollection>().LastOrDefault()) },
        nameof(QueryBatchResponse) => EmptyBatch((QueryBatchPoints)request),
        _ => (IMessage)Activator.CreateInstance(response)!,
    };

    private static QueryBatchResponse EmptyBatch(QueryBatchPoints request)
    {
        var response = new QueryBatchResponse();
        foreach (var _ in request.QueryPoints) response.Result.Add(new BatchResult());
        return response;
    }

    /// <summary>What Qdrant would report for a collection created with <paramref name="create"/>.</summary>
    public static CollectionInfo InfoOf(CreateCollection? create)
    {
        var parameters = new CollectionParams();
        if (create?.SparseVectorsConfig is { } sparse) parameters.SparseVectorsConfig = sparse.Clone();
        if (create?.VectorsConfig is { } vectors) parameters.VectorsConfig = vectors.Clone();
        var config = new CollectionConfig { Params = parameters };
        if (create is not null) config.Metadata.Add(create.Metadata);
        return new CollectionInfo { Status = CollectionStatus.Green, Config = config };
    }
}
