namespace Fortress.Diagnostics;

/// <summary>
/// Enumerations read from text exactly: one member's name, any letter case, nothing else. <see cref="Enum.TryParse{TEnum}(string?, bool, out TEnum)"/>
/// also takes numbers ("3") and comma-separated lists of names ("public, admin" is Public | Admin), which let a single
/// field name two values or none.
/// </summary>
public static class EnumText
{
    /// <summary>True when <paramref name="text"/> is the name of a member of <typeparamref name="T"/> (case-insensitive).</summary>
    public static bool TryParse<T>(string? text, out T value) where T : struct, Enum
    {
        if (text is not null)
            foreach (var name in Enum.GetNames<T>())
                if (string.Equals(name, text, StringComparison.OrdinalIgnoreCase))
                {
                    value = Enum.Parse<T>(name);
                    return true;
                }
        value = default;
        return false;
    }

    /// <summary>The member named by <paramref name="text"/>; <see cref="ArgumentException"/> when there is none (call after <see cref="TryParse{T}"/>).</summary>
    public static T Parse<T>(string text) where T : struct, Enum =>
        TryParse<T>(text, out var v) ? v : throw new ArgumentException($"'{text}' is not a {typeof(T).Name}", nameof(text));
}
