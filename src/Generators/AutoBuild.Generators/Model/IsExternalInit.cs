namespace System.Runtime.CompilerServices;

// Lets records and init accessors compile for netstandard2.0 (the compiler only needs the type to exist).
internal static class IsExternalInit
{
}
