namespace XaiRouter.Gateway.Limits;

/// <summary>
/// One request's admissions across its scopes, from the admit stage to settlement: what it took, what refused it,
/// and what the <c>x-ratelimit-*</c> headers show (the tightest window of any scope).
/// </summary>
internal sealed class RequestAdmission(AdmissionController controller, LimitDemand demand)
{
    private readonly List<ScopeAdmission> _admitted = [];
    private WindowSnapshot? _requestWindow;
    private WindowSnapshot? _tokenWindow;

    public LimitDemand Demand => demand;

    /// <summary>The scope that refused the request, if one did.</summary>
    public ScopeAdmission? Refused { get; private set; }

    public bool BudgetWarning => _admitted.Any(a => a.BudgetWarning);

    public WindowSnapshot? RequestWindow => _requestWindow;

    public WindowSnapshot? TokenWindow => _tokenWindow;

    /// <summary>How many admissions are held: a mark for <see cref="UndoSinceAsync"/>.</summary>
    public int Mark => _admitted.Count;

    /// <summary>Gives back what was admitted since <paramref name="mark"/> (a provider key that failed).</summary>
    public Task UndoSinceAsync(int mark) => UndoAsync(mark);

    /// <summary>Admits by every scope or by none: on a refusal, what this call took is given back.</summary>
    /// <returns>Whether all admitted.</returns>
    public async Task<bool> AdmitAllAsync(IReadOnlyList<LimitScope> scopes)
    {
        var start = _admitted.Count;
        foreach (var scope in scopes)
        {
            var admission = await controller.AdmitAsync(scope, demand);
            Observe(admission);
            if (!admission.Admitted)
            {
                Refused = admission;
                await UndoAsync(start);
                return false;
            }

            _admitted.Add(admission);
        }

        Refused = null;
        return true;
    }

    /// <summary>Settles every admission with what the request used (nothing, if it was not served).</summary>
    /// <param name="usedTokens">Tokens used.</param>
    /// <param name="costUsd">The base cost (list price); each budget is charged it times its scope's cost factor.</param>
    public async Task SettleAsync(long usedTokens, decimal costUsd)
    {
        foreach (var admission in _admitted)
        {
            await controller.SettleAsync(admission, demand, usedTokens, costUsd, undo: false);
        }

        _admitted.Clear();
    }

    private async Task UndoAsync(int start)
    {
        for (var i = _admitted.Count - 1; i >= start; i--)
        {
            await controller.SettleAsync(_admitted[i], demand, 0, 0m, undo: true);
            _admitted.RemoveAt(i);
        }
    }

    private void Observe(ScopeAdmission admission)
    {
        _requestWindow = Tighter(_requestWindow, admission.RequestWindow);
        _tokenWindow = Tighter(_tokenWindow, admission.TokenWindow);
    }

    private static WindowSnapshot? Tighter(WindowSnapshot? current, WindowSnapshot? candidate) =>
        candidate is null || (current is not null && current.Remaining <= candidate.Remaining) ? current : candidate;
}
