using System.CommandLine;
using KnowledgeBase.Cli.Output;
using KnowledgeBase.Security;
using Microsoft.Extensions.DependencyInjection;

namespace KnowledgeBase.Cli.Commands;

/// <summary><c>kb keys create|list|revoke</c>: API keys for the HTTP API, stored hashed with the shared state (the data directory, or PostgreSQL).</summary>
internal static class KeysCommand
{
    public static Command Create() => new("keys", "Create, list and revoke API keys (member, staff, partner, admin).")
    {
        CreateVerb(),
        ListVerb(),
        RevokeVerb(),
    };

    private static Command CreateVerb()
    {
        var data = CommonOptions.Data(creates: true);
        var role = new Option<string>("--role") { Description = "member, staff, partner or admin.", Required = true, HelpName = "ROLE" };
        role.AcceptOnlyFromAmong(ApiRoles.Member, ApiRoles.Staff, ApiRoles.Partner, ApiRoles.Admin);
        var org = new Option<string?>("--org") { Description = "Organisation of a partner key (required for partners, refused for other roles).", HelpName = "ORG" };
        var name = new Option<string?>("--name") { Description = "A label to recognise the key by.", HelpName = "NAME" };
        var command = new Command("create", "Create a key; the key itself is printed on the last line, once.") { data, role, org, name };
        command.SetAction(async (result, cancellationToken) =>
        {
            ApiRoles.TryParse(result.GetValue(role), out var parsed);
            if (ApiKeySecrets.OrganisationProblem(parsed, result.GetValue(org)) is { } problem)
            {
                Console.Error.WriteLine(parsed == ApiRole.Partner ? "kb keys create: a partner key needs --org ORG." : $"kb keys create: --org is for partner keys only. {problem}");
                return ExitCodes.Error;
            }
            await using var services = CliHost.Build(result.GetValue(data)!);
            var created = await services.GetRequiredService<IApiKeyStore>().CreateAsync(parsed, result.GetValue(org), result.GetValue(name), cancellationToken);
            var k = created.Info;
            Console.WriteLine($"Created {k.Role.Name()} key {k.Id}{(k.Organisation is null ? "" : $" for {k.Organisation}")}{(k.Name is null ? "" : $" ({k.Name})")}. Keep it secret; it is not shown again:");
            Console.WriteLine(created.Secret);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command ListVerb()
    {
        var data = CommonOptions.Data();
        var json = CommonOptions.Json("the keys");
        var command = new Command("list", "List keys (ids, roles, organisations; never the secrets).") { data, json };
        command.SetAction(async (result, cancellationToken) =>
        {
            if (!CliHost.RequireKnowledgeBase(result.GetValue(data)!)) return ExitCodes.Error;
            await using var services = CliHost.Build(result.GetValue(data)!);
            var keys = await services.GetRequiredService<IApiKeyStore>().ListAsync(cancellationToken);
            if (result.GetValue(json))
            {
                JsonOutput.Write(keys.Select(k => new { k.Id, role = k.Role.Name(), k.Organisation, k.Name, k.CreatedAt, k.RevokedAt }));
                return ExitCodes.Ok;
            }
            if (keys.Count == 0)
            {
                Console.WriteLine("no keys");
                return ExitCodes.Ok;
            }
            var table = new PlainTable("ID", "ROLE", "ORGANISATION", "NAME", "CREATED", "STATUS");
            foreach (var k in keys)
                table.Add(k.Id, k.Role.Name(), k.Organisation, k.Name, $"{k.CreatedAt:yyyy-MM-dd}", k.IsActive ? "active" : $"revoked {k.RevokedAt:yyyy-MM-dd}");
            table.WriteTo(Console.Out);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command RevokeVerb()
    {
        var data = CommonOptions.Data();
        var id = new Argument<string>("ID") { Description = "The key id shown by 'kb keys list'." };
        var command = new Command("revoke", "Revoke a key; requests with it are refused from then on.") { data, id };
        command.SetAction(async (result, cancellationToken) =>
        {
            if (!CliHost.RequireKnowledgeBase(result.GetValue(data)!)) return ExitCodes.Error;
            var keyId = result.GetValue(id)!;
            await using var services = CliHost.Build(result.GetValue(data)!);
            if (await services.GetRequiredService<IApiKeyStore>().RevokeAsync(keyId, cancellationToken))
            {
                Console.WriteLine($"Revoked {keyId}.");
                return ExitCodes.Ok;
            }
            Console.Error.WriteLine($"kb keys revoke: no active key with id {keyId}.");
            return ExitCodes.Error;
        });
        return command;
    }
}
