namespace KnowledgeBase.Tests.Worker;

/// <summary>Tests that start real worker processes run one after another, so they do not skew each other's timings and memory.</summary>
[CollectionDefinition(nameof(WorkerProcessCollection))]
public sealed class WorkerProcessCollection;
