// Stack buffers in the parser and formatter are always written before they are read; skipping their zeroing is
// measurable on the per-frame path.
[module: System.Runtime.CompilerServices.SkipLocalsInit]

#if NETSTANDARD2_0
namespace System.Runtime.CompilerServices;

[AttributeUsage(AttributeTargets.Module | AttributeTargets.Class | AttributeTargets.Struct | AttributeTargets.Interface | AttributeTargets.Constructor | AttributeTargets.Method | AttributeTargets.Property | AttributeTargets.Event, Inherited = false)]
internal sealed class SkipLocalsInitAttribute : Attribute
{
}
#endif
