namespace ZedOps.PzFacts;

/// <summary>The game builds whose option sets differ: 41.78 (the last B41) and B42 (42.x).</summary>
public enum GameBuild
{
    B41 = 41,
    B42 = 42,
}

/// <summary>The game's option classes: Boolean (Toggle), Integer (Whole), Double (Number), String/Text (Text) and Enum (Choice, values 1..N) ConfigOption.</summary>
public enum FactKind { Toggle, Whole, Number, Text, Choice }

/// <summary>One option of <c>Server/&lt;name&gt;.ini</c>. <see cref="Generated"/>: the server draws the default at random
/// on first boot (ResetID, ServerPlayerID, Seed), so "changed from default" means nothing for it.
/// <see cref="Values"/>: the number of choices of an enum option (1..Values).</summary>
public sealed record IniFact(string Key, FactKind Kind, string Default, double? Min, double? Max, string Description,
    int Values = 0, int MaxLength = -1, bool Generated = false);

/// <summary>One entry of <c>&lt;name&gt;_SandboxVars.lua</c>: <see cref="Path"/> is <c>Key</c> or <c>Group.Key</c>.
/// <see cref="ChoiceNames"/>: what each enum value means (index 0 = value 1), when we hold it.</summary>
public sealed record SandboxFact(string Path, FactKind Kind, string Default, double? Min, double? Max, int Values, string Label,
    IReadOnlyList<string>? ChoiceNames = null)
{
    public string Group => Path.IndexOf('.', StringComparison.Ordinal) is var dot and > 0 ? Path[..dot] : "";

    public string Key => Path[(Path.IndexOf('.', StringComparison.Ordinal) + 1)..];
}

/// <summary>Short constructors so the tables read like the game's own declarations.</summary>
internal static class F
{
    public const double IntMax = int.MaxValue;

    public static IniFact B(string key, bool value, string description) => new(key, FactKind.Toggle, value ? "true" : "false", null, null, description);

    public static IniFact I(string key, double min, double max, int value, string description) =>
        new(key, FactKind.Whole, value.ToString(System.Globalization.CultureInfo.InvariantCulture), min, max, description);

    public static IniFact D(string key, double min, double max, double value, string description) =>
        new(key, FactKind.Number, Number(value), min, max, description);

    public static IniFact S(string key, string value, string description, int maxLength = -1) => new(key, FactKind.Text, value, null, null, description, MaxLength: maxLength);

    public static IniFact E(string key, int values, int value, string description) =>
        new(key, FactKind.Choice, value.ToString(System.Globalization.CultureInfo.InvariantCulture), 1, values, description, Values: values);

    /// <summary>As Java's <c>String.valueOf(double)</c> writes it for the values the tables hold: <c>1.0</c>, <c>0.65</c>.</summary>
    public static string Number(double value) =>
        value == Math.Floor(value) && Math.Abs(value) < 1e15
            ? value.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture)
            : value.ToString("0.0###############", System.Globalization.CultureInfo.InvariantCulture);
}
