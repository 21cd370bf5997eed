namespace XaiRouter.Gateway.Forwarding;

/// <summary>What a request body's property name says about the strings under it, for the prompt's token estimate.</summary>
internal enum PromptName : byte
{
    /// <summary>Any other name.</summary>
    Other,

    /// <summary><c>messages</c>, <c>input</c>, <c>prompt</c>, <c>instructions</c> or <c>system</c> (Anthropic's) at the top level: its strings are prompt text.</summary>
    PromptField,

    /// <summary>
    /// <c>role</c>, <c>name</c>, <c>type</c>, <c>id</c>, <c>tool_call_id</c>, <c>model</c>, <c>image_url</c>, <c>url</c>, <c>detail</c>,
    /// <c>media_type</c>, <c>data</c>, <c>signature</c>, <c>tool_use_id</c>: not text.
    /// </summary>
    NotText,
}
