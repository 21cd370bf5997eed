using static XaiRouter.Gateway.Translation.Tests.TranslationHarness;

namespace XaiRouter.Gateway.Translation.Tests;

/// <summary>Images both ways: data URLs and base64 sources, http(s) URLs and url sources, and media types Anthropic refuses.</summary>
public sealed class ImageRequestTranslationTests
{
    private static string OpenAIImage(string url, string detail = "") =>
        $$$"""{"model":"m","messages":[{"role":"user","content":[{"type":"text","text":"What is this?"},{"type":"image_url","image_url":{"url":"{{{url}}}"{{{detail}}}}}]}]}""";

    [Theory]
    [InlineData("image/png")]
    [InlineData("image/jpeg")]
    [InlineData("image/gif")]
    [InlineData("image/webp")]
    public void OpenAIDataUrl_BecomesABase64Source_DetailIgnored(string mediaType)
    {
        var body = Request(OpenAIImage($"data:{mediaType};base64,iVBORw0KGgo+/=", detail: ""","detail":"high" """), OpenAIClientOnAnthropic());

        Same($$$"""
            [{"type":"text","text":"What is this?"},
             {"type":"image","source":{"type":"base64","media_type":"{{{mediaType}}}","data":"iVBORw0KGgo+/="}}]
            """, body["messages"]![0]!["content"]);
    }

    [Fact]
    public void OpenAIDataUrl_KeepsBase64Unescaped()
    {
        using var output = new PooledBufferWriter();

        Assert.Null(RequestTranslation.Translate(System.Text.Encoding.UTF8.GetBytes(OpenAIImage("data:image/png;base64,ab+c/d==")), OpenAIClientOnAnthropic(), output));

        Assert.Contains("\"data\":\"ab+c/d==\"", System.Text.Encoding.UTF8.GetString(output.WrittenSpan), StringComparison.Ordinal);
    }

    [Fact]
    public void OpenAIDataUrl_WithEscapedSlashes_IsUnescaped()
    {
        var body = Request(OpenAIImage("data:image\\/png;base64,ab\\/c"), OpenAIClientOnAnthropic());

        Same("""{"type":"base64","media_type":"image/png","data":"ab/c"}""", body["messages"]![0]!["content"]![1]!["source"]);
    }

    [Theory]
    [InlineData("https://example.com/cat.png")]
    [InlineData("http://example.com/cat.jpg?size=2")]
    public void OpenAIHttpUrl_BecomesAUrlSource(string url)
    {
        var body = Request(OpenAIImage(url), OpenAIClientOnAnthropic());

        Same($$$"""{"type":"image","source":{"type":"url","url":"{{{url}}}"}}""", body["messages"]![0]!["content"]![1]);
    }

    [Theory]
    [InlineData("data:image/bmp;base64,Qk0=")]
    [InlineData("data:image/svg+xml;base64,PHN2Zz4=")]
    [InlineData("data:application/pdf;base64,JVBERi0=")]
    [InlineData("data:image/png,rawbytes")]
    [InlineData("ftp://example.com/cat.png")]
    [InlineData("file:///etc/passwd")]
    public void OpenAIImage_WithABadMediaTypeOrScheme_IsRefusedNamingTheUrl(string url)
    {
        var refusal = Refusal(OpenAIImage(url), OpenAIClientOnAnthropic());

        Assert.Equal("messages[0].content[1].image_url.url", refusal.Field);
        Assert.Contains("image/png", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AnthropicBase64Image_BecomesADataUrl()
    {
        var body = Request("""{"model":"c","max_tokens":5,"messages":[{"role":"user","content":[{"type":"image","source":{"type":"base64","media_type":"image/webp","data":"UklGR+/="}},{"type":"text","text":"What?"}]}]}""", AnthropicClientOn());

        Same("""[{"type":"image_url","image_url":{"url":"data:image/webp;base64,UklGR+/="}},{"type":"text","text":"What?"}]""", body["messages"]![0]!["content"]);
    }

    [Fact]
    public void AnthropicUrlImage_BecomesAnImageUrl()
    {
        var body = Request("""{"model":"c","max_tokens":5,"messages":[{"role":"user","content":[{"type":"image","source":{"type":"url","url":"https://example.com/a.png"}}]}]}""", AnthropicClientOn());

        Same("""[{"type":"image_url","image_url":{"url":"https://example.com/a.png"}}]""", body["messages"]![0]!["content"]);
    }

    [Fact]
    public void AnthropicFileImage_IsRefusedNamingTheSource()
    {
        var refusal = Refusal("""{"model":"c","max_tokens":5,"messages":[{"role":"user","content":[{"type":"image","source":{"type":"file","file_id":"file_1"}}]}]}""", AnthropicClientOn());

        Assert.Equal("messages[0].content[0].source.type", refusal.Field);
    }
}
