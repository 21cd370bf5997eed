using XaiRouter.Gateway.Vault;

namespace XaiRouter.Gateway.Forwarding;

/// <summary>
/// Every response carries <c>x-request-id</c>, XaiRouter's own id of the request (the usage ledger's id). An
/// upstream's own request id is kept as <c>x-upstream-request-id</c> (<see cref="RouterResponseHeaders"/>). A caller's
/// own <c>x-request-id</c> is neither answered nor forwarded: upstreams get only allow-listed headers (<see cref="ProviderHeaderPolicy"/>).
/// </summary>
internal static class RequestIds
{
    public const string Header = "x-request-id";
    public const string UpstreamHeader = "x-upstream-request-id";

    private static readonly object ItemKey = new();

    /// <summary>Middleware: gives the request its id and puts it on the response.</summary>
    public static Task AssignAsync(HttpContext context, RequestDelegate next)
    {
        var id = "req_" + RandomIds.NewBase62(RandomIds.TenantIdBytes);
        context.Items[ItemKey] = id;
        context.Response.Headers[Header] = id;
        return next(context);
    }

    public static string? Of(HttpContext context) => context.Items[ItemKey] as string;

    /// <summary>After the upstream's headers were copied: ours again, theirs under another name.</summary>
    public static void RestoreAfterUpstream(HttpContext context)
    {
        var headers = context.Response.Headers;
        if (Of(context) is not { } ours)
        {
            return;
        }

        // The forwarder appends the upstream's values to ours.
        var values = headers[Header];
        if (values.Count > 1 || values != ours)
        {
            foreach (var value in values)
            {
                if (value != ours)
                {
                    headers.Append(UpstreamHeader, value);
                }
            }

            headers[Header] = ours;
        }
    }
}
