namespace XaiRouter.Gateway;

internal static partial class EventIds
{
    // Operator tooling, xai-admin (issue 19): 2400-2439.
    public const int NodeAgentRegistrationFailed = 2400;
    public const int LedgerFlushedByOperator = 2401;
}
