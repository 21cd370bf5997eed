namespace XaiRouter.Gateway;

/// <summary>Log event ids of the answer and stream translation (issue 17, part D): 2330-2339.</summary>
internal static partial class EventIds
{
    public const int UpstreamAnswerUntranslatable = 2330;
    public const int StreamTranslationFailed = 2331;
}
