namespace XaiRouter.Gateway.Usage.Tests;

/// <summary>Counts the HTTP requests a client sends (every retry of an SDK included).</summary>
public sealed class CountingHandler() : DelegatingHandler(new SocketsHttpHandler())
{
    private int _count;

    public int Count => Volatile.Read(ref _count);

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _count);
        return base.SendAsync(request, cancellationToken);
    }
}
