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
    private const long ParallelWork = 1L << 22; // multiply-adds below which waking a second thread costs more than it saves

    /// <summary>Threads used for large products (at least 1).</summary>
    public static int Threads { get; set; } = Math.Max(1, Environment.ProcessorCount);

    // Set while a thread runs one of several concurrent trainings: its products then stay on that thread.
    [ThreadStatic] private static bool t_singleThreaded;

    /// <summary>Runs <paramref name="work"/> with every product on the calling thread (for work that is itself run
    /// side by side with other work, e.g. independent trainings). Results are the same bits either way.</summary>
    public static T OnCallingThread<T>(Func<T> work)
    {
        var saved = t_singleThreaded;
        t_singleThreaded = true;
        try { return work(); }
        finally { t_singleThreaded = saved; }
    }

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
        if (n < NR && m >= 2 * NR)
        {
            NarrowTransposedB(a, b, c, m, k, n, accumulate, ref scratch);
            return;
        }
        if (scratch.Length < k * n) scratch = new float[k * n];
        for (var i = 0; i < n; i++)
            for (var j = 0; j < k; j++)
                scratch[j * n + i] = b[i * k + j];
        Run(a, k, 1, scratch, c, m, k, n, accumulate);
    }

    /// <summary>The input gradient of a narrow layer (fewer than 16 outputs, e.g. the first GraphConv over 5 features):
    /// C has too few columns for a vector tile, so the product would run scalar. It is computed transposed instead,
    /// Cᵀ[n,m] = B[n,k]·Aᵀ[k,m], where the m rows of C become vector columns. Each element is still the same chain of
    /// fused multiply-adds over k ascending (from C's value or zero), so the bits are those of the direct product.</summary>
    private static void NarrowTransposedB(float[] a, float[] b, float[] c, int m, int k, int n, bool accumulate, ref float[] scratch)
    {
        var need = k * m + n * m;
        if (scratch.Length < need) scratch = new float[need];
        var at = scratch; var ct = k * m;    // scratch holds Aᵀ [k, m] then Cᵀ [n, m]
        for (var i = 0; i < m; i++)
            for (var p = 0; p < k; p++)
                at[p * m + i] = a[i * k + p];
        if (accumulate)
            for (var i = 0; i < m; i++)
                for (var j = 0; j < n; j++)
                    at[ct + j * m + i] = c[i * n + j];
        fixed (float* pb = b, ps = scratch)
            Block(pb, k, 1, ps, ps + ct, 0, n, k, m, accumulate);
        for (var i = 0; i < m; i++)
            for (var j = 0; j < n; j++)
                c[i * n + j] = at[ct + j * m + i];
    }

    /// <summary>C[m,n] (+)= Â·B where Â(i,p) = A[i·rowStride + p·colStride] and B is row-major [depth, n].</summary>
    private static void Run(float[] a, int rowStride, int colStride, float[] b, float[] c, int m, int depth, int n, bool accumulate)
    {
        if (m == 0 || n == 0) return;
        if (depth == 0)
        {
            if (!accumulate) Array.Clear(c, 0, m * n);
            return;
        }
        var tiles = (m + 23) / 24; // thread ranges in multiples of both tile heights (6 and 8)
        var threads = t_singleThreaded || (long)m * depth * n < ParallelWork ? 1 : Math.Min(Threads, tiles);
        if (threads <= 1)
        {
            fixed (float* pa = a, pb = b, pc = c)
                Block(pa, rowStride, colStride, pb, pc, 0, m, depth, n, accumulate);
            return;
        }
        Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, t =>
        {
            var first = (int)((long)tiles * t / threads) * 24;
            var last = Math.Min(m, (int)((long)tiles * (t + 1) / threads) * 24);
            fixed (float* pa = a, pb = b, pc = c)
                Block(pa, rowStride, colStride, pb, pc, first, last, depth, n, accumulate);
        });
    }

    // Kernels are compiled fully optimised at once (AggressiveOptimization): tiered compilation would run them
    // unoptimised (FMA helpers not inlined) for the first part of a training, which is most of a short one.
    /// <summary>Rows [first, last) of C: k-blocks outermost, then 16-column panels of B (kept in L1), then row tiles.
    /// Without <paramref name="accumulate"/> the first k-block starts its sums from zero instead of reading C, which
    /// saves clearing C first (the same bits: a sum starts from +0 either way).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Block(float* a, int rs, int cs, float* b, float* c, int first, int last, int depth, int n, bool accumulate)
    {
        var vectorised = Vector256.IsHardwareAccelerated;
        for (var k0 = 0; k0 < depth; k0 += KC)
        {
            var kc = Math.Min(KC, depth - k0);
            var load = accumulate || k0 > 0;
            var j = 0;
            if (Vector512.IsHardwareAccelerated)
                for (; j + 32 <= n; j += 32)
                {
                    var i = first;
                    for (; i + 8 <= last; i += 8) Tile8x32(a + (long)i * rs + (long)k0 * cs, rs, cs, b + (long)k0 * n + j, n, c + (long)i * n + j, n, kc, load);
                    for (; i + 4 <= last; i += 4) Tile4x32(a + (long)i * rs + (long)k0 * cs, rs, cs, b + (long)k0 * n + j, n, c + (long)i * n + j, n, kc, load);
                    for (; i < last; i++) Tile1x32(a + (long)i * rs + (long)k0 * cs, cs, b + (long)k0 * n + j, n, c + (long)i * n + j, kc, load);
                }
            if (vectorised)
                for (; j + NR <= n; j += NR)
                {
                    var i = first;
                    for (; i + MR <= last; i += MR) Tile6x16(a + (long)i * rs + (long)k0 * cs, rs, cs, b + (long)k0 * n + j, n, c + (long)i * n + j, n, kc, load);
                    for (; i < last; i++) Tile1x16(a + (long)i * rs + (long)k0 * cs, cs, b + (long)k0 * n + j, n, c + (long)i * n + j, kc, load);
                }
            for (; j < n; j++)
                for (var i = first; i < last; i++)
                {
                    var pa = a + (long)i * rs + (long)k0 * cs;
                    var pb = b + (long)k0 * n + j;
                    var sum = load ? c[(long)i * n + j] : 0f;
                    for (var p = 0; p < kc; p++) sum = MathF.FusedMultiplyAdd(pa[(long)p * cs], pb[(long)p * n], sum);
                    c[(long)i * n + j] = sum;
                }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Load256(bool load, float* c) => load ? Vector256.Load(c) : Vector256<float>.Zero;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Load512(bool load, float* c) => load ? Vector512.Load(c) : Vector512<float>.Zero;

    [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
    private static Vector256<float> Fma(Vector256<float> x, Vector256<float> y, Vector256<float> acc) => Vector256.FusedMultiplyAdd(x, y, acc);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Tile6x16(float* a, int rs, int cs, float* b, int ldb, float* c, int ldc, int kc, bool load)
    {
        var c00 = Load256(load, c); var c01 = Load256(load, c + 8);
        var c10 = Load256(load, c + ldc); var c11 = Load256(load, c + ldc + 8);
        var c20 = Load256(load, c + 2 * ldc); var c21 = Load256(load, c + 2 * ldc + 8);
        var c30 = Load256(load, c + 3 * ldc); var c31 = Load256(load, c + 3 * ldc + 8);
        var c40 = Load256(load, c + 4 * ldc); var c41 = Load256(load, c + 4 * ldc + 8);
        var c50 = Load256(load, c + 5 * ldc); var c51 = Load256(load, c + 5 * ldc + 8);
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

    [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
    private static Vector512<float> Fma(Vector512<float> x, Vector512<float> y, Vector512<float> acc) => Vector512.FusedMultiplyAdd(x, y, acc);

    /// <summary>8×32 register tile with 512-bit vectors: 16 accumulators, two B vectors, one broadcast.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Tile8x32(float* a, int rs, int cs, float* b, int ldb, float* c, int ldc, int kc, bool load)
    {
        var c00 = Load512(load, c); var c01 = Load512(load, c + 16);
        var c10 = Load512(load, c + ldc); var c11 = Load512(load, c + ldc + 16);
        var c20 = Load512(load, c + 2 * ldc); var c21 = Load512(load, c + 2 * ldc + 16);
        var c30 = Load512(load, c + 3 * ldc); var c31 = Load512(load, c + 3 * ldc + 16);
        var c40 = Load512(load, c + 4 * ldc); var c41 = Load512(load, c + 4 * ldc + 16);
        var c50 = Load512(load, c + 5 * ldc); var c51 = Load512(load, c + 5 * ldc + 16);
        var c60 = Load512(load, c + 6 * ldc); var c61 = Load512(load, c + 6 * ldc + 16);
        var c70 = Load512(load, c + 7 * ldc); var c71 = Load512(load, c + 7 * ldc + 16);
        for (var p = 0; p < kc; p++)
        {
            var b0 = Vector512.Load(b); var b1 = Vector512.Load(b + 16);
            b += ldb;
            var ap = a + (long)p * cs;
            var x = Vector512.Create(ap[0]); c00 = Fma(x, b0, c00); c01 = Fma(x, b1, c01);
            x = Vector512.Create(ap[rs]); c10 = Fma(x, b0, c10); c11 = Fma(x, b1, c11);
            x = Vector512.Create(ap[2 * rs]); c20 = Fma(x, b0, c20); c21 = Fma(x, b1, c21);
            x = Vector512.Create(ap[3 * rs]); c30 = Fma(x, b0, c30); c31 = Fma(x, b1, c31);
            x = Vector512.Create(ap[4 * rs]); c40 = Fma(x, b0, c40); c41 = Fma(x, b1, c41);
            x = Vector512.Create(ap[5 * rs]); c50 = Fma(x, b0, c50); c51 = Fma(x, b1, c51);
            x = Vector512.Create(ap[6 * rs]); c60 = Fma(x, b0, c60); c61 = Fma(x, b1, c61);
            x = Vector512.Create(ap[7 * rs]); c70 = Fma(x, b0, c70); c71 = Fma(x, b1, c71);
        }
        c00.Store(c); c01.Store(c + 16);
        c10.Store(c + ldc); c11.Store(c + ldc + 16);
        c20.Store(c + 2 * ldc); c21.Store(c + 2 * ldc + 16);
        c30.Store(c + 3 * ldc); c31.Store(c + 3 * ldc + 16);
        c40.Store(c + 4 * ldc); c41.Store(c + 4 * ldc + 16);
        c50.Store(c + 5 * ldc); c51.Store(c + 5 * ldc + 16);
        c60.Store(c + 6 * ldc); c61.Store(c + 6 * ldc + 16);
        c70.Store(c + 7 * ldc); c71.Store(c + 7 * ldc + 16);
    }

    /// <summary>4×32 tile for the rows left over by 8×32 (a narrow product has only a few rows, e.g. the 5 input
    /// features of the first layer): eight independent accumulators keep the FMA units busy where a 1-row tile waits on
    /// the latency of its two.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Tile4x32(float* a, int rs, int cs, float* b, int ldb, float* c, int ldc, int kc, bool load)
    {
        var c00 = Load512(load, c); var c01 = Load512(load, c + 16);
        var c10 = Load512(load, c + ldc); var c11 = Load512(load, c + ldc + 16);
        var c20 = Load512(load, c + 2 * ldc); var c21 = Load512(load, c + 2 * ldc + 16);
        var c30 = Load512(load, c + 3 * ldc); var c31 = Load512(load, c + 3 * ldc + 16);
        for (var p = 0; p < kc; p++)
        {
            var b0 = Vector512.Load(b); var b1 = Vector512.Load(b + 16);
            b += ldb;
            var ap = a + (long)p * cs;
            var x = Vector512.Create(ap[0]); c00 = Fma(x, b0, c00); c01 = Fma(x, b1, c01);
            x = Vector512.Create(ap[rs]); c10 = Fma(x, b0, c10); c11 = Fma(x, b1, c11);
            x = Vector512.Create(ap[2 * rs]); c20 = Fma(x, b0, c20); c21 = Fma(x, b1, c21);
            x = Vector512.Create(ap[3 * rs]); c30 = Fma(x, b0, c30); c31 = Fma(x, b1, c31);
        }
        c00.Store(c); c01.Store(c + 16);
        c10.Store(c + ldc); c11.Store(c + ldc + 16);
        c20.Store(c + 2 * ldc); c21.Store(c + 2 * ldc + 16);
        c30.Store(c + 3 * ldc); c31.Store(c + 3 * ldc + 16);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Tile1x32(float* a, int cs, float* b, int ldb, float* c, int kc, bool load)
    {
        var c0 = Load512(load, c); var c1 = Load512(load, c + 16);
        for (var p = 0; p < kc; p++)
        {
            var x = Vector512.Create(*a);
            c0 = Fma(x, Vector512.Load(b), c0); c1 = Fma(x, Vector512.Load(b + 16), c1);
            a += cs; b += ldb;
        }
        c0.Store(c); c1.Store(c + 16);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Tile1x16(float* a, int cs, float* b, int ldb, float* c, int kc, bool load)
    {
        var c0 = Load256(load, c); var c1 = Load256(load, c + 8);
        for (var p = 0; p < kc; p++)
        {
            var x = Vector256.Create(*a);
            c0 = Fma(x, Vector256.Load(b), c0); c1 = Fma(x, Vector256.Load(b + 8), c1);
            a += cs; b += ldb;
        }
        c0.Store(c); c1.Store(c + 8);
    }
}
