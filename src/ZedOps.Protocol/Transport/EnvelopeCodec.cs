using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace ZedOps.Protocol.Transport;

/// <summary>Writes frames straight to UTF-8 (payload serialized in place, no intermediate JsonElement) and reads them back.</summary>
public static class EnvelopeCodec
{
    public static byte[] Encode<T>(string subject, string? reply, T data, JsonTypeInfo<T> type)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("subject", subject);
            if (reply is not null)
            {
                writer.WriteString("reply", reply);
            }
            writer.WritePropertyName("data");
            JsonSerializer.Serialize(writer, data, type);
            writer.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }

    public static byte[] EncodeError(string subject, string code, string message)
    {
        var envelope = new Envelope { Subject = subject, Error = new ProtocolError(code, message) };
        return JsonSerializer.SerializeToUtf8Bytes(envelope, ProtocolJsonContext.Default.Envelope);
    }

    /// <summary>Parses one frame; throws <see cref="JsonException"/> when it is not a well-formed envelope.</summary>
    public static Envelope Decode(ReadOnlySpan<byte> utf8)
    {
        var envelope = JsonSerializer.Deserialize(utf8, ProtocolJsonContext.Default.Envelope);
        if (envelope is null || string.IsNullOrWhiteSpace(envelope.Subject))
        {
            throw new JsonException("frame is not an envelope with a subject");
        }
        return envelope;
    }

    public static T DecodeData<T>(Envelope envelope, JsonTypeInfo<T> type)
    {
        if (envelope.Data is not { ValueKind: not JsonValueKind.Null and not JsonValueKind.Undefined } data)
        {
            throw new WireRequestException(ErrorCodes.BadRequest, $"'{envelope.Subject}' carries no data");
        }
        try
        {
            return data.Deserialize(type) ?? throw new JsonException("null payload");
        }
        catch (JsonException ex)
        {
            throw new WireRequestException(ErrorCodes.BadRequest, $"'{envelope.Subject}' data does not match {typeof(T).Name}: {ex.Message}");
        }
    }
}
