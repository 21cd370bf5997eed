using System.ClientModel;
using Anthropic.Models.Messages;
using OpenAI;
using OpenAI.Chat;
using XaiRouter.Gateway.Forwarding.Tests;

namespace XaiRouter.Gateway.Routing.Tests;

/// <summary>
/// Issue 17, end to end across formats through the pipeline (these need the translators: parts C and D): the
/// Anthropic SDK served by an openai key, the OpenAI SDK served by an anthropic key, and a failover from an
/// overloaded anthropic key to an openai key that an Anthropic client sees as one clean stream.
/// </summary>
[Collection(MessagesCollection.Name)]
public sealed class CrossFormatFailoverTests(MessagesFixture fixture)
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    private static MessageCreateParams Ask(string model) => new() { Model = model, MaxTokens = 64, Messages = [new UserMessageParam("Hello")] };

    [Fact]
    public async Task AnthropicSdk_OnAnOpenAIKey_GetsATranslatedMessage()
    {
        var before = fixture.OpenAI.Requests.Count;

        var message = await fixture.Client().Messages.Create(Ask(MessagesFixture.OpenAIOnlyModel), Cancellation);

        Assert.True(message.Content[0].TryPickText(out var text));
        Assert.Equal("hello from upstream", text.Text);
        var received = fixture.OpenAI.Requests.Skip(before).Single();
        Assert.Equal("/v1/chat/completions", received.PathAndQuery);
        Assert.Equal("Bearer " + MessagesFixture.OpenAIKey, received.Headers["Authorization"]);
    }

    [Fact]
    public async Task OpenAISdk_OnAnAnthropicKey_GetsATranslatedCompletion()
    {
        var client = new OpenAIClient(new ApiKeyCredential(fixture.Tenant.Key), new OpenAIClientOptions { Endpoint = new Uri(fixture.GatewayAddress, "/v1") });
        var before = fixture.Anthropic.Requests.Count;

        ChatCompletion completion = await client.GetChatClient(MessagesFixture.Model).CompleteChatAsync([new UserChatMessage("hi")], cancellationToken: Cancellation);

        Assert.Equal(FakeAnthropicUpstream.AnswerText, completion.Content[0].Text);
        Assert.Equal("/v1/messages", fixture.Anthropic.Requests.Skip(before).Single().PathAndQuery);
    }

    [Fact]
    public async Task AnthropicStream_OverloadedAnthropicKey_FailsOverToAnOpenAIKey_AsOneCleanStream()
    {
        var kinds = new List<string>();
        var text = "";
        await foreach (var streamed in fixture.Client().Messages.CreateStreaming(Ask(MessagesFixture.MixedModel), Cancellation))
        {
            if (streamed.TryPickStart(out _))
            {
                kinds.Add("message_start");
            }
            else if (streamed.TryPickContentBlockDelta(out var delta) && delta.Delta.TryPickText(out var textDelta))
            {
                text += textDelta.Text;
            }
            else if (streamed.TryPickStop(out _))
            {
                kinds.Add("message_stop");
            }
        }

        Assert.Equal("Hello", text);
        Assert.Equal(["message_start", "message_stop"], kinds);
    }
}
