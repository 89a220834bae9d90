using KnowledgeBase.Security;
using Microsoft.Extensions.DependencyInjection;

namespace KnowledgeBase.Tests.State;

/// <summary>The behaviour every <see cref="IApiKeyStore"/> must show: keys shown once, stored hashed, checked exactly, revocable.</summary>
public abstract class KeyStoreBehaviour(StateLocation location) : IAsyncDisposable
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        return location.DisposeAsync();
    }

    private IApiKeyStore Keys() => location.Services().GetRequiredService<IApiKeyStore>();

    [Fact]
    public async Task A_created_key_signs_in_from_another_process_with_its_role_and_organisation()
    {
        var created = await Keys().CreateAsync(ApiRole.Partner, "  智库甲 ", " 甲方研究员 ", Ct);
        Assert.StartsWith("kb_" + created.Info.Id + "_", created.Secret);
        var validated = await Keys().ValidateAsync(created.Secret, Ct);
        Assert.NotNull(validated);
        Assert.Equal((created.Info.Id, ApiRole.Partner, "智库甲", "甲方研究员"), (validated.Id, validated.Role, validated.Organisation, validated.Name));
        Assert.Equal(created.Info.CreatedAt, validated.CreatedAt);
        Assert.True(validated.IsActive);
    }

    [Fact]
    public async Task Wrong_tampered_malformed_and_unknown_keys_are_refused()
    {
        var keys = Keys();
        var created = await keys.CreateAsync(ApiRole.Staff, null, null, Ct);
        var secret = created.Secret;
        var last = secret[^1] == 'A' ? 'B' : 'A';
        Assert.Null(await keys.ValidateAsync(secret[..^1] + last, Ct));
        Assert.Null(await keys.ValidateAsync(secret + "x", Ct));
        Assert.Null(await keys.ValidateAsync("kb_0000000000000000_" + secret[(secret.LastIndexOf('_') + 1)..], Ct));
        Assert.Null(await keys.ValidateAsync("not a key", Ct));
        Assert.Null(await keys.ValidateAsync("", Ct));
        Assert.NotNull(await keys.ValidateAsync("  " + secret + " ", Ct));
    }

    [Fact]
    public async Task Keys_list_without_secrets_and_revoked_keys_stop_working()
    {
        var keys = Keys();
        var admin = await keys.CreateAsync(ApiRole.Admin, null, "admin", Ct);
        var member = await keys.CreateAsync(ApiRole.Member, null, "member", Ct);
        Assert.True(await keys.RevokeAsync(member.Info.Id, Ct));
        Assert.False(await keys.RevokeAsync(member.Info.Id, Ct));
        Assert.False(await keys.RevokeAsync("0123456789abcdef", Ct));

        Assert.Null(await keys.ValidateAsync(member.Secret, Ct));
        Assert.NotNull(await keys.ValidateAsync(admin.Secret, Ct));
        var listed = await Keys().ListAsync(Ct);
        Assert.Equal(("member", false), ((await keys.GetAsync(member.Info.Id, Ct))!.Name, (await keys.GetAsync(member.Info.Id, Ct))!.IsActive));
        Assert.Null(await keys.GetAsync("0123456789abcdef", Ct));
        // Oldest first; never a secret or its hash.
        Assert.Equal([(admin.Info.Id, "admin", true), (member.Info.Id, "member", false)], listed.Select(k => (k.Id, k.Name, k.IsActive)));
    }

    [Fact]
    public async Task A_partner_key_needs_an_organisation()
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => Keys().CreateAsync(ApiRole.Partner, "  ", null, Ct));
        Assert.Contains("organisation", error.Message);
        Assert.Empty(await Keys().ListAsync(Ct));
    }
}
