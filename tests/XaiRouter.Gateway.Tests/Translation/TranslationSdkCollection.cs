namespace XaiRouter.Gateway.Translation.Tests;

/// <summary>The cross-format SDK tests share one Gateway and both fake upstreams.</summary>
[CollectionDefinition(Name)]
public sealed class TranslationSdkCollection : ICollectionFixture<TranslationSdkFixture>
{
    public const string Name = "translation-sdk";
}
