using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace XaiRouter.Gateway.Apis;

/// <summary>
/// Declares how <c>/openapi/v1.json</c>'s routes authenticate: a bearer token in <c>Authorization</c>, an access key
/// on <c>/v1/*</c> and <c>/x/*</c> (manage permission there), the operator token on <c>/admin/*</c>. Never a cookie,
/// so there is nothing for another site to send along.
/// </summary>
internal sealed class BearerSecurityTransformer : IOpenApiDocumentTransformer
{
    public const string SchemeName = "bearer";

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.AddComponent<IOpenApiSecurityScheme>(SchemeName, new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            Description = "An access key (/v1/*; with manage permission for /x/*) or the operator token (/admin/*). " +
                "/x/session, /x/claim, /health/* and this document need none.",
        });
        document.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(SchemeName, document)] = [] }];
        // The generator names the server from the request's Host header, which any caller chooses: the routes are
        // relative to wherever the document was fetched from, so no server is named.
        document.Servers = [];
        return Task.CompletedTask;
    }
}
