using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;

namespace AutoBuild.Learning.Build;

/// <summary>Wall time of each stage of a build, in order (<c>autobuild build --timing</c> prints it). A stage is
/// the time since the previous lap, so the stages add up to the whole run and nothing goes unaccounted.</summary>
public sealed class BuildTimings
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private double _last;
    private readonly List<(string Stage, double Seconds)> _stages = new();

    public IReadOnlyList<(string Stage, double Seconds)> Stages => _stages;
    public double TotalSeconds => _stages.Sum(s => s.Seconds);

    /// <summary>Ends the current stage under <paramref name="stage"/> and starts the next.</summary>
    public void Lap(string stage)
    {
        var now = _clock.Elapsed.TotalSeconds;
        _stages.Add((stage, now - _last));
        _last = now;
    }

    /// <summary>One line per stage and a total, aligned, in seconds with two decimals.</summary>
    public IEnumerable<string> Lines()
    {
        var width = _stages.Count == 0 ? 5 : _stages.Max(s => s.Stage.Length);
        foreach (var (stage, seconds) in _stages)
            yield return string.Format(CultureInfo.InvariantCulture, "{0} {1,8:0.00} s", stage.PadRight(width), seconds);
        yield return string.Format(CultureInfo.InvariantCulture, "{0} {1,8:0.00} s", "total".PadRight(width), TotalSeconds);
    }
}
