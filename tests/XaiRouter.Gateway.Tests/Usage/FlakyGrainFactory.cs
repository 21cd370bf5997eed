using System.Reflection;
using XaiRouter.Grains.Abstractions.Usage;

namespace XaiRouter.Gateway.Usage.Tests;

/// <summary>The real <see cref="IGrainFactory"/>, but usage ledgers come wrapped in a <see cref="FlakyLedger"/>.</summary>
public class FlakyGrainFactory : DispatchProxy
{
    private IGrainFactory _inner = null!;
    private FlakyLedgers _ledgers = null!;

    public static IGrainFactory Create(IGrainFactory inner, FlakyLedgers ledgers)
    {
        var proxy = Create<IGrainFactory, FlakyGrainFactory>();
        var factory = (FlakyGrainFactory)(object)proxy;
        (factory._inner, factory._ledgers) = (inner, ledgers);
        return proxy;
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        ArgumentNullException.ThrowIfNull(targetMethod);
        object? result;
        try
        {
            result = targetMethod.Invoke(_inner, args);
        }
        catch (TargetInvocationException exception) when (exception.InnerException is not null)
        {
            throw exception.InnerException;
        }

        return result is IUsageLedgerGrain ledger ? new FlakyLedger(ledger, _ledgers) : result;
    }
}
