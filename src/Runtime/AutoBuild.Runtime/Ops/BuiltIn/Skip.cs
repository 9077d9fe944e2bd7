using AutoBuild.Runtime.Plans;

namespace AutoBuild.Runtime.Ir;

/// <summary>The built-in <c>skip</c> op: identity when the shape is kept, otherwise a 1×1 convolution (with the stride)
/// + BN projection. It has no plan node of its own: it becomes an <see cref="IdentityNode"/> or a conv + BN sequence
/// (the same projection a residual's <see cref="ShortcutKind.Projection"/> shortcut uses).</summary>
public sealed class SkipLayer : Layer
{
    public SkipLayer(Value<int>? outChannels, Value<int> stride)
    {
        Out = outChannels; Stride = stride;
    }

    public Value<int>? Out { get; }
    public Value<int> Stride { get; }

    internal override PlanNode BuildNode(Instantiator at, Shape input, string name) =>
        at.Skip(this, name, input, Out?.Resolve(at.Architecture) ?? input.Channels, Stride.Resolve(at.Architecture));
}
