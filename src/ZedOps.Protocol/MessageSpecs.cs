using System.Text.Json.Serialization.Metadata;

namespace ZedOps.Protocol;

/// <summary>A request subject with its typed payloads and the timeout a caller gets unless it picks another.</summary>
public sealed record RequestSpec<TRequest, TResult>(
    string Subject,
    JsonTypeInfo<TRequest> RequestType,
    JsonTypeInfo<TResult> ResultType,
    TimeSpan DefaultTimeout);

/// <summary>A one-way message subject with its typed payload.</summary>
public sealed record EventSpec<T>(string Subject, JsonTypeInfo<T> Type);
