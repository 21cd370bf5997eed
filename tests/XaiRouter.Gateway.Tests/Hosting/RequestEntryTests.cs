using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using XaiRouter.Gateway.Forwarding;
using XaiRouter.Gateway.Security;
using XaiRouter.Gateway.Usage;

namespace XaiRouter.Gateway.Hosting.Tests;

/// <summary>
/// The middleware in front of every request (issue 16, second round): a <c>/v1</c> request gets its id and its
/// refusal log entry and nothing of the management surface (no record-cache work, no status code pages); a write on
/// <c>/x</c> still empties the record cache; the error shapes of both surfaces stay as they were.
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class RequestEntryTests(GatewayFactory factory)
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task V1Request_GetsIdAndLogEntry_WithoutManagementWriteWork()
    {
        var (context, resolved) = NewContext(HttpMethods.Post, "/v1/chat/completions");
        RequestLogEntry? entry = null;

        await Entry().InvokeAsync(context, inner =>
        {
            entry = RequestLogEntry.Of(inner);
            return Task.CompletedTask;
        });

        Assert.NotNull(entry);
        Assert.StartsWith("req_", RequestIds.Of(context), StringComparison.Ordinal);
        Assert.Equal(RequestIds.Of(context), context.Response.Headers[RequestIds.Header].ToString());
        Assert.DoesNotContain(typeof(RecordCache), resolved);
        Assert.False(RequestEntry.WantsStatusCodePages(context));
    }

    [Fact]
    public async Task ManagementWrite_EmptiesTheRecordCache_AndIsNotLoggedAsARefusal()
    {
        var (context, resolved) = NewContext(HttpMethods.Post, "/x/keys");
        RequestLogEntry? entry = null;

        await Entry().InvokeAsync(context, inner =>
        {
            entry = RequestLogEntry.Of(inner);
            inner.Response.StatusCode = StatusCodes.Status201Created;
            return Task.CompletedTask;
        });

        Assert.Null(entry);
        Assert.NotNull(RequestIds.Of(context));
        Assert.Contains(typeof(RecordCache), resolved);
        Assert.True(RequestEntry.WantsStatusCodePages(context));
    }

    [Fact]
    public async Task ManagementRead_LeavesTheRecordCache()
    {
        var (context, resolved) = NewContext(HttpMethods.Get, "/x/keys");

        await Entry().InvokeAsync(context, static _ => Task.CompletedTask);

        Assert.DoesNotContain(typeof(RecordCache), resolved);
    }

    [Fact]
    public async Task UnknownRoutes_KeepTheirSurfacesErrorShapes()
    {
        using var client = factory.CreateClientWithKey("xr_not-a-key");
        using var v1 = await client.GetAsync("/v1/no-such-route", Cancellation);
        using var operatorClient = factory.CreateOperatorClient();
        using var x = await operatorClient.GetAsync("/x/no-such-route", Cancellation);

        // /v1: the OpenAI envelope (a refused key here), never ProblemDetails; /x: ProblemDetails from status code pages.
        Assert.Equal("application/json", v1.Content.Headers.ContentType?.MediaType);
        Assert.True((await v1.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).TryGetProperty("error", out _));
        Assert.True(v1.Headers.Contains(RequestIds.Header));
        Assert.Equal(HttpStatusCode.NotFound, x.StatusCode);
        Assert.Equal("application/problem+json", x.Content.Headers.ContentType?.MediaType);
    }

    private RequestEntry Entry() => new(factory.Services.GetRequiredService<RefusalRecorder>());

    private (DefaultHttpContext Context, List<Type> Resolved) NewContext(string method, string path)
    {
        var resolved = new List<Type>();
        var context = new DefaultHttpContext { RequestServices = new RecordingProvider(factory.Services, resolved) };
        context.Request.Method = method;
        context.Request.Path = path;
        return (context, resolved);
    }

    /// <summary>The Gateway's services, noting every type asked for.</summary>
    private sealed class RecordingProvider(IServiceProvider inner, List<Type> resolved) : IServiceProvider
    {
        public object? GetService(Type serviceType)
        {
            resolved.Add(serviceType);
            return inner.GetService(serviceType);
        }
    }
}
