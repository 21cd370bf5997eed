using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.DependencyInjection;

namespace XaiRouter.Gateway.Forwarding.Tests;

/// <summary>Through the whole Gateway, every kind of request gives its pooled body buffer back (issue 16, item 3).</summary>
[Collection(ForwardingCollection.Name)]
public sealed class RequestBodyPoolGatewayTests(ForwardingFixture fixture)
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task PlainStreamedAliasedChunkedMalformedAndTooLarge_EveryBufferIsReturned()
    {
        var pool = fixture.Gateway.Services.GetRequiredService<RequestBodyPool>();
        using var client = new HttpClient { BaseAddress = fixture.GatewayAddress, Timeout = TimeSpan.FromSeconds(20) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", fixture.Tenant.Key);
        const string chat = """{"model":"gpt-4o","messages":[{"role":"user","content":"hi"}]}""";
        var before = fixture.Upstream.Requests.Count;
        fixture.Upstream.ResetStream();
        fixture.Upstream.ReleaseStream();

        var statuses = new List<HttpStatusCode>
        {
            await PostAsync(client, chat, declaredLength: true),
            await PostAsync(client, """{"model":"gpt-4o","stream":true,"messages":[{"role":"user","content":"hi"}]}""", declaredLength: true),
            await PostAsync(client, """{"model":"fast","messages":[{"role":"user","content":"hi"}]}""", declaredLength: false),
            await PostAsync(client, """{"model":"gpt-4o","messages":[{"role":"user","content":" """ + new string('x', 20_000) + "\"}]}", declaredLength: false),
            await PostAsync(client, """{"model":"gpt-4o","messages":[}""", declaredLength: true),
            await PostAsync(client, """{"model":"gpt-4o","messages":[{"role":"user","content":" """ + new string('x', (int)ForwardingFixture.MaxBody) + "\"}]}", declaredLength: false),
        };

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.BadRequest, HttpStatusCode.RequestEntityTooLarge], statuses);
        Assert.Equal(chat, fixture.Upstream.Requests.Skip(before).First().Body);
        Assert.True(await AllReturnedAsync(pool), $"{pool.Outstanding} body buffers were not returned");
    }

    /// <summary>
    /// Whether every buffer is back once the requests' handlers have ended: the client may see an answer's last
    /// byte a moment before its handler disposes the body, so this waits (10 s at most) for the count to drop.
    /// </summary>
    internal static async Task<bool> AllReturnedAsync(RequestBodyPool pool)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (pool.Outstanding != 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(10, Cancellation);
        }

        return pool.Outstanding == 0;
    }

    private static async Task<HttpStatusCode> PostAsync(HttpClient client, string json, bool declaredLength)
    {
        HttpContent content = declaredLength
            ? new StringContent(json, Encoding.UTF8, "application/json")
            : new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(json)));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        if (!declaredLength)
        {
            content.Headers.ContentLength = null;
        }

        try
        {
            using var response = await client.PostAsync("/v1/chat/completions", content, Cancellation);
            await response.Content.ReadAsStringAsync(Cancellation);
            return response.StatusCode;
        }
        catch (TaskCanceledException exception)
        {
            throw new InvalidOperationException($"No answer to a {json.Length}-byte body (declared length: {declaredLength}): {json[..Math.Min(60, json.Length)]}", exception);
        }
    }
}
