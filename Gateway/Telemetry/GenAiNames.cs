using XaiRouter.Gateway.Forwarding;

namespace XaiRouter.Gateway.Telemetry;

/// <summary>
/// Names of the OpenTelemetry GenAI semantic conventions (attributes, metrics and well-known values), and XaiRouter's
/// own attributes beside them (<c>xai.*</c>).
/// </summary>
internal static class GenAiNames
{
    public const string OperationName = "gen_ai.operation.name";
    public const string ProviderName = "gen_ai.provider.name";
    public const string RequestModel = "gen_ai.request.model";
    public const string ResponseModel = "gen_ai.response.model";
    public const string InputTokens = "gen_ai.usage.input_tokens";
    public const string OutputTokens = "gen_ai.usage.output_tokens";
    public const string FinishReasons = "gen_ai.response.finish_reasons";
    public const string TokenType = "gen_ai.token.type";
    public const string ServerAddress = "server.address";
    public const string ErrorType = "error.type";
    public const string StatusCode = "http.response.status_code";

    public const string TenantId = "xai.tenant.id";
    public const string KeyId = "xai.key.id";
    public const string ProviderKeyId = "xai.provider_key.id";
    public const string Attempt = "xai.attempt";

    public const string TokenUsageMetric = "gen_ai.client.token.usage";
    public const string OperationDurationMetric = "gen_ai.client.operation.duration";
    public const string TimeToFirstTokenMetric = "gen_ai.server.time_to_first_token";

    /// <summary>The convention's value of <c>gen_ai.operation.name</c> for a route's upstream operation.</summary>
    public static string Operation(ClientRoute route) => route.Operation switch
    {
        "completions" => "text_completion",
        "embeddings" => "embeddings",
        "count_tokens" => "count_tokens",
        _ => "chat",
    };

    /// <summary>The convention's well-known value of <c>gen_ai.provider.name</c> for a provider key's kind.</summary>
    public static string Provider(ProviderKind kind) => kind switch
    {
        ProviderKind.OpenAI => "openai",
        ProviderKind.Anthropic => "anthropic",
        ProviderKind.AzureOpenAI => "azure.ai.openai",
        ProviderKind.Gemini => "gcp.gemini",
        // Any OpenAI-compatible server: the convention's advice for a provider it does not list is a name of our own.
        _ => "openai_compatible",
    };
}
