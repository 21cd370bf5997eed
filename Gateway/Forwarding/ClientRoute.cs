using XaiRouter.Gateway.Translation;

namespace XaiRouter.Gateway.Forwarding;

/// <summary>
/// A client-facing forwarded route: its policy endpoint name, the format its clients speak (which also picks the error
/// envelope of everything the router answers on it), and the upstream operation it asks for.
/// </summary>
internal sealed record ClientRoute(string Endpoint, WireFormat Format, string Operation)
{
    public static readonly ClientRoute Chat = new("chat", WireFormat.OpenAIChat, "chat");

    public static readonly ClientRoute Completions = new("completions", WireFormat.OpenAIChat, "completions");

    public static readonly ClientRoute Embeddings = new("embeddings", WireFormat.OpenAIChat, "embeddings");

    public static readonly ClientRoute Responses = new("responses", WireFormat.OpenAIChat, "responses");

    public static readonly ClientRoute Messages = new("messages", WireFormat.AnthropicMessages, "messages");

    public static readonly ClientRoute CountTokens = new("messages", WireFormat.AnthropicMessages, "count_tokens");

    /// <summary>The route of this request as its endpoint set it; <see cref="Chat"/> when none did.</summary>
    public static ClientRoute Of(HttpContext context) => context.Items[typeof(ClientRoute)] as ClientRoute ?? Chat;

    /// <summary>Names this route as the request's; the first thing an endpoint does, so even its refusals use the right envelope.</summary>
    public void Set(HttpContext context) => context.Items[typeof(ClientRoute)] = this;
}
