namespace XaiRouter.Gateway.Usage;

/// <summary>
/// What the request log needs to know of a <c>/v1</c> request the router may answer itself: whose it is (the key that
/// authenticated, or for a refused key the tenant its id names), the model once read, the error code answered, and
/// whether the pipeline settled it as served (then the ledger has it already). Holds ids only, never a secret.
/// </summary>
internal sealed class RequestLogEntry
{
    private static readonly object ItemKey = new();

    public string? TenantId { get; private set; }

    public string? KeyId { get; private set; }

    public string? Model { get; set; }

    /// <summary>The error code (or type) of the router's own error answer, if it wrote one.</summary>
    public string? Error { get; set; }

    /// <summary>An upstream answered and the pipeline queued its usage record.</summary>
    public bool Settled { get; set; }

    /// <summary>The provider key of the last attempt, its kind and its base URL's host.</summary>
    public ProviderKeyRecord? ProviderKey { get; set; }

    /// <summary>Attempts made at upstreams (0: the router answered itself).</summary>
    public int Attempts { get; set; }

    /// <summary>When the first answer byte came from the upstream (a <see cref="TimeProvider"/> timestamp), or 0.</summary>
    public long FirstByteAt { get; set; }

    /// <summary>The model the upstream says answered, and why its answer ended (names only, for telemetry).</summary>
    public string? ResponseModel { get; set; }

    public string? FinishReason { get; set; }

    /// <summary>The tokens billed for a served request.</summary>
    public (long Input, long Output)? Tokens { get; set; }

    public void Identify(string tenantId, string keyId)
    {
        TenantId = tenantId;
        KeyId = keyId;
    }

    /// <summary>Starts the entry of a request (see <see cref="RefusalRecorder"/>).</summary>
    public static RequestLogEntry Begin(HttpContext context)
    {
        var entry = new RequestLogEntry();
        context.Items[ItemKey] = entry;
        return entry;
    }

    /// <summary>Remembers the error code of the answer being written (no-op outside <c>/v1</c>).</summary>
    public static void NoteError(HttpContext context, string code)
    {
        if (Of(context) is { } entry)
        {
            entry.Error = code;
        }
    }

    /// <summary>The request's entry; <see langword="null"/> outside <c>/v1</c> (nothing is logged there).</summary>
    public static RequestLogEntry? Of(HttpContext context) => context.Items.TryGetValue(ItemKey, out var entry) ? entry as RequestLogEntry : null;
}
