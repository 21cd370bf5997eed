namespace XaiRouter.Gateway.Tenants.Tests;

/// <summary>Claim expiry and session throttle tests share one Gateway with a test clock and a small failure burst.</summary>
[CollectionDefinition(Name)]
public sealed class OnboardingCollection : ICollectionFixture<OnboardingFixture>
{
    public const string Name = "onboarding";
}
