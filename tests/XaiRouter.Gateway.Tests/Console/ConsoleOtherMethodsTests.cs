namespace XaiRouter.Gateway.WebConsole.Tests;

/// <summary>
/// Issue 18 review (adv18): the security headers are on every <c>/console</c> answer, also the 405 that routing
/// gives another method (its body is written by the status code pages, not by the console's endpoints).
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class ConsoleOtherMethodsTests(GatewayFactory factory)
{
    [Theory]
    [InlineData("POST", "/console")]
    [InlineData("PUT", "/console/js/app.js")]
    [InlineData("OPTIONS", "/console/")]
    public async Task AnotherMethod_Is405_WithTheSecurityHeaders(string method, string path)
    {
        using var client = factory.CreateClient();

        using var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Equal(ConsoleHeaders.ContentSecurityPolicy, string.Join(", ", response.Headers.GetValues("Content-Security-Policy")));
        Assert.Equal(
            ["nosniff", "no-referrer", "same-origin"],
            new[] { "X-Content-Type-Options", "Referrer-Policy", "Cross-Origin-Opener-Policy" }.Select(h => string.Join(", ", response.Headers.GetValues(h))));
    }
}
