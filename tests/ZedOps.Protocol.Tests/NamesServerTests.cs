using System.Reflection;

namespace ZedOps.Protocol.Tests;

/// <summary>The manager checks server ownership for every <see cref="INamesServer"/> event; an event record that
/// carries a server id without the marker would skip that check.</summary>
public sealed class NamesServerTests
{
    [Fact]
    public void EveryEventThatCarriesAServerId_IsMarkedINamesServer()
    {
        var eventTypes = typeof(Events).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Select(f => f.FieldType)
            .Where(t => t.IsGenericType && t.GetGenericTypeDefinition() == typeof(EventSpec<>))
            .Select(t => t.GetGenericArguments()[0])
            .ToList();
        var carriers = eventTypes.Where(t => t.GetProperty("ServerId")?.PropertyType == typeof(Guid)).ToList();

        Assert.NotEmpty(carriers);
        Assert.All(carriers, t => Assert.True(typeof(INamesServer).IsAssignableFrom(t), $"{t.Name} carries a ServerId but is not INamesServer"));
    }
}
