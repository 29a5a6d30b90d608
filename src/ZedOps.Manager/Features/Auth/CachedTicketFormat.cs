using System.Collections.Concurrent;
using Microsoft.AspNetCore.Authentication;

namespace ZedOps.Manager.Features.Auth;

/// <summary>
/// The auth cookie's format with its decryption remembered: a browser sends the same cookie on every request, and
/// Data Protection's unprotect (AES + HMAC + deserialising the ticket) was the largest cost left on a cookie request.
/// Only successful decryptions of the exact cookie string are kept (bounded; cleared when full); the cookie handler still
/// checks the ticket's expiry and the security stamp (<see cref="CachedSecurityStamp"/>) on every request, so a
/// logout, reset or removal still ends the session on the next request.
/// </summary>
internal sealed class CachedTicketFormat(ISecureDataFormat<AuthenticationTicket> inner) : ISecureDataFormat<AuthenticationTicket>
{
    public const int Capacity = 10_000;

    private readonly ConcurrentDictionary<string, AuthenticationTicket> _tickets = new(StringComparer.Ordinal);

    public string Protect(AuthenticationTicket data) => inner.Protect(data);

    public string Protect(AuthenticationTicket data, string? purpose) => inner.Protect(data, purpose);

    public AuthenticationTicket? Unprotect(string? protectedText) => Unprotect(protectedText, null);

    public AuthenticationTicket? Unprotect(string? protectedText, string? purpose)
    {
        if (protectedText is null || purpose is not null)
        {
            return inner.Unprotect(protectedText, purpose);
        }
        if (_tickets.TryGetValue(protectedText, out var cached))
        {
            return Copy(cached);
        }
        var ticket = inner.Unprotect(protectedText);
        if (ticket is not null)
        {
            if (_tickets.Count >= Capacity)
            {
                _tickets.Clear();
            }
            _tickets[protectedText] = Copy(ticket);
        }
        return ticket;
    }

    // The handler may change the ticket's properties (sliding expiration): each request gets its own copy.
    private static AuthenticationTicket Copy(AuthenticationTicket ticket) =>
        new(ticket.Principal.Clone(), ticket.Properties.Clone(), ticket.AuthenticationScheme);
}
