namespace ZedOps.Manager.Features.Auth;

/// <summary>Where a login may send the browser next: a path on this site only.</summary>
public static class LocalUrls
{
    /// <summary>The same rule as <c>IUrlHelper.IsLocalUrl</c> (which <c>LocalRedirect</c> enforces by throwing): a single
    /// leading '/', not followed by '/' or '\' (browsers read both as a scheme-relative URL to another host), and no
    /// control characters. Anything else becomes <paramref name="fallback"/>.</summary>
    public static string OrFallback(string? url, string fallback = "/") => IsLocal(url) ? url! : fallback;

    public static bool IsLocal(string? url) =>
        url is { Length: > 0 } && url[0] == '/'
        && (url.Length == 1 || (url[1] != '/' && url[1] != '\\'))
        && !url.Any(char.IsControl);
}
