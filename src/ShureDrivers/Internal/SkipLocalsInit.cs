// Stack buffers in the parser and formatter are always written before they are read; skipping their zeroing is
// measurable on the per-frame path. (PolySharp supplies the attribute on netstandard2.0.)
[module: System.Runtime.CompilerServices.SkipLocalsInit]
