namespace System.Runtime.CompilerServices;

// netstandard2.0 lacks the marker type that records' init accessors need; the shared library's copy is internal.
internal static class IsExternalInit
{
}
