using KnowledgeBase.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace KnowledgeBase.Tests.State;

/// <summary>
/// Where one test keeps its shared state, and services wired to it exactly as the applications wire them
/// (<see cref="ServiceCollectionExtensions.AddKnowledgeBase"/>). Each call to <see cref="Services"/> is a separate
/// "process" on the same state (own connections, own pools), as several workers would be.
/// </summary>
public abstract class StateLocation : IAsyncDisposable
{
    private readonly List<ServiceProvider> _providers = [];
    private Dictionary<string, string?>? _settings;

    /// <summary>The settings that point at this location; skips the test (visibly) when it cannot exist here.</summary>
    protected abstract Dictionary<string, string?> Create();

    protected abstract ValueTask DeleteAsync();

    public ServiceProvider Services(TimeProvider? clock = null, IReadOnlyDictionary<string, string?>? settings = null)
    {
        _settings ??= Create();
        var all = new Dictionary<string, string?>(_settings);
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) all[key] = value;
        var services = new ServiceCollection();
        services.AddLogging();
        if (clock is not null) services.AddSingleton(clock);
        services.AddKnowledgeBase(new ConfigurationBuilder().AddInMemoryCollection(all).Build());
        var provider = services.BuildServiceProvider();
        lock (_providers) _providers.Add(provider);
        return provider;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var provider in _providers) await provider.DisposeAsync();
        if (_settings is not null) await DeleteAsync();
        GC.SuppressFinalize(this);
    }
}

/// <summary>The embedded default: a fresh data directory.</summary>
public sealed class EmbeddedLocation : StateLocation
{
    private string? _data;

    protected override Dictionary<string, string?> Create() => new() { ["KnowledgeBase:DataDirectory"] = _data = TestServices.TempDirectory() };

    protected override ValueTask DeleteAsync()
    {
        try { Directory.Delete(_data!, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        return ValueTask.CompletedTask;
    }
}

/// <summary>
/// A throw-away schema in the PostgreSQL database named by <c>KB_TEST_POSTGRES</c> (a connection string; <c>.ci/run</c>
/// creates one), selected with the connection's search path, so tests never see each other's tables. Without
/// <c>KB_TEST_POSTGRES</c> the test is reported as skipped, never as passed.
/// </summary>
public sealed class PostgresLocation : StateLocation
{
    public const string Variable = "KB_TEST_POSTGRES";
    public const string SkipReason = "KB_TEST_POSTGRES not set — no PostgreSQL for the tests (bash .ci/run starts one and sets it)";

    private readonly string _data = TestServices.TempDirectory();
    private string? _schema;

    public static string? ConnectionString => Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value ? value : null;

    /// <summary>The schema this location created (after the first <see cref="StateLocation.Services"/>).</summary>
    public string? Schema => _schema;

    public string DataDirectory => _data;

    protected override Dictionary<string, string?> Create()
    {
        Assert.SkipWhen(ConnectionString is null, SkipReason);
        _schema = "kb_test_" + Guid.NewGuid().ToString("N")[..16];
        using (var connection = new NpgsqlConnection(ConnectionString))
        {
            connection.Open();
            using var create = new NpgsqlCommand($"CREATE SCHEMA {_schema}", connection);
            create.ExecuteNonQuery();
        }
        return new Dictionary<string, string?>
        {
            // The store itself stays embedded; only the shared state moves.
            ["KnowledgeBase:DataDirectory"] = _data,
            ["KnowledgeBase:State"] = "Postgres",
            ["KnowledgeBase:Postgres:ConnectionString"] = SchemaConnectionString(_schema),
        };
    }

    /// <summary>The test database's connection string with its search path set to <paramref name="schema"/>.</summary>
    public static string SchemaConnectionString(string schema) =>
        new NpgsqlConnectionStringBuilder(ConnectionString) { SearchPath = schema }.ConnectionString;

    protected override async ValueTask DeleteAsync()
    {
        try { Directory.Delete(_data, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP SCHEMA IF EXISTS {_schema} CASCADE", connection);
        await drop.ExecuteNonQueryAsync();
    }
}
