namespace XaiRouter.Gateway.Forwarding;

/// <summary>The request body is larger than <c>Upstream:MaxRequestBodySize</c>.</summary>
internal sealed class RequestBodyTooLargeException(long limit) : Exception($"The request body is larger than {limit} bytes.")
{
    public long Limit { get; } = limit;
}
