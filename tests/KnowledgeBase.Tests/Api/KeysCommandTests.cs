using System.Diagnostics;
using KnowledgeBase.Security;
using KnowledgeBase.Storage.Embedded;
using KnowledgeBase.Storage.Embedded.Keys;

namespace KnowledgeBase.Tests.Api;

/// <summary><c>kb keys create|list|revoke</c> run as the real tool.</summary>
[Trait("Category", "Slow")]
public sealed class KeysCommandTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<(int Code, string Out, string Err)> KbAsync(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "kb.dll"));
        foreach (var a in args) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output, await error);
    }

    [Fact]
    public async Task Create_prints_the_key_last_and_list_and_revoke_manage_it()
    {
        var data = TestServices.TempDirectory();
        var created = await KbAsync("keys", "create", "--data", data, "--role", "partner", "--org", "甲智库", "--name", "cli test");
        Assert.Equal(0, created.Code);
        var key = created.Out.TrimEnd().Split('\n')[^1].Trim();
        var store = new SqliteApiKeyStore(new SqliteDatabase(data));
        var info = await store.ValidateAsync(key, Ct);
        Assert.NotNull(info);
        Assert.Equal(ApiRole.Partner, info.Role);
        Assert.Equal("甲智库", info.Organisation);

        var listed = await KbAsync("keys", "list", "--data", data);
        Assert.Contains(info.Id, listed.Out);
        Assert.DoesNotContain(key, listed.Out);

        Assert.Equal(0, (await KbAsync("keys", "revoke", "--data", data, info.Id)).Code);
        Assert.Null(await store.ValidateAsync(key, Ct));
        Assert.Equal(1, (await KbAsync("keys", "revoke", "--data", data, info.Id)).Code);
        Assert.Equal(1, (await KbAsync("keys", "create", "--data", data, "--role", "partner")).Code);
        var bound = await KbAsync("keys", "create", "--data", data, "--role", "staff", "--org", "甲智库");
        Assert.Equal(1, bound.Code);
        Assert.Contains("--org is for partner keys only", bound.Err);
        Assert.DoesNotContain(await store.ListAsync(Ct), k => k.Role == ApiRole.Staff);
    }
}
