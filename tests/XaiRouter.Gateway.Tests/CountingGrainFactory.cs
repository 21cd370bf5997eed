using System.Collections.Concurrent;
using System.Reflection;

namespace XaiRouter.Gateway.Tests;

/// <summary>
/// The real <see cref="IGrainFactory"/>, counting its <c>GetGrain</c> calls by grain interface: each resolves the grain
/// interface type through attribute reflection, so a hot path must keep its references instead.
/// </summary>
public class CountingGrainFactory : DispatchProxy
{
    private IGrainFactory _inner = null!;

    public ConcurrentDictionary<Type, int> GetGrainCalls { get; } = new();

    public static (IGrainFactory Factory, CountingGrainFactory Counts) Wrap(IGrainFactory inner)
    {
        var proxy = Create<IGrainFactory, CountingGrainFactory>();
        var counts = (CountingGrainFactory)(object)proxy;
        counts._inner = inner;
        return (proxy, counts);
    }

    public int CallsFor<TGrain>() => GetGrainCalls.GetValueOrDefault(typeof(TGrain));

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        ArgumentNullException.ThrowIfNull(targetMethod);
        if (targetMethod.Name == nameof(IGrainFactory.GetGrain) && targetMethod.IsGenericMethod)
        {
            GetGrainCalls.AddOrUpdate(targetMethod.GetGenericArguments()[0], 1, static (_, count) => count + 1);
        }

        try
        {
            return targetMethod.Invoke(_inner, args);
        }
        catch (TargetInvocationException exception) when (exception.InnerException is not null)
        {
            throw exception.InnerException;
        }
    }
}
