using System.Security.Cryptography;
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

    private const string Prefix = "req_";

    /// <summary>Random bytes per id: 128 bits, 22 base62 characters (<c>req_</c> + 22, the documented format).</summary>
    private const int IdBytes = RandomIds.TenantIdBytes;

    /// <summary>Ids drawn per refill of a thread's buffer.</summary>
    private const int IdsPerRefill = 64;

    private static readonly int IdLength = Prefix.Length + Base62.EncodedLength(IdBytes);

    private static readonly object ItemKey = new();

    /// <summary>
    /// Operating-system randomness fetched <see cref="IdsPerRefill"/> ids at a time: each call into the generator costs a
    /// syscall (OpenSSL checks its process id on every call, for fork safety), which per request was measurable. Every id
    /// is still 128 fresh bits of the same generator, so ids stay unguessable and say nothing about each other or about
    /// how many requests the router serves (a counter would tell one tenant the others' traffic). Not secret: each
    /// becomes a response header.
    /// </summary>
    [ThreadStatic]
    private static byte[]? t_random;

    [ThreadStatic]
    private static int t_used;

    /// <summary>Middleware: gives the request its id and puts it on the response.</summary>
    public static Task AssignAsync(HttpContext context, RequestDelegate next)
    {
        Assign(context);
        return next(context);
    }

    /// <summary>Gives the request its id and puts it on the response (see <see cref="Hosting.RequestEntry"/>).</summary>
    public static void Assign(HttpContext context)
    {
        var id = NewId();
        context.Items[ItemKey] = id;
        context.Response.Headers[Header] = id;
    }

    /// <summary>A new request id: <c>req_</c> and 22 base62 characters of 128 random bits.</summary>
    public static string NewId()
    {
        var random = t_random;
        if (random is null || t_used == random.Length)
        {
            random = t_random ??= new byte[IdBytes * IdsPerRefill];
            RandomNumberGenerator.Fill(random);
            t_used = 0;
        }

        var bytes = random.AsSpan(t_used, IdBytes);
        t_used += IdBytes;
        return string.Create(IdLength, bytes, static (chars, source) =>
        {
            Prefix.CopyTo(chars);
            Base62.Encode(source, chars[Prefix.Length..]);
        });
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
