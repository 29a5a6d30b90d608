using System.Globalization;
using System.Net;
using System.Text;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace ZedOps.Manager.Features.Notifications;

/// <summary>How one attempt ended. <see cref="Permanent"/> failures (a deleted webhook, a refused recipient) are not retried.</summary>
public sealed record SendResult(bool Succeeded, string? Error = null, bool Permanent = false, TimeSpan? RetryAfter = null)
{
    public static readonly SendResult Ok = new(true);
}

/// <summary>The I/O seam of notifications: one attempt to deliver one message to one channel.</summary>
public interface INotificationSender
{
    Task<SendResult> SendAsync(ChannelTarget target, NotificationMessage message, CancellationToken ct);
}

/// <summary>Discord and generic webhooks over HTTP, e-mail over SMTP with MailKit.</summary>
internal sealed class NotificationSender(IHttpClientFactory http, TimeProvider time) : INotificationSender
{
    public const string HttpClientName = "notifications";

    public async Task<SendResult> SendAsync(ChannelTarget target, NotificationMessage message, CancellationToken ct)
    {
        try
        {
            return target.Kind switch
            {
                ChannelKinds.Discord => await PostAsync(target, NotificationPayloads.Discord(message), null, ct),
                ChannelKinds.Webhook => await PostAsync(target, NotificationPayloads.Webhook(message), message.Event.Type, ct),
                ChannelKinds.Email => await MailAsync(target.Smtp!, message, ct),
                _ => new SendResult(false, $"unknown channel kind '{target.Kind}'", Permanent: true),
            };
        }
        catch (OperationCanceledException)
        {
            return new SendResult(false, "timed out"); // the caller's own cancellation is rethrown by the caller
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException or TimeoutException or SmtpProtocolException
            or AuthenticationException or System.Net.Sockets.SocketException or SslHandshakeException or ParseException or FormatException)
        {
            return new SendResult(false, ex.Message);
        }
        catch (SmtpCommandException ex)
        {
            return new SendResult(false, $"SMTP {(int)ex.StatusCode}: {ex.Message}", Permanent: (int)ex.StatusCode >= 500);
        }
    }

    private async Task<SendResult> PostAsync(ChannelTarget target, string json, string? eventType, CancellationToken ct)
    {
        var body = Encoding.UTF8.GetBytes(json);
        using var request = new HttpRequestMessage(HttpMethod.Post, target.Url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new("application/json") { CharSet = "utf-8" };
        if (eventType is not null)
        {
            request.Headers.Add(NotificationPayloads.EventHeader, eventType);
            request.Headers.Add(NotificationPayloads.TimestampHeader, time.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture));
            if (!string.IsNullOrEmpty(target.SigningSecret))
            {
                request.Headers.Add(NotificationPayloads.SignatureHeader, NotificationPayloads.Sign(target.SigningSecret, body));
            }
        }
        using var response = await http.CreateClient(HttpClientName).SendAsync(request, ct);
        if (response.IsSuccessStatusCode)
        {
            return SendResult.Ok;
        }
        var status = (int)response.StatusCode;
        var detail = await response.Content.ReadAsStringAsync(ct);
        var error = $"HTTP {status} {response.ReasonPhrase}" + (detail.Length == 0 ? "" : $": {detail[..Math.Min(detail.Length, 300)]}");
        if (response.StatusCode == HttpStatusCode.TooManyRequests)
        {
            // Discord sends Retry-After in seconds (and retry_after in the body); honour the header.
            var after = response.Headers.RetryAfter?.Delta ?? (response.Headers.RetryAfter?.Date is { } d ? d - time.GetUtcNow() : null);
            return new SendResult(false, error, RetryAfter: after);
        }
        return new SendResult(false, error, Permanent: status is >= 400 and < 500 and not 408);
    }

    private static async Task<SendResult> MailAsync(SmtpSettings smtp, NotificationMessage message, CancellationToken ct)
    {
        var mail = new MimeMessage();
        mail.From.Add(MailboxAddress.Parse(smtp.From));
        foreach (var to in smtp.To.Split([',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            mail.To.Add(MailboxAddress.Parse(to));
        }
        mail.Subject = NotificationPayloads.Subject(message);
        mail.Body = new TextPart("plain") { Text = NotificationPayloads.EmailText(message) };
        using var client = new SmtpClient { Timeout = 15_000 };
        var security = smtp.Security switch
        {
            SmtpSecurityModes.Tls => SecureSocketOptions.SslOnConnect,
            SmtpSecurityModes.StartTls => SecureSocketOptions.StartTls,
            _ => SecureSocketOptions.None,
        };
        await client.ConnectAsync(smtp.Host, smtp.Port, security, ct);
        if (!string.IsNullOrEmpty(smtp.User))
        {
            await client.AuthenticateAsync(smtp.User, smtp.Password ?? "", ct);
        }
        await client.SendAsync(mail, ct);
        await client.DisconnectAsync(true, ct);
        return SendResult.Ok;
    }
}
