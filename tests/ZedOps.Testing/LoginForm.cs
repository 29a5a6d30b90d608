using System.Text.RegularExpressions;

namespace ZedOps.Testing;

/// <summary>The UI's static login form as a browser posts it: GET /login for the antiforgery token (and its cookie), then
/// POST /account/login.</summary>
public static partial class LoginForm
{
    /// <summary>A plain client with a cookie jar that does not follow redirects (the factory's clients may), so a test
    /// sees where the form sends the browser.</summary>
    public static HttpClient CreateClient(Uri baseAddress) =>
        new(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true }) { BaseAddress = baseAddress };

    public static async Task<HttpResponseMessage> PostAsync(HttpClient client, string username, string password, string? returnUrl = null,
        Action<HttpRequestMessage>? configure = null)
    {
        var page = await client.GetStringAsync("/login").DefaultTimeout();
        var token = TokenInput().Match(page) is { Success: true } m ? System.Net.WebUtility.HtmlDecode(m.Groups["value"].Value)
            : throw new InvalidOperationException("The login page has no antiforgery token.");
        var fields = new Dictionary<string, string> { ["__RequestVerificationToken"] = token, ["username"] = username, ["password"] = password };
        if (returnUrl is not null)
        {
            fields["returnUrl"] = returnUrl;
        }
        using var request = new HttpRequestMessage(HttpMethod.Post, "/account/login") { Content = new FormUrlEncodedContent(fields) };
        configure?.Invoke(request);
        return await client.SendAsync(request).DefaultTimeout();
    }

    [GeneratedRegex("""name="__RequestVerificationToken"[^>]*value="(?<value>[^"]+)"|value="(?<value>[^"]+)"[^>]*name="__RequestVerificationToken" """)]
    private static partial Regex TokenInput();
}
