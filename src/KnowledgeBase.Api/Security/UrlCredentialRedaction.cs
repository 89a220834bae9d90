using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Http.Features;

namespace KnowledgeBase.Api.Security;

/// <summary>
/// Redacts credentials in query strings (<see cref="UrlCredentials"/>) as each request arrives from the server, before
/// the host creates its context: the host's request log ("Request starting … ?key=…", written when
/// <c>Microsoft.AspNetCore.Hosting</c> logs at Information), diagnostics, middleware and exception logs all see the
/// redacted URL. A middleware cannot do this: the host logs the request before any middleware runs. The request is
/// marked (<see cref="UrlCredentials.Found"/>) and refused with 400.
/// </summary>
public sealed class UrlCredentialRedaction(IServer inner) : IServer
{
    public IFeatureCollection Features => inner.Features;

    public Task StartAsync<TContext>(IHttpApplication<TContext> application, CancellationToken cancellationToken) where TContext : notnull =>
        inner.StartAsync(new RedactingApplication<TContext>(application), cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => inner.StopAsync(cancellationToken);

    public void Dispose() => inner.Dispose();

    private sealed class RedactingApplication<TContext>(IHttpApplication<TContext> application) : IHttpApplication<TContext> where TContext : notnull
    {
        public TContext CreateContext(IFeatureCollection contextFeatures)
        {
            if (contextFeatures.Get<IHttpRequestFeature>() is { } request && UrlCredentials.Redact(request.QueryString) is { } redacted)
            {
                request.QueryString = redacted;
                var query = request.RawTarget.IndexOf('?');
                if (query >= 0) request.RawTarget = request.RawTarget[..query] + redacted;
                contextFeatures.Set(new UrlCredentials.Found());
            }
            return application.CreateContext(contextFeatures);
        }

        public Task ProcessRequestAsync(TContext context) => application.ProcessRequestAsync(context);

        public void DisposeContext(TContext context, Exception? exception) => application.DisposeContext(context, exception);
    }
}
