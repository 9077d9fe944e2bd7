using System;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Threading.Tasks;

namespace AutoBuild.Learning.Numerics;

/// <summary>Single-precision matrix products, cache-blocked and multithreaded over blocks of output rows.
/// Every output element is computed by exactly one thread with the same sequence of fused multiply-adds
/// (k ascending) whatever the thread count or blocking, so results are bit-reproducible.</summary>
public static unsafe class Gemm
{
    private const int MR = 6;          // rows of the register tile
    private const int NR = 16;         // columns of the register tile (two 8-wide vectors)
    private const int KC = 256;        // depth of one cache block (a 256x16 panel of B is 16 KB)
    private const long ParallelWork = 1L << 18; // multiply-adds below which one thread is faster

    /// <summary>Threads used for large products (at least 1).</summary>
    public static int Threads { get; set; } = Math.Max(1, Environment.ProcessorCount);

    /// <summary>C[m,n] (+)= A[m,k]·B[k,n], all row-major and densely packed.</summary>
    public static void Multiply(float[] a, float[] b, float[] c, int m, int k, int n, bool accumulate)
        => Run(a, k, 1, b, c, m, k, n, accumulate);

    /// <summary>C[k,n] (+)= A[m,k]ᵀ·B[m,n] (the weight gradient Xᵀ·dY), without materialising the transpose.</summary>
    public static void MultiplyTransposedA(float[] a, float[] b, float[] c, int m, int k, int n, bool accumulate)
        => Run(a, 1, k, b, c, k, m, n, accumulate);

    /// <summary>C[m,n] (+)= A[m,k]·B[n,k]ᵀ (the input gradient dY·Wᵀ); B is transposed into <paramref name="scratch"/> first
    /// (B is a weight matrix, small next to A).</summary>
    public static void MultiplyTransposedB(float[] a, float[] b, float[] c, int m, int k, int n, bool accumulate, ref float[] scratch)
    {
        if (scratch.Length < k * n) scratch = new float[k * n];
        for (var i = 0; i < n; i++)
            for (var j = 0; j < k; j++)
                scratch[j * n + i] = b[i * k + j];
        Run(a, k, 1, scratch, c, m, k, n, accumulate);
    }

    /// <summary>C[m,n] (+)= Â·B where Â(i,p) = A[i·rowStride + p·colStride] and B is row-major [depth, n].</summary>
    private static void Run(float[] a, int rowStride, int colStride, float[] b, float[] c, int m, int depth, int n, bool accumulate)
    {
        if (m == 0 || n == 0) return;
        if (!accumulate) Array.Clear(c, 0, m * n);
        if (depth == 0) return;
        var tiles = (m + MR - 1) / MR;
        var threads = (long)m * depth * n < ParallelWork ? 1 : Math.Min(Threads, tiles);
        if (threads <= 1)
        {
            fixed (float* pa = a, pb = b, pc = c)
                Block(pa, rowStride, colStride, pb, pc, 0, m, depth, n);
            return;
        }
        Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, t =>
        {
            var first = (int)((long)tiles * t / threads) * MR;
            var last = Math.Min(m, (int)((long)tiles * (t + 1) / threads) * MR);
            fixed (float* pa = a, pb = b, pc = c)
                Block(pa, rowStride, colStride, pb, pc, first, last, depth, n);
        });
    }

    /// <summary>Rows [first, last) of C: k-blocks outermost, then 16-column panels of B (kept in L1), then row tiles.</summary>
    private static void Block(float* a, int rs, int cs, float* b, float* c, int first, int last, int depth, int n)
    {
        var vectorised = Vector256.IsHardwareAccelerated;
        for (var k0 = 0; k0 < depth; k0 += KC)
        {
            var kc = Math.Min(KC, depth - k0);
            var j = 0;
            if (vectorised)
                for (; j + NR <= n; j += NR)
                {
                    var i = first;
                    for (; i + MR <= last; i += MR) Tile6x16(a + (long)i * rs + (long)k0 * cs, rs, cs, b + (long)k0 * n + j, n, c + (long)i * n + j, n, kc);
                    for (; i < last; i++) Tile1x16(a + (long)i * rs + (long)k0 * cs, cs, b + (long)k0 * n + j, n, c + (long)i * n + j, kc);
                }
            for (; j < n; j++)
                for (var i = first; i < last; i++)
                {
                    var pa = a + (long)i * rs + (long)k0 * cs;
                    var pb = b + (long)k0 * n + j;
                    var sum = c[(long)i * n + j];
                    for (var p = 0; p < kc; p++) sum = MathF.FusedMultiplyAdd(pa[(long)p * cs], pb[(long)p * n], sum);
                    c[(long)i * n + j] = sum;
                }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Fma(Vector256<float> x, Vector256<float> y, Vector256<float> acc) => Vector256.FusedMultiplyAdd(x, y, acc);

    private static void Tile6x16(float* a, int rs, int cs, float* b, int ldb, float* c, int ldc, int kc)
    {
        var c00 = Vector256.Load(c); var c01 = Vector256.Load(c + 8);
        var c10 = Vector256.Load(c + ldc); var c11 = Vector256.Load(c + ldc + 8);
        var c20 = Vector256.Load(c + 2 * ldc); var c21 = Vector256.Load(c + 2 * ldc + 8);
        var c30 = Vector256.Load(c + 3 * ldc); var c31 = Vector256.Load(c + 3 * ldc + 8);
        var c40 = Vector256.Load(c + 4 * ldc); var c41 = Vector256.Load(c + 4 * ldc + 8);
        var c50 = Vector256.Load(c + 5 * ldc); var c51 = Vector256.Load(c + 5 * ldc + 8);
        float* a0 = a, a1 = a + rs, a2 = a + 2 * rs, a3 = a + 3 * rs, a4 = a + 4 * rs, a5 = a + 5 * rs;
        for (var p = 0; p < kc; p++)
        {
            var b0 = Vector256.Load(b); var b1 = Vector256.Load(b + 8);
            b += ldb;
            var x = Vector256.Create(*a0); c00 = Fma(x, b0, c00); c01 = Fma(x, b1, c01);
            x = Vector256.Create(*a1); c10 = Fma(x, b0, c10); c11 = Fma(x, b1, c11);
            x = Vector256.Create(*a2); c20 = Fma(x, b0, c20); c21 = Fma(x, b1, c21);
            x = Vector256.Create(*a3); c30 = Fma(x, b0, c30); c31 = Fma(x, b1, c31);
            x = Vector256.Create(*a4); c40 = Fma(x, b0, c40); c41 = Fma(x, b1, c41);
            x = Vector256.Create(*a5); c50 = Fma(x, b0, c50); c51 = Fma(x, b1, c51);
            a0 += cs; a1 += cs; a2 += cs; a3 += cs; a4 += cs; a5 += cs;
        }
        c00.Store(c); c01.Store(c + 8);
        c10.Store(c + ldc); c11.Store(c + ldc + 8);
        c20.Store(c + 2 * ldc); c21.Store(c + 2 * ldc + 8);
        c30.Store(c + 3 * ldc); c31.Store(c + 3 * ldc + 8);
        c40.Store(c + 4 * ldc); c41.Store(c + 4 * ldc + 8);
        c50.Store(c + 5 * ldc); c51.Store(c + 5 * ldc + 8);
    }

    private static void Tile1x16(float* a, int cs, float* b, int ldb, float* c, int kc)
    {
        var c0 = Vector256.Load(c); var c1 = Vector256.Load(c + 8);
        for (var p = 0; p < kc; p++)
        {
            var x = Vector256.Create(*a);
            c0 = Fma(x, Vector256.Load(b), c0); c1 = Fma(x, Vector256.Load(b + 8), c1);
            a += cs; b += ldb;
        }
        c0.Store(c); c1.Store(c + 8);
    }
}
