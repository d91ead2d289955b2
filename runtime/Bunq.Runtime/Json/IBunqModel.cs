using System.Text.Json;

namespace Bunq.Runtime.Json;

/// <summary>
/// A generated model that reads and writes itself over <see cref="Utf8JsonReader"/> and
/// <see cref="Utf8JsonWriter"/>: no reflection, trim and AOT safe. Generated code is invisible to the
/// System.Text.Json source generator, so every model carries its own reader and writer.
/// </summary>
public interface IBunqModel<TSelf> where TSelf : IBunqModel<TSelf>
{
    /// <summary>Reads one value; the reader is on its first token and is left on its last.</summary>
    static abstract TSelf ReadJson(ref Utf8JsonReader reader);

    /// <summary>Writes one value.</summary>
    void WriteJson(Utf8JsonWriter writer);

    /// <summary>
    /// Whether <see cref="ReadJson"/> also takes a bare JSON array: a wrapper such as <c>{"Payment":[…]}</c> whose one field
    /// is a list, which older answers sent as the list alone.
    /// </summary>
    static virtual bool ReadsBareArray => false;

    /// <summary>The JSON the typed properties do not hold (undeclared fields, values that did not fit); null when there is none.</summary>
    BunqUnknownFields? UnknownFields => null;
}

/// <summary>
/// A result assembled from several envelope elements of different object types, like the
/// installation answer (<c>Id</c>, <c>Token</c>, <c>ServerPublicKey</c>).
/// </summary>
public interface IBunqMultiResult<TSelf> where TSelf : IBunqMultiResult<TSelf>
{
    /// <summary>The result with no part set, which the reader fills in as it meets the parts.</summary>
    static abstract TSelf CreateEmpty();

    /// <summary>Reads the value of one element; returns false (and skips nothing) for keys it does not know.</summary>
    bool ReadPart(string objectType, ref Utf8JsonReader reader);
}
