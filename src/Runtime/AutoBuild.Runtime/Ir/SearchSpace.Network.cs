using System.Collections.Generic;
using AutoBuild.Runtime.Ir;

namespace AutoBuild.Runtime;

public sealed partial class SearchSpace
{
    /// <summary>A space with its network template (what <see cref="Instantiate"/> turns into a plan).</summary>
    public SearchSpace(string name, string? @namespace, SpaceKind kind, IReadOnlyList<Decision> decisions, Network network,
        SpaceConstraints? constraints = null, bool enumerationRequested = false)
        : this(name, @namespace, kind, decisions)
    {
        Network = network;
        Constraints = constraints ?? SpaceConstraints.None;
        EnumerationRequested = enumerationRequested;
    }

    /// <summary>The network template; null for a space built from decisions only.</summary>
    public Network? Network { get; }
    public SpaceConstraints Constraints { get; } = SpaceConstraints.None;
    /// <summary>The spec asked for enumeration (`enumerate: true`); the front end checked that the space is small enough.</summary>
    public bool EnumerationRequested { get; }
}
