using System;
using AutoBuild.Runtime.Ir;

namespace AutoBuild.Runtime.Plans;

/// <summary>An architecture whose layers cannot be connected (e.g. a kernel larger than the feature map,
/// channels that do not add up). <see cref="Layer"/> is the template node where inference failed.</summary>
public sealed class ShapeException : InvalidOperationException
{
    public ShapeException(Layer layer, string message) : base(message) => Layer = layer;
    public Layer Layer { get; }
}
