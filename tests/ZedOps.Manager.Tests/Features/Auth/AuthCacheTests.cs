using System.Security.Claims;
using ZedOps.Manager.Features.Auth;

namespace ZedOps.Manager.Tests.Features.Auth;

/// <summary>The in-memory stamps and tokens: a change evicts them, and a load that raced with a change is never stored
/// (else a session would outlive its password reset until the next change).</summary>
public sealed class AuthCacheTests
{
    private static readonly Guid User = Guid.NewGuid();
    private static readonly AuthCache.UserEntry OldStamp = new("old", new ClaimsPrincipal());

    [Fact]
    public void LoadThatStartedBeforeAChange_IsNotStored()
    {
        var cache = new AuthCache();
        var generation = cache.UserGeneration(User); // a request starts loading the old stamp...

        cache.EvictUser(User);                       // ...the password reset saves and evicts...
        cache.StoreUser(User, generation, OldStamp); // ...then the slow load finishes.

        Assert.Null(cache.User(User));
    }

    [Fact]
    public void LoadAfterTheChange_IsStored_UntilTheNextChange()
    {
        var cache = new AuthCache();
        cache.EvictUser(User);

        cache.StoreUser(User, cache.UserGeneration(User), OldStamp);
        Assert.Same(OldStamp, cache.User(User));

        cache.EvictUser(User);
        Assert.Null(cache.User(User));
    }

    [Fact]
    public void EvictingAUser_DropsTheirTokens_AndTokenRevocationDropsTheToken()
    {
        var cache = new AuthCache();
        var (mine, other) = (Guid.NewGuid(), Guid.NewGuid());
        cache.StoreToken("h1", cache.TokenGeneration, new AuthCache.TokenEntry(mine, User, "s", null));
        cache.StoreToken("h2", cache.TokenGeneration, new AuthCache.TokenEntry(other, Guid.NewGuid(), "s", null));

        cache.EvictUser(User);
        var generation = cache.TokenGeneration;
        cache.EvictToken(other);
        cache.StoreToken("h2", generation, new AuthCache.TokenEntry(other, Guid.NewGuid(), "s", null)); // raced with the revoke

        Assert.Null(cache.Token("h1"));
        Assert.Null(cache.Token("h2"));
    }

    [Fact]
    public void GrantsLoadedBeforeARevoke_AreNotStored_AndARevokeDropsStoredGrants()
    {
        var cache = new AuthCache();
        AuthCache.Grant[] operatorEverywhere = [new("operator", "global", null)];
        cache.StoreGrants(User, cache.UserGeneration(User), operatorEverywhere);
        Assert.Same(operatorEverywhere, cache.Grants(User));

        var generation = cache.UserGeneration(User); // a request starts reading grants...
        cache.EvictUser(User);                       // ...the revoke deletes the row and evicts...
        cache.StoreGrants(User, generation, operatorEverywhere); // ...then the slow read finishes.

        Assert.Null(cache.Grants(User));
    }

    [Fact]
    public void PurgingAServer_DropsItsAgent_HereAndOnTheOtherReplicas()
    {
        var (here, there) = (new AuthCache(), new AuthCache());
        var forwarded = new List<(string, Guid)>();
        here.Forward = (kind, id) => forwarded.Add((kind, id));
        var (server, agent) = (Guid.NewGuid(), Guid.NewGuid());
        here.StoreServerAgent(server, agent);
        there.StoreServerAgent(server, agent);
        Assert.Equal(agent, here.ServerAgent(server));

        here.EvictServer(server);
        foreach (var (kind, id) in forwarded)
        {
            there.ApplyRemote(kind, id); // what ReplicaAuthEvictions does with the NATS message
        }

        Assert.Null(here.ServerAgent(server));
        Assert.Null(there.ServerAgent(server));
        Assert.Equal([("server", server)], forwarded);
    }
}
