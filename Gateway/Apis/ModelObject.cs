namespace XaiRouter.Gateway.Apis;

/// <summary>A model in OpenAI's shape: <c>{"id","object":"model","created","owned_by"}</c>.</summary>
internal sealed record ModelObject(string Id, long Created, string OwnedBy)
{
    [System.Text.Json.Serialization.JsonPropertyOrder(1)]
    public string Object { get; } = "model";
}
