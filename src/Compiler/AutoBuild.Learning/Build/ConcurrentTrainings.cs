using System;
using System.Collections.Generic;
using System.Runtime.ExceptionServices;
using System.Threading.Tasks;
using AutoBuild.Learning.Numerics;

namespace AutoBuild.Learning.Build;

/// <summary>Runs independent trainings (the primary predictor, the cross-fitted members, the latency predictor)
/// side by side, one per core, each with its matrix products on its own thread. At the predictor's batch sizes a
/// product split over two threads spends much of its time waiting for the second thread (and more so on a busy
/// machine), while two whole trainings keep both cores busy. Every training computes exactly what it would alone
/// (the products are bit-identical at any thread count), so the results do not depend on the worker count.</summary>
internal static class ConcurrentTrainings
{
    /// <summary>Trainings run at once: one per thread the products may use.</summary>
    public static int Workers(int jobs) => Math.Max(1, Math.Min(Gemm.Threads, jobs));

    /// <summary>Runs every job (in order of start when there are more jobs than workers) and returns their
    /// results in job order. An exception of a job is rethrown as it was thrown.</summary>
    public static T[] Run<T>(IReadOnlyList<Func<T>> jobs)
    {
        var results = new T[jobs.Count];
        var workers = Workers(jobs.Count);
        if (workers == 1)
        {
            for (var i = 0; i < jobs.Count; i++) results[i] = jobs[i]();
            return results;
        }
        var next = -1;
        var tasks = new Task[workers];
        for (var w = 0; w < workers; w++)
            tasks[w] = Task.Factory.StartNew(() =>
            {
                for (int i; (i = System.Threading.Interlocked.Increment(ref next)) < jobs.Count;)
                    results[i] = Gemm.OnCallingThread(jobs[i]);
            }, TaskCreationOptions.LongRunning);
        try { Task.WaitAll(tasks); }
        catch (AggregateException e) when (e.InnerExceptions.Count >= 1)
        {
            ExceptionDispatchInfo.Capture(e.InnerExceptions[0]).Throw();
        }
        return results;
    }
}
