namespace XaiRouter.Gateway.Limits;

/// <summary>One scope's answer for one request, kept until the request settles.</summary>
/// <param name="Scope">The scope.</param>
/// <param name="Refusal">Why it refused; <see langword="null"/> when admitted.</param>
/// <param name="RetryAfter">When it could admit, if waiting helps.</param>
/// <param name="Requests">Requests taken.</param>
/// <param name="Tokens">Tokens reserved.</param>
/// <param name="Held">A hold was taken in the grain (to be settled there).</param>
/// <param name="RequestWindow">The tightest request window, for the headers.</param>
/// <param name="TokenWindow">The tightest token window, for the headers.</param>
/// <param name="BudgetWarning">Admitted over a soft monthly budget.</param>
internal sealed record ScopeAdmission(
    LimitScope Scope,
    LimitRefusal? Refusal,
    TimeSpan? RetryAfter,
    long Requests,
    long Tokens,
    bool Held,
    WindowSnapshot? RequestWindow,
    WindowSnapshot? TokenWindow,
    bool BudgetWarning)
{
    public bool Admitted => Refusal is null;
}
