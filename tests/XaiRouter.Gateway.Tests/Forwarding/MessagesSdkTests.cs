using Anthropic.Exceptions;
using Anthropic.Models.Messages;

namespace XaiRouter.Gateway.Forwarding.Tests;

/// <summary>
/// Issue 17: the official Anthropic .NET SDK through the Gateway's <c>/v1/messages</c>, against native anthropic keys:
/// answers, streams, tool use, count_tokens, and the SDK's typed exceptions for the router's and the upstream's errors.
/// </summary>
[Collection(MessagesCollection.Name)]
public sealed class MessagesSdkTests(MessagesFixture fixture)
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    private static MessageCreateParams Ask(string model, string text = "Hello") => new()
    {
        Model = model,
        MaxTokens = 64,
        Messages = [new UserMessageParam(text)],
    };

    private RecordedRequest LastAt(FakeAnthropicUpstream upstream) => upstream.Requests.Last();

    [Fact]
    public async Task Create_NativeKey_AnswersAndTheUpstreamGetsItsOwnKeyAndVersion()
    {
        var before = fixture.Anthropic.Requests.Count;
        var seen = new HeaderCapture();
        using var http = new HttpClient(seen);

        var message = await fixture.Client(http: http).Messages.Create(Ask(MessagesFixture.Model), Cancellation);

        Assert.True(message.Content[0].TryPickText(out var text));
        Assert.Equal(FakeAnthropicUpstream.AnswerText, text.Text);
        Assert.Equal(21, message.Usage.InputTokens);
        Assert.Equal(12, message.Usage.OutputTokens);
        var received = fixture.Anthropic.Requests.Skip(before).Single();
        Assert.Equal("/v1/messages", received.PathAndQuery);
        Assert.Equal(MessagesFixture.AnthropicKey, received.Headers["x-api-key"]);
        // The SDK's own version (13.14 sends a newer one than the router's default) is passed on as it is.
        Assert.Equal(seen.Version, received.Headers["anthropic-version"]);
        Assert.False(received.Headers.ContainsKey("Authorization"));
    }

    [Fact]
    public async Task Create_WithBearer_IsAcceptedLikeXApiKey()
    {
        var message = await fixture.Client(bearer: true).Messages.Create(Ask(MessagesFixture.Model), Cancellation);

        Assert.True(message.Content[0].TryPickText(out var text));
        Assert.Equal(FakeAnthropicUpstream.AnswerText, text.Text);
    }

    [Fact]
    public async Task CreateStreaming_NativeKey_YieldsTheUpstreamsEventSequence()
    {
        var kinds = new List<string>();
        var text = "";
        await foreach (var streamed in fixture.Client().Messages.CreateStreaming(Ask(MessagesFixture.Model), Cancellation))
        {
            if (streamed.TryPickStart(out _))
            {
                kinds.Add("message_start");
            }
            else if (streamed.TryPickContentBlockStart(out _))
            {
                kinds.Add("content_block_start");
            }
            else if (streamed.TryPickContentBlockDelta(out var delta))
            {
                kinds.Add("content_block_delta");
                if (delta.Delta.TryPickText(out var textDelta))
                {
                    text += textDelta.Text;
                }
            }
            else if (streamed.TryPickContentBlockStop(out _))
            {
                kinds.Add("content_block_stop");
            }
            else if (streamed.TryPickDelta(out var messageDelta))
            {
                kinds.Add("message_delta");
                Assert.Equal(12, messageDelta.Usage.OutputTokens);
            }
            else if (streamed.TryPickStop(out _))
            {
                kinds.Add("message_stop");
            }
        }

        Assert.Equal(FakeAnthropicUpstream.AnswerText, text);
        Assert.Equal(["message_start", "content_block_start", "content_block_delta", "content_block_delta", "content_block_stop", "message_delta", "message_stop"], kinds);
    }

    [Fact]
    public async Task ToolUse_RoundTrip_ReachesTheUpstreamAndBack()
    {
        var client = fixture.Client();
        var ask = Ask("claude-tool", "Weather in Paris?") with
        {
            Tools = [new Tool { Name = "get_weather", Description = "w", InputSchema = new() { Properties = new Dictionary<string, JsonElement>() } }],
        };

        var first = await client.Messages.Create(ask, Cancellation);

        Assert.Equal("tool_use", first.StopReason?.Raw());
        Assert.True(first.Content[1].TryPickToolUse(out var toolUse));
        Assert.Equal("get_weather", toolUse.Name);
        Assert.Equal("Paris", toolUse.Input["city"].GetString());

        var second = await client.Messages.Create(ask with
        {
            Messages =
            [
                new UserMessageParam("Weather in Paris?"),
                new AssistantMessageParam(new List<ContentBlockParam> { new ToolUseBlockParam { ID = toolUse.ID, Name = toolUse.Name, Input = toolUse.Input } }),
                new UserMessageParam(new List<ContentBlockParam> { new ToolResultBlockParam { ToolUseID = toolUse.ID, Content = "sunny" } }),
            ],
        }, Cancellation);

        Assert.True(second.Content[0].TryPickText(out var text));
        Assert.Equal("Result: sunny", text.Text);
        Assert.Contains("\"tool_result\"", LastAt(fixture.Anthropic).Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CountTokens_NativeKey_IsTheUpstreamsCount()
    {
        var before = fixture.Anthropic.Requests.Count;

        var counted = await fixture.Client().Messages.CountTokens(new MessageCountTokensParams { Model = "claude-count", Messages = [new UserMessageParam("Hello")] }, Cancellation);

        Assert.Equal(FakeAnthropicUpstream.CountedInputTokens, counted.InputTokens);
        Assert.Equal("/v1/messages/count_tokens", fixture.Anthropic.Requests.Skip(before).Single().PathAndQuery);
    }

    [Fact]
    public async Task CountTokens_NoAnthropicKey_IsEstimatedLocally_NothingIsSent()
    {
        var before = fixture.OpenAI.Requests.Count;

        var counted = await fixture.Client().Messages.CountTokens(new MessageCountTokensParams
        {
            Model = MessagesFixture.OpenAIOnlyModel,
            Messages = [new UserMessageParam("Count the tokens of this rather short sentence, please.")],
        }, Cancellation);

        Assert.InRange(counted.InputTokens, 5, 100);
        Assert.Equal(before, fixture.OpenAI.Requests.Count);
    }

    [Fact]
    public async Task ModelsList_InAnthropicsShape_AndRetrieve()
    {
        var client = fixture.Client();

        var page = await client.Models.List(cancellationToken: Cancellation);
        var one = await client.Models.Retrieve(MessagesFixture.Model, cancellationToken: Cancellation);

        Assert.Contains(page.Items, m => m.ID == MessagesFixture.Model);
        Assert.Contains(page.Items, m => m.ID == MessagesFixture.OpenAIOnlyModel);
        Assert.Equal(MessagesFixture.Model, one.ID);
    }

    [Fact]
    public async Task BadAccessKey_IsAnthropicUnauthorizedException()
    {
        var refused = await Assert.ThrowsAsync<AnthropicUnauthorizedException>(() => fixture.Client("sk-Xvs-not-a-key").Messages.Create(Ask(MessagesFixture.Model), Cancellation));

        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
    }

    [Fact]
    public async Task PolicyWithoutMessages_IsAnthropicForbiddenException()
    {
        var key = (await Keys.Tests.SubKeysApiTests.CreateKeyAsync(fixture.Tenant.Client, new { name = "chat-only", endpoints = new[] { "chat" } })).GetProperty("key").GetString()!;

        var refused = await Assert.ThrowsAsync<AnthropicForbiddenException>(() => fixture.Client(key).Messages.Create(Ask(MessagesFixture.Model), Cancellation));

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.False(string.IsNullOrEmpty(refused.RequestID));
    }

    [Fact]
    public async Task UnknownModel_IsAnthropicNotFoundException()
    {
        var refused = await Assert.ThrowsAsync<AnthropicNotFoundException>(() => fixture.Client().Messages.Create(Ask("claude-nobody-serves"), Cancellation));

        Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);
    }

    [Fact]
    public async Task UpstreamNotFound_IsPassedThrough_AsAnthropicNotFoundException()
    {
        var refused = await Assert.ThrowsAsync<AnthropicNotFoundException>(() => fixture.Client().Messages.Create(Ask("claude-404"), Cancellation));

        Assert.Contains("claude-404", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UpstreamRateLimit_LastCandidate_KeepsStatusAndRetryAfter()
    {
        var seen = new HeaderCapture();
        using var http = new HttpClient(seen);

        var refused = await Assert.ThrowsAsync<AnthropicRateLimitException>(() => fixture.Client(http: http).Messages.Create(Ask("claude-429"), Cancellation));

        Assert.Equal((HttpStatusCode)429, refused.StatusCode);
        Assert.Equal("7", seen.Last!.Headers.RetryAfter?.ToString());
    }

    [Fact]
    public async Task UpstreamOverloaded_IsAnthropicOverloadedException()
    {
        var refused = await Assert.ThrowsAsync<AnthropicOverloadedException>(() => fixture.Client().Messages.Create(Ask("claude-529"), Cancellation));

        Assert.Equal((HttpStatusCode)529, refused.StatusCode);
    }

    [Fact]
    public async Task Overloaded_FailsOverToTheSecondAnthropicKey()
    {
        var seen = new HeaderCapture();
        using var http = new HttpClient(seen);
        var before = fixture.SecondAnthropic.Requests.Count;

        var message = await fixture.Client(http: http).Messages.Create(Ask(MessagesFixture.FailoverModel), Cancellation);

        Assert.True(message.Content[0].TryPickText(out var text));
        Assert.Equal(FakeAnthropicUpstream.AnswerText, text.Text);
        Assert.Equal("2", seen.Last!.Headers.GetValues("x-xai-attempts").Single());
        Assert.Equal(fixture.SecondKeyId, seen.Last.Headers.GetValues("x-xai-provider-key").Single());
        Assert.Equal(MessagesFixture.SecondAnthropicKey, fixture.SecondAnthropic.Requests.Skip(before).Single().Headers["x-api-key"]);
    }

    [Fact]
    public async Task MidStreamError_ReachesTheClient_AsAnthropicSseException()
    {
        await Assert.ThrowsAsync<AnthropicSseException>(async () =>
        {
            await foreach (var _ in fixture.Client().Messages.CreateStreaming(Ask("claude-midstream-error"), Cancellation))
            {
            }
        });
    }

    [Fact]
    public async Task UpstreamDropsTheStream_TheClientGetsAnAnthropicErrorEvent()
    {
        // The upstream drops the connection once the client has its first event (a reset sooner could discard what was sent).
        fixture.Anthropic.ResetStream();
        try
        {
            await Assert.ThrowsAsync<AnthropicSseException>(async () =>
            {
                await foreach (var _ in fixture.Client().Messages.CreateStreaming(Ask("claude-abort"), Cancellation))
                {
                    fixture.Anthropic.ReleaseStream();
                }
            });
        }
        finally
        {
            fixture.Anthropic.ReleaseStream();
        }
    }

    [Fact]
    public async Task RequestId_IsTheRoutersOwn_TheUpstreamsIsKeptApart()
    {
        var seen = new HeaderCapture();
        using var http = new HttpClient(seen);

        await fixture.Client(http: http).Messages.Create(Ask(MessagesFixture.Model), Cancellation);

        var headers = seen.Last!.Headers;
        Assert.Equal(headers.GetValues("x-request-id").Single(), headers.GetValues("request-id").Single());
        Assert.StartsWith("req_fake_", headers.GetValues("x-upstream-request-id").Single(), StringComparison.Ordinal);
    }

    /// <summary>Keeps the last response the SDK received, for its headers.</summary>
    private sealed class HeaderCapture() : DelegatingHandler(new HttpClientHandler())
    {
        public HttpResponseMessage? Last { get; private set; }

        /// <summary>The <c>anthropic-version</c> the SDK sent.</summary>
        public string? Version { get; private set; }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Version = request.Headers.TryGetValues("anthropic-version", out var versions) ? versions.Single() : null;
            Last = await base.SendAsync(request, cancellationToken);
            return Last;
        }
    }
}
