using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace XaiRouter.Gateway.Apis;

/// <summary>Reads a JSON request body and turns every malformed body into a 400 ProblemDetails.</summary>
internal static class JsonBody
{
    /// <returns>The body, or the problem to answer with.</returns>
    public static async Task<(T? Value, ProblemHttpResult? Problem)> ReadAsync<T>(HttpRequest request, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken)
        where T : class
    {
        try
        {
            var value = await JsonSerializer.DeserializeAsync(request.Body, typeInfo, cancellationToken);
            return value is null
                ? (null, Problems.BadRequest("The request body must be a JSON object."))
                : (value, null);
        }
        catch (JsonException exception)
        {
            var where = string.IsNullOrEmpty(exception.Path) || exception.Path == "$" ? "" : $" (at {exception.Path})";
            return (null, Problems.BadRequest($"The request body is not valid JSON for this endpoint{where}."));
        }
    }
}
