namespace XaiRouter.Gateway.Forwarding;

/// <summary>The request body is not acceptable; the message is safe to show the client.</summary>
internal sealed class InvalidRequestBodyException(string message) : Exception(message);
