using System.CommandLine;
using KnowledgeBase.Cli;
using KnowledgeBase.Cli.Commands;


var root = new RootCommand("""
    kb — the think-tank knowledge base: ingest policy documents and research papers, then search them
    in Chinese or English and get cited passages (title, page, passage, matching words).
    Run 'kb VERB --help' for each verb.
    """)
{
    IngestCommand.Create(),
    SearchCommand.Create(),
    TextCommand.Create(),
    StatsCommand.Create(),
    EvalCommand.Create(),
    WorkerCommand.Create(),
    StatusCommand.Create(),
    FailuresCommand.Create(),
    MigrateCommand.Create(),
    ReindexCommand.Create(),
    CompactCommand.Create(),
    KeysCommand.Create(),
    BenchCommand.Create(),
};
try
{
    // A search waits mostly for jieba's dictionary: start building it before the command line is even parsed.
    if (args is ["search", ..]) CliHost.StartSegmenterLoading();
    return await root.Parse(args).InvokeAsync();
}
catch (Exception e) when (e is not OperationCanceledException)
{
    Console.Error.WriteLine($"kb: {e.Message}");
    return 1;
}
