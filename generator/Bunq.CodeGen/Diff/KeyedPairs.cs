using System;
using System.Collections.Generic;

namespace Bunq.CodeGen.Diff;

/// <summary>One key of two compared lists, with what each side has under it (null where that side has nothing).</summary>
internal readonly struct KeyedPair<T>
    where T : class
{
    public KeyedPair(string key, T? old, T? @new)
    {
        Key = key;
        Old = old;
        New = @new;
    }

    public string Key { get; }

    public T? Old { get; }

    public T? New { get; }

    public void Deconstruct(out string key, out T? old, out T? @new)
    {
        key = Key;
        old = Old;
        @new = New;
    }
}

internal static class KeyedPairs
{
    /// <summary>
    /// The keys of both lists in ordinal order, each with its old and new item. A key a list repeats keeps its first
    /// item: the model lists each wire name once, and a repeat must not fail a diff that only reports.
    /// </summary>
    public static IReadOnlyList<KeyedPair<T>> Of<T>(IEnumerable<T> before, IEnumerable<T> after, Func<T, string> key)
        where T : class
    {
        var old = First(before, key);
        var @new = First(after, key);
        var keys = new SortedSet<string>(old.Keys, StringComparer.Ordinal);
        keys.UnionWith(@new.Keys);
        var pairs = new List<KeyedPair<T>>(keys.Count);
        foreach (var k in keys)
        {
            old.TryGetValue(k, out var o);
            @new.TryGetValue(k, out var n);
            pairs.Add(new KeyedPair<T>(k, o, n));
        }
        return pairs;
    }

    private static Dictionary<string, T> First<T>(IEnumerable<T> items, Func<T, string> key)
        where T : class
    {
        var map = new Dictionary<string, T>(StringComparer.Ordinal);
        foreach (var item in items)
        {
            var k = key(item);
            if (!map.ContainsKey(k)) map.Add(k, item);
        }
        return map;
    }
}
