using System.CommandLine;
using KnowledgeBase.Cli;
using KnowledgeBase.Cli.Commands;
using KnowledgeBase.Hosting.Configuration;
using KnowledgeBase.Storage;
using KnowledgeBase.Text;


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
    ServeCommand.Create(),
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
    // Exceptions come here rather than to System.CommandLine's handler, so a bad setting reads as one line naming it.
    return await root.Parse(args).InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
}
catch (OperationCanceledException)
{
    return 130;
}
catch (Exception e) when (SettingsValidation.DescribeSettingError(e) is { } setting)
{
    Console.Error.WriteLine($"kb: invalid setting: {setting}");
    return 1;
}
catch (Exception e) when (e is StaleIndexException or MissingResourceFileException)
{
    // Conditions of the installation the message explains and says how to fix (kb reindex, the resource path).
    Console.Error.WriteLine($"kb: {e.Message}");
    return 1;
}
catch (Exception e)
{
    // A fault, not a mistake of the user's: the whole exception, for a bug report.
    Console.Error.WriteLine($"kb: {e}");
    return 1;
}
