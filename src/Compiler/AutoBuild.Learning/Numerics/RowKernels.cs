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

    /// <summary>d[dO..dO+n) = (fromZero ? +0 : d[dO..dO+n)) + Σ_k src[rows[k]·stride + so ..] for k in [from, to), added
    /// in k order: the sums of a message-passing gather (a node's incoming or outgoing edges in batch order), with
    /// each vector of the destination kept in a register instead of loaded and stored once per edge.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void GatherAdd(float[] d, int dO, bool fromZero, float[] src, int stride, int so, int[] rows, int from, int to, int n)
    {
        ref var pd = ref MemoryMarshal.GetReference(d.AsSpan(dO, n));
        ref var ps = ref MemoryMarshal.GetArrayDataReference(src);
        nuint c = 0, len = (nuint)n;
        if (Vector512.IsHardwareAccelerated)
            for (; c + 16 <= len; c += 16)
            {
                var acc = fromZero ? Vector512<float>.Zero : Vector512.LoadUnsafe(ref pd, c);
                for (var k = from; k < to; k++)
                    acc += Vector512.LoadUnsafe(ref ps, Offset(rows[k], stride, so, c, len, src.Length));
                acc.StoreUnsafe(ref pd, c);
            }
        if (Vector256.IsHardwareAccelerated)
            for (; c + 8 <= len; c += 8)
            {
                var acc = fromZero ? Vector256<float>.Zero : Vector256.LoadUnsafe(ref pd, c);
                for (var k = from; k < to; k++)
                    acc += Vector256.LoadUnsafe(ref ps, Offset(rows[k], stride, so, c, len, src.Length));
                acc.StoreUnsafe(ref pd, c);
            }
        for (; c < len; c++)
        {
            var acc = fromZero ? 0f : Unsafe.Add(ref pd, c);
            for (var k = from; k < to; k++) acc += src[(long)rows[k] * stride + so + (long)c];
            Unsafe.Add(ref pd, c) = acc;
        }
    }

    // The start of row `row`'s columns [c, c + vector) in src, checked against src's length (the loads are unchecked).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static nuint Offset(int row, int stride, int so, nuint c, nuint n, int length)
    {
        var start = (long)row * stride + so;
        if (row < 0 || start + (long)n > length) throw new IndexOutOfRangeException();
        return (nuint)start + c;
    }
}
