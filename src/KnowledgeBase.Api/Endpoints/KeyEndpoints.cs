using KnowledgeBase.Api.Security;
using KnowledgeBase.Security;
using Microsoft.AspNetCore.Mvc;

namespace KnowledgeBase.Api.Endpoints;

/// <summary>What an admin sends to create a key.</summary>
public sealed record CreateKeyRequest(string Role, string? Organisation, string? Name);

/// <summary>A new key; <see cref="Key"/> is shown only in this answer.</summary>
public sealed record CreatedKeyView(string Id, string Role, string? Organisation, string? Name, DateTimeOffset CreatedAt, string Key);

/// <summary>A key as listed (no secret).</summary>
public sealed record KeyView(string Id, string Role, string? Organisation, string? Name, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt)
{
    public static KeyView From(ApiKeyInfo k) => new(k.Id, k.Role.Name(), k.Organisation, k.Name, k.CreatedAt, k.RevokedAt);
}

/// <summary>Admin API for keys: create, list, revoke.</summary>
public static class KeyEndpoints
{
    public static IEndpointRouteBuilder MapKeyEndpoints(this IEndpointRouteBuilder app)
    {
        var keys = app.MapGroup("/api/keys").WithTags("Keys").RequireAuthorization(Policies.Admin);
        keys.MapPost("/", CreateAsync).WithSummary("Create an API key (the key is returned once)");
        keys.MapGet("/", async ([FromServices] IApiKeyStore store, CancellationToken ct) =>
            Results.Ok((await store.ListAsync(ct)).Select(KeyView.From))).WithSummary("List API keys");
        keys.MapDelete("/{id}", async (string id, [FromServices] IApiKeyStore store, CancellationToken ct) =>
            await store.RevokeAsync(id, ct) ? Results.NoContent() : ApiProblems.NotFound()).WithSummary("Revoke an API key");
        return app;
    }

    private static async Task<IResult> CreateAsync(CreateKeyRequest request, [FromServices] IApiKeyStore store, CancellationToken ct)
    {
        if (!ApiRoles.TryParse(request.Role, out var role)) return Results.Problem("role must be member, staff, partner or admin.", statusCode: 400);
        if (ApiKeySecrets.OrganisationProblem(role, request.Organisation) is { } problem) return Results.Problem(problem, statusCode: 400);
        var created = await store.CreateAsync(role, request.Organisation, request.Name, ct);
        var k = created.Info;
        return Results.Created($"/api/keys/{k.Id}", new CreatedKeyView(k.Id, k.Role.Name(), k.Organisation, k.Name, k.CreatedAt, created.Secret));
    }
}
