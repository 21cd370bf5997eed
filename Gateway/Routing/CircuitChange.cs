using XaiRouter.Grains.Abstractions.Health;

namespace XaiRouter.Gateway.Routing;

/// <summary>What one attempt's outcome did to its provider key's circuits (the key's and the model's), for the log.</summary>
/// <param name="BecameMisconfigured">The key became misconfigured with it (logged on its own, with its cooldown).</param>
/// <param name="KeyFrom">The key's circuit before.</param>
/// <param name="KeyTo">The key's circuit after.</param>
/// <param name="ModelFrom">The model's circuit before (closed when it had none).</param>
/// <param name="ModelTo">The model's circuit after.</param>
internal readonly record struct CircuitChange(bool BecameMisconfigured, CircuitState KeyFrom, CircuitState KeyTo, CircuitState ModelFrom, CircuitState ModelTo)
{
    /// <summary>A circuit changed in a way not logged already: the key's (other than becoming misconfigured), or the model's.</summary>
    public bool KeyChanged => KeyFrom != KeyTo && !BecameMisconfigured;

    public bool ModelChanged => ModelFrom != ModelTo;
}
