using System.Diagnostics;
using System.Globalization;
using System.Runtime.Intrinsics;
using AutoBuild.Learning.Numerics;

namespace AutoBuild.Benchmarks;

/// <summary>GEMM throughput at the predictor's shapes, per wall second and per CPU second (the latter is what a
/// shared machine still measures fairly). Options: --rows 2000 --threads 1,2.</summary>
public static class GemmRate
{
    public static int Run(Args args)
    {
        var rows = args.Int("rows", 2000);
        Console.WriteLine($"Vector512 accelerated: {Vector512.IsHardwareAccelerated}, Vector256: {Vector256.IsHardwareAccelerated}");
        Console.WriteLine();
        Console.WriteLine("| form | rows×k×n | threads | GFLOP/s (wall) | GFLOP/s per CPU-second |");
        Console.WriteLine("|---|---|---|---|---|");
        foreach (var threads in args.Ints("threads", "1,2"))
            foreach (var hidden in new[] { 32, 128 })
            {
                var saved = Gemm.Threads;
                Gemm.Threads = threads;
                var (a, b, c) = Operands(rows, hidden);
                var scratch = Array.Empty<float>();
                foreach (var (form, run) in new (string, Action)[]
                {
                    ("X·W", () => Gemm.Multiply(a, b, c, rows, hidden, hidden, false)),
                    ("Xᵀ·G", () => Gemm.MultiplyTransposedA(a, c, b, rows, hidden, hidden, false)),
                    ("G·Wᵀ", () => Gemm.MultiplyTransposedB(c, b, a, rows, hidden, hidden, false, ref scratch)),
                })
                {
                    var reps = Math.Max(20, (int)(4e9 / (2.0 * rows * hidden * hidden)));
                    var (wall, cpuSeconds) = Time(run, warmup: 10, reps);
                    var flops = 2.0 * rows * hidden * hidden * reps;
                    Console.WriteLine(string.Format(CultureInfo.InvariantCulture, "| {0} | {1}×{2}×{2} | {3} | {4:F1} | {5:F1} |", form, rows, hidden, threads, flops / wall / 1e9, flops / cpuSeconds / 1e9));
                }
                Gemm.Threads = saved;
            }
        return 0;
    }

    /// <summary>Operands of a [rows, hidden]·[hidden, hidden] product (A and B filled with a fixed pattern, C the output).</summary>
    internal static (float[] A, float[] B, float[] C) Operands(int rows, int hidden)
    {
        var a = new float[rows * hidden]; var b = new float[hidden * hidden]; var c = new float[rows * hidden];
        for (var i = 0; i < a.Length; i++) a[i] = (i % 7) * 0.1f;
        for (var i = 0; i < b.Length; i++) b[i] = (i % 5) * 0.1f;
        return (a, b, c);
    }

    /// <summary>Runs <paramref name="run"/> <paramref name="warmup"/> times untimed, then <paramref name="reps"/> times:
    /// wall and CPU seconds of the timed runs.</summary>
    internal static (double Wall, double Cpu) Time(Action run, int warmup, int reps)
    {
        for (var i = 0; i < warmup; i++) run();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < reps; i++) run();
        var wall = clock.Elapsed.TotalSeconds;
        return (wall, (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds);
    }
}
