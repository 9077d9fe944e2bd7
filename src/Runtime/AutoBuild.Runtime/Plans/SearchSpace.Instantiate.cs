using System;

namespace AutoBuild.Runtime;

public sealed partial class SearchSpace
{
    /// <summary>The concrete layer plan of <paramref name="architecture"/>, with static shape inference.
    /// Throws <see cref="Plans.ShapeException"/> when the architecture's shapes do not fit (the front end reports
    /// such specs as AB1008), and <see cref="InvalidOperationException"/> for a space without a network template.</summary>
    public Plans.Plan Instantiate(Architecture architecture)
    {
        if (Network is null) throw new InvalidOperationException($"Space '{Name}' has no network template.");
        if (!ReferenceEquals(architecture.Space, this) && architecture.Space.Decisions.Count != Decisions.Count)
            throw new ArgumentException("The architecture belongs to another space.", nameof(architecture));
        return new Plans.Instantiator(architecture, Network).Run();
    }
}
