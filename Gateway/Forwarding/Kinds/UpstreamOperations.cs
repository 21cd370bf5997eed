namespace XaiRouter.Gateway.Forwarding.Kinds;

/// <summary>The operations a client route asks for (<see cref="ClientRoute.Operation"/>), as the kind rules name them.</summary>
internal static class UpstreamOperations
{
    public const string Chat = "chat";
    public const string Completions = "completions";
    public const string Embeddings = "embeddings";
    public const string Responses = "responses";
    public const string Messages = "messages";
    public const string CountTokens = "count_tokens";
}
