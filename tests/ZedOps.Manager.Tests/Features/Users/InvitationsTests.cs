using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using ZedOps.Manager.Data;
using ZedOps.Manager.Features.Auth;
using ZedOps.Manager.Features.Invitations;

namespace ZedOps.Manager.Tests.Features.Users;

public sealed class InvitationsTests : ManagerTestBase
{
    [Fact]
    public async Task Invite_AcceptSetsPassword_GrantApplies_LinkWorksOnce()
    {
        var issued = await InviteAsync(new { email = "pal@example.net", role = "operator", scopeType = "global" });
        Assert.Contains($"/invite?token={issued.Token}", issued.Link, StringComparison.Ordinal);
        Assert.InRange(issued.ExpiresAt - DateTimeOffset.UtcNow, TimeSpan.FromHours(47.9), TimeSpan.FromHours(48.1));

        using var anonymous = Manager.CreateAnonymousClient();
        Assert.Equal(HttpStatusCode.Created, (await anonymous.PostAsJsonAsync("/api/invitations/accept", new { token = issued.Token, username = "pal", password = "pal-password" })).StatusCode);
        using var again = await anonymous.PostAsJsonAsync("/api/invitations/accept", new { token = issued.Token, username = "pal2", password = "pal-password" });
        Assert.Equal(HttpStatusCode.Unauthorized, again.StatusCode);
        Assert.Contains("already used", await again.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var pal = Manager.CreateAnonymousClient();
        (await pal.PostAsJsonAsync("/api/auth/login", new { username = "pal", password = "pal-password" })).EnsureSuccessStatusCode();
        Assert.False((await pal.GetFromJsonAsync<MeResponse>("/api/auth/me"))!.IsAdmin);
        Assert.Equal(HttpStatusCode.OK, (await pal.GetAsync("/api/servers")).StatusCode);
        Assert.DoesNotContain(issued.Token, await Admin.GetStringAsync("/api/audit?pageSize=200"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExpiredOrUnknownInvitation_Refused401SayingWhich()
    {
        var issued = await InviteAsync(new { email = "late@example.net", role = "viewer", scopeType = "global" });
        await using (var scope = Manager.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<ZedOpsDbContext>().Invitations
                .ExecuteUpdateAsync(s => s.SetProperty(i => i.ExpiresAt, DateTimeOffset.UtcNow.AddSeconds(-1)));
        }
        using var anonymous = Manager.CreateAnonymousClient();
        using var expired = await anonymous.PostAsJsonAsync("/api/invitations/accept", new { token = issued.Token, username = "late", password = "late-password" });
        using var unknown = await anonymous.PostAsJsonAsync("/api/invitations/accept", new { token = "zinv_nope", username = "nope", password = "nope-password" });

        Assert.Equal(HttpStatusCode.Unauthorized, expired.StatusCode);
        Assert.Contains("expired", await expired.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, unknown.StatusCode);
        Assert.Contains("not valid", await unknown.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("not-an-email", "viewer", "global")]
    [InlineData("a@b.c", "king", "global")]
    [InlineData("a@b.c", "viewer", "server")]
    public async Task Invite_BadInput_Returns400(string email, string role, string scopeType)
    {
        using var response = await Admin.PostAsJsonAsync("/api/invitations", new { email, role, scopeType });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    private async Task<InvitationIssued> InviteAsync(object request)
    {
        using var response = await Admin.PostAsJsonAsync("/api/invitations", request);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<InvitationIssued>())!;
    }
}
