namespace XaiRouter.Gateway.Translation.Tests;

/// <summary>The end-to-end stream translation tests share one Gateway and its fake upstreams.</summary>
[CollectionDefinition(Name)]
public sealed class StreamTranslationCollection : ICollectionFixture<StreamTranslationFixture>
{
    public const string Name = "stream-translation";
}
