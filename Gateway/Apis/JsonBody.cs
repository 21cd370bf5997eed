using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace XaiRouter.Gateway.Apis;

/// <summary>Reads a JSON request body and turns every malformed body into a 400 ProblemDetails.</summary>
internal static class JsonBody
{
    /// <summary>Largest body of the routes anyone may call without a credential (<c>/x/claim</c>, <c>/x/session</c>).</summary>
    public const int UnauthenticatedMaxBytes = 16 * 1024;

    /// <summary>
    /// Reads a body of at most <paramref name="maxBytes"/> (413 above): for routes that take no credential, whose body
    /// would otherwise be read whole (up to the server's 30 MB) before the failure throttle is even asked.
    /// </summary>
    public static Task<(T? Value, ProblemHttpResult? Problem)> ReadSmallAsync<T>(HttpRequest request, JsonTypeInfo<T> typeInfo, int maxBytes, CancellationToken cancellationToken)
        where T : class
    {
        if (request.ContentLength > maxBytes)
        {
            return Task.FromResult<(T?, ProblemHttpResult?)>((null, TooLarge(request, maxBytes)));
        }

        if (request.HttpContext.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = maxBytes;
        }

        return ReadAsync(request, typeInfo, cancellationToken, maxBytes);
    }

    /// <summary>413, logged in one line like every refused body (<see cref="ClientInputErrors"/>).</summary>
    private static ProblemHttpResult TooLarge(HttpRequest request, long? maxBytes)
    {
        request.HttpContext.RequestServices.GetRequiredService<ClientInputErrors>().Log(request.HttpContext, StatusCodes.Status413PayloadTooLarge,
            maxBytes is { } max ? $"The request body is larger than {max} bytes." : "The request body is too large.");
        return Problems.BodyTooLarge(maxBytes);
    }

    /// <returns>The body, or the problem to answer with.</returns>
    public static Task<(T? Value, ProblemHttpResult? Problem)> ReadAsync<T>(HttpRequest request, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken)
        where T : class => ReadAsync(request, typeInfo, cancellationToken, maxBytes: null);

    private static async Task<(T? Value, ProblemHttpResult? Problem)> ReadAsync<T>(HttpRequest request, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken, long? maxBytes)
        where T : class
    {
        try
        {
            var value = await JsonSerializer.DeserializeAsync(request.Body, typeInfo, cancellationToken);
            return value is null
                ? (null, Problems.BadRequest("The request body must be a JSON object."))
                : (value, null);
        }
        catch (BadHttpRequestException exception) when (exception.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (null, TooLarge(request, maxBytes ?? request.HttpContext.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize));
        }
        catch (JsonException exception)
        {
            var where = string.IsNullOrEmpty(exception.Path) || exception.Path == "$" ? "" : $" (at {exception.Path})";
            return (null, Problems.BadRequest($"The request body is not valid JSON for this endpoint{where}."));
        }
    }
}
