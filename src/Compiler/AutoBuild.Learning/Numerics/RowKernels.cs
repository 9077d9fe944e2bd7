using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace AutoBuild.Learning.Numerics;

/// <summary>Element-wise kernels over short rows (one node's features: 32–128 floats), for the loops that run them once
/// per edge or node. TensorPrimitives pays a call and a dispatch per row, which at this length costs more than the
/// arithmetic. Each element is one IEEE operation, as in TensorPrimitives, so the results are the same bits.</summary>
internal static class RowKernels
{
    /// <summary>y[yo..yo+n) += x[xo..xo+n).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void AddInPlace(float[] y, int yo, float[] x, int xo, int n) => Add(y, yo, x, xo, y, yo, n);

    /// <summary>d[dO..dO+n) = a[aO..aO+n) + b[bO..bO+n).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Add(float[] a, int aO, float[] b, int bO, float[] d, int dO, int n)
    {
        ref var pa = ref MemoryMarshal.GetReference(a.AsSpan(aO, n));
        ref var pb = ref MemoryMarshal.GetReference(b.AsSpan(bO, n));
        ref var pd = ref MemoryMarshal.GetReference(d.AsSpan(dO, n));
        nuint i = 0, len = (nuint)n;
        if (Vector512.IsHardwareAccelerated)
            for (; i + 16 <= len; i += 16)
                (Vector512.LoadUnsafe(ref pa, i) + Vector512.LoadUnsafe(ref pb, i)).StoreUnsafe(ref pd, i);
        if (Vector256.IsHardwareAccelerated)
            for (; i + 8 <= len; i += 8)
                (Vector256.LoadUnsafe(ref pa, i) + Vector256.LoadUnsafe(ref pb, i)).StoreUnsafe(ref pd, i);
        for (; i < len; i++) Unsafe.Add(ref pd, i) = Unsafe.Add(ref pa, i) + Unsafe.Add(ref pb, i);
    }

    /// <summary>y[yo..yo+n) = x[xo..xo+n)·s + y[yo..yo+n) (a multiply, then an add: TensorPrimitives.MultiplyAdd).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void MultiplyAddInPlace(float[] x, int xo, float s, float[] y, int yo, int n)
    {
        ref var px = ref MemoryMarshal.GetReference(x.AsSpan(xo, n));
        ref var py = ref MemoryMarshal.GetReference(y.AsSpan(yo, n));
        nuint i = 0, len = (nuint)n;
        if (Vector512.IsHardwareAccelerated)
            for (; i + 16 <= len; i += 16)
                (Vector512.LoadUnsafe(ref px, i) * s + Vector512.LoadUnsafe(ref py, i)).StoreUnsafe(ref py, i);
        if (Vector256.IsHardwareAccelerated)
            for (; i + 8 <= len; i += 8)
                (Vector256.LoadUnsafe(ref px, i) * s + Vector256.LoadUnsafe(ref py, i)).StoreUnsafe(ref py, i);
        for (; i < len; i++) Unsafe.Add(ref py, i) = Unsafe.Add(ref px, i) * s + Unsafe.Add(ref py, i);
    }
}
