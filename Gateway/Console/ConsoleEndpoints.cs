using Microsoft.Net.Http.Headers;

namespace XaiRouter.Gateway.WebConsole;

/// <summary>
/// <c>/console</c>: the web console's files, served from memory. <c>/console</c> and <c>/console/</c> are
/// <c>index.html</c> (the app routes by the URL's fragment, <c>/console#/usage</c>, so no other path needs it); any
/// other path is a file or a 404. The console itself only calls the public <c>/x</c> and <c>/admin</c> routes.
/// </summary>
internal static class ConsoleEndpoints
{
    public const string IndexFile = "index.html";

    public static IEndpointRouteBuilder MapConsole(this IEndpointRouteBuilder app)
    {
        var catalog = ConsoleAssetCatalog.Load();
        string[] methods = [HttpMethods.Get, HttpMethods.Head];
        app.MapMethods("/console", methods, context => ServeAsync(context, catalog, IndexFile)).ExcludeFromDescription();
        app.MapMethods("/console/{**path}", methods, context => ServeAsync(context, catalog, context.Request.RouteValues["path"] as string))
            .ExcludeFromDescription();
        return app;
    }

    private static Task ServeAsync(HttpContext context, ConsoleAssetCatalog catalog, string? path)
    {
        var response = context.Response;
        ConsoleHeaders.ApplySecurity(response);
        var asset = catalog.Find(string.IsNullOrEmpty(path) ? IndexFile : path);
        if (asset is null)
        {
            response.StatusCode = StatusCodes.Status404NotFound;
            response.ContentType = "text/plain; charset=utf-8";
            return response.WriteAsync("No such console file.");
        }

        ConsoleHeaders.ApplyCaching(response, asset);
        if (IsUnchanged(context.Request, asset))
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            return Task.CompletedTask;
        }

        var encoding = ContentEncodingChoice.Choose(context.Request);
        if (encoding is not null)
        {
            response.Headers.ContentEncoding = encoding;
        }

        var body = asset.Body(encoding);
        response.ContentType = asset.ContentType;
        response.ContentLength = body.Length;
        return HttpMethods.IsHead(context.Request.Method) ? Task.CompletedTask : response.Body.WriteAsync(body, context.RequestAborted).AsTask();
    }

    private static bool IsUnchanged(HttpRequest request, ConsoleAsset asset) =>
        EntityTagHeaderValue.TryParseList(request.Headers.IfNoneMatch, out var tags)
        && tags.Any(tag => tag.Equals(EntityTagHeaderValue.Any) || tag.Compare(new EntityTagHeaderValue(asset.ETag), useStrongComparison: false));
}
