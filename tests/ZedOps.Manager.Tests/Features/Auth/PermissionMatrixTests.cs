using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using ZedOps.Manager.Features.Auth;
using ZedOps.Manager.Features.Users;

namespace ZedOps.Manager.Tests.Features.Auth;

/// <summary>Generated from the live route table: every API route × anonymous / user / admin. A new route without an
/// authorization decision fails here, as does an admin route a plain user can reach.</summary>
public sealed class PermissionMatrixTests : IAsyncLifetime
{
    private static readonly HashSet<string> s_anonymousRoutes = ["POST /api/auth/login", "POST /api/agents/register", "GET /health", "POST /api/invitations/accept"];

    private ManagerHost _manager = default!;
    private HttpClient _admin = default!;
    private HttpClient _user = default!;

    public async Task InitializeAsync()
    {
        _manager = await ManagerHost.StartAsync();
        _admin = await _manager.CreateAdminClientAsync();
        var created = await (await _admin.PostAsJsonAsync("/api/users", new { username = "plain" })).Content.ReadFromJsonAsync<CreatedUser>();
        _user = _manager.CreateAnonymousClient();
        (await _user.PostAsJsonAsync("/api/auth/login", new { username = "plain", password = created!.GeneratedPassword })).EnsureSuccessStatusCode();
    }

    public async Task DisposeAsync()
    {
        await _manager.DisposeAsync();
        _manager.DeleteData();
    }

    [Fact]
    public async Task EveryApiRoute_HasAnAuthorizationDecision_EnforcedForAnonymousAndPlainUsers()
    {
        var routes = Routes();
        Assert.True(routes.Count > 30, $"expected the full route table, found {routes.Count}");
        var failures = new List<string>();
        foreach (var (method, pattern, endpoint) in routes)
        {
            var key = $"{method} {pattern}";
            var anonymousAllowed = endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null;
            var policies = endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>().Select(a => a.Policy).ToList();
            if (anonymousAllowed != s_anonymousRoutes.Contains(key))
            {
                failures.Add($"{key}: anonymous access is {(anonymousAllowed ? "allowed" : "refused")}, the allow-list says otherwise");
                continue;
            }
            if (!anonymousAllowed && policies.Count == 0)
            {
                failures.Add($"{key}: no authorization metadata");
                continue;
            }
            if (anonymousAllowed)
            {
                continue;
            }
            var url = Concrete(pattern);
            var anonymous = await SendAsync(_manager.CreateAnonymousClient(), method, url);
            if (anonymous != HttpStatusCode.Unauthorized)
            {
                failures.Add($"{key}: anonymous got {(int)anonymous}, expected 401");
            }
            if (policies.Contains(Policies.Admin))
            {
                var user = await SendAsync(_user, method, url);
                if (user != HttpStatusCode.Forbidden)
                {
                    failures.Add($"{key}: a plain user got {(int)user}, expected 403");
                }
            }
        }
        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    private List<(string Method, string Pattern, RouteEndpoint Endpoint)> Routes() => ApiRouteTable.Routes(_manager);

    private static Task<HttpStatusCode> SendAsync(HttpClient client, string method, string url) => ApiRouteTable.SendAsync(client, method, url);

    private static string Concrete(string pattern) => ApiRouteTable.Concrete(pattern);
}
