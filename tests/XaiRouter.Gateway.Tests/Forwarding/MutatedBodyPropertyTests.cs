using System.Net.Http.Headers;
using CsCheck;

namespace XaiRouter.Gateway.Forwarding.Tests;

/// <summary>
/// The HTTP-level property: mutated and random bodies (some cut into chunks, some past 16 KiB) sent to the real
/// Gateway never get a 5xx, and every refusal is in OpenAI's envelope. The upstream takes any body, so a 5xx could
/// only be the router's own.
/// </summary>
[Collection(InputCollection.Name)]
public sealed class MutatedBodyPropertyTests(InputFixture fixture)
{
    [Fact]
    public async Task ChatCompletions_MutatedBodies_NeverA5xx()
    {
        using var client = new HttpClient { BaseAddress = fixture.GatewayAddress };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", fixture.Tenant.Key);
        var bodies = InputGenerators.BodyFor(Gen.OneOf("mutant", "no-such-model"));

        await Gen.Select(bodies, Gen.Bool).SampleAsync(async (body, chunked) =>
        {
            HttpContent content = chunked ? new StreamContent(new MemoryStream(body)) : new ByteArrayContent(body);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            using var response = await client.PostAsync("/v1/chat/completions", content, TestContext.Current.CancellationToken);
            var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

            Assert.True((int)response.StatusCode < 500, $"{(int)response.StatusCode}: {text}");
            if ((int)response.StatusCode >= 400)
            {
                Assert.Equal(JsonValueKind.Object, JsonDocument.Parse(text).RootElement.GetProperty("error").ValueKind);
            }
        }, iter: 150, threads: 1);
    }
}
