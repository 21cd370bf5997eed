using XaiRouter.Grains.Abstractions.Usage;

namespace XaiRouter.Gateway.Hosting.Tests;

/// <summary>An incoming grain call filter that counts the calls that reach <see cref="IUsageLedgerGrain.RecordAsync"/>.</summary>
public sealed class LedgerCallCounter : IIncomingGrainCallFilter
{
    private long _recordCalls;

    public long RecordCalls => Interlocked.Read(ref _recordCalls);

    public Task Invoke(IIncomingGrainCallContext context)
    {
        if (context.InterfaceMethod?.DeclaringType == typeof(IUsageLedgerGrain) && context.MethodName == nameof(IUsageLedgerGrain.RecordAsync))
        {
            Interlocked.Increment(ref _recordCalls);
        }

        return context.Invoke();
    }
}
