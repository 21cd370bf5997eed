namespace XaiRouter.Gateway.Limits;

/// <summary>What one request asks of its scopes.</summary>
/// <param name="RequestId">The request id, the id of its holds.</param>
/// <param name="Tokens">Its token estimate: input counted with the tokenizer, output up to its <c>max_tokens</c>.</param>
/// <param name="ReserveUsd">Its maximum base cost (list price); each budget reserves it times its scope's <see cref="LimitScope.CostFactor"/>.</param>
internal readonly record struct LimitDemand(string RequestId, long Tokens, decimal ReserveUsd);
