namespace ZedOps.Manager.Hosting;

/// <summary>
/// Refuses state-changing requests (POST, PUT, PATCH, DELETE) that a browser sends on behalf of another site, so a
/// foreign page cannot start, stop or kill servers, log users out or turn off 2FA with the visitor's cookie — whether or
/// not the route takes a body. The rule is Go's <c>net/http.CrossOriginProtection</c>: <c>Sec-Fetch-Site</c> when the
/// browser sends it (only <c>same-origin</c> or <c>none</c> pass), else an <c>Origin</c> whose host matches the request's
/// <c>Host</c> (or <c>ZedOps:PublicUrl</c>); a request with neither header is not from a browser (curl, agents, tests).
/// Bearer-token requests are exempt: a browser cannot attach that header cross-site without CORS, which is not enabled.
/// Login forms are covered too (login CSRF). Blazor's own POSTs (negotiate, forms) are same-origin and pass.
/// </summary>
internal sealed class CrossOriginProtection(RequestDelegate next, Microsoft.Extensions.Options.IOptions<ManagerOptions> options)
{
    private readonly string? _publicHost = Uri.TryCreate(options.Value.PublicUrl, UriKind.Absolute, out var u) ? u.Authority : null;

    public Task InvokeAsync(HttpContext http)
    {
        if (HttpMethods.IsGet(http.Request.Method) || HttpMethods.IsHead(http.Request.Method) || HttpMethods.IsOptions(http.Request.Method)
            || HttpMethods.IsTrace(http.Request.Method) || IsBearer(http.Request) || Allowed(http.Request))
        {
            return next(http);
        }
        return Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Cross-origin request refused",
            detail: "This state-changing request came from another site's page; send it from ZedOps itself, or use an API token (Authorization: Bearer).")
            .ExecuteAsync(http);
    }

    private bool Allowed(HttpRequest request)
    {
        switch (request.Headers["Sec-Fetch-Site"].ToString())
        {
            case "":
                break;
            case "same-origin" or "none":
                return true;
            default:
                return false;
        }
        var origin = request.Headers.Origin.ToString();
        if (origin.Length == 0)
        {
            return true;
        }
        return Uri.TryCreate(origin, UriKind.Absolute, out var o)
            && (string.Equals(o.Authority, request.Host.Value, StringComparison.OrdinalIgnoreCase)
                || string.Equals(o.Authority, _publicHost, StringComparison.OrdinalIgnoreCase));
    }

    private static bool IsBearer(HttpRequest request) =>
        request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase);
}
