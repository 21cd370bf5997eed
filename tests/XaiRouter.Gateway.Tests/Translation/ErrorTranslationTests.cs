using static XaiRouter.Gateway.Translation.Tests.TranslationHarness;

namespace XaiRouter.Gateway.Translation.Tests;

/// <summary>Upstream error answers in the client's envelope, by status (README "Translation", errors).</summary>
public sealed class ErrorTranslationTests
{
    private const string OpenAIBody = """{"error":{"message":"Upstream says no.","type":"invalid_request_error","param":null,"code":"x"}}""";

    [Theory]
    [InlineData(400, "invalid_request_error")]
    [InlineData(401, "authentication_error")]
    [InlineData(402, "billing_error")]
    [InlineData(403, "permission_error")]
    [InlineData(404, "not_found_error")]
    [InlineData(408, "timeout_error")]
    [InlineData(409, "invalid_request_error")]
    [InlineData(413, "request_too_large")]
    [InlineData(422, "invalid_request_error")]
    [InlineData(429, "rate_limit_error")]
    [InlineData(500, "api_error")]
    [InlineData(502, "api_error")]
    [InlineData(503, "overloaded_error")]
    [InlineData(504, "timeout_error")]
    [InlineData(529, "overloaded_error")]
    public void OpenAIError_ForAnAnthropicClient_IsTypedByStatus(int status, string type)
    {
        var error = Error(status, OpenAIBody, AnthropicClientOn());

        Same($$$"""{"type":"error","error":{"type":"{{{type}}}","message":"Upstream says no."}}""", error);
    }

    [Fact]
    public void GeminiArrayError_ForAnAnthropicClient_ReadsTheFirstElement()
    {
        var error = Error(400, """[{"error":{"code":400,"message":"API key not valid.","status":"INVALID_ARGUMENT"}}]""", AnthropicClientOn(ProviderKind.Gemini));

        Same("""{"type":"error","error":{"type":"invalid_request_error","message":"API key not valid."}}""", error);
    }

    [Theory]
    [InlineData("")]
    [InlineData("<html><body>502 Bad Gateway</body></html>")]
    [InlineData("[]")]
    [InlineData("""{"error":{"message":42}}""")]
    [InlineData("""{"detail":"nope"}""")]
    public void UnreadableBodies_NameTheStatus(string body)
    {
        Same("""{"type":"error","error":{"type":"api_error","message":"The upstream provider failed with HTTP 502."}}""", Error(502, body, AnthropicClientOn()));
        Same("""{"error":{"message":"The upstream provider failed with HTTP 502.","type":"api_error","param":null,"code":"api_error"}}""", Error(502, body, OpenAIClientOnAnthropic()));
    }

    [Fact]
    public void BareErrorString_IsTheMessage()
    {
        Same("""{"type":"error","error":{"type":"rate_limit_error","message":"slow down"}}""", Error(429, """{"error":"slow down"}""", AnthropicClientOn()));
    }

    [Theory]
    [InlineData(400, "invalid_request_error", "invalid_request_error")]
    [InlineData(401, "authentication_error", "invalid_request_error")]
    [InlineData(404, "not_found_error", "invalid_request_error")]
    [InlineData(413, "request_too_large", "invalid_request_error")]
    [InlineData(429, "rate_limit_error", "rate_limit_exceeded")]
    [InlineData(500, "api_error", "api_error")]
    [InlineData(529, "overloaded_error", "api_error")]
    public void AnthropicError_ForAnOpenAIClient_KeepsItsTypeAsTheCode(int status, string anthropicType, string openAIType)
    {
        var error = Error(status, $$$"""{"type":"error","error":{"type":"{{{anthropicType}}}","message":"Said Claude."},"request_id":"req_1"}""", OpenAIClientOnAnthropic());

        Same($$$"""{"error":{"message":"Said Claude.","type":"{{{openAIType}}}","param":null,"code":"{{{anthropicType}}}"}}""", error);
    }

    [Fact]
    public void NonAnthropicBody_FromAnAnthropicKey_GetsTheCodeOfItsStatus()
    {
        Same("""{"error":{"message":"Upstream says no.","type":"rate_limit_exceeded","param":null,"code":"rate_limit_error"}}""", Error(429, OpenAIBody, OpenAIClientOnAnthropic()));
    }
}
