using System;
using System.Collections.Generic;
using AutoBuild.Runtime.Ir;
using AutoBuild.Runtime.Plans;

namespace AutoBuild.Runtime.Ops;

/// <summary>An op that lives in one file: its spec name and options (<see cref="Bind"/>), its IR layer (an
/// <see cref="OpLayer"/>, which infers its shape), its plan node (an <see cref="OpNode"/>, which knows its cost and
/// description) and the TorchSharp module that runs it. Adding an op is that file plus one line in
/// <see cref="OpRegistry"/>; the front end, the cost model, `autobuild inspect`, the IR literal of generated code and
/// the generated TorchSharp layers pick it up from the registry.</summary>
public abstract class OpDefinition
{
    /// <summary>The op's name in a spec (<c>- channel_shuffle: { groups: 4 }</c>): lower-case, digits and '_'.</summary>
    public abstract string Name { get; }

    /// <summary>The option keys the op accepts; any other key is an error (AB1002) with a suggestion.</summary>
    public abstract IReadOnlyList<string> OptionKeys { get; }

    /// <summary>A spec fragment that uses the op, for messages (e.g. <c>{ channel_shuffle: { groups: 4 } }</c>).</summary>
    public abstract string Example { get; }

    /// <summary>The plan node type the op instantiates to (the generated TorchSharp code dispatches on it).</summary>
    public abstract Type NodeType { get; }

    /// <summary>Reads the options into the op's IR layer. Problems are reported by <paramref name="options"/> (with
    /// their spec location); return null when any option is missing or invalid.</summary>
    public abstract OpLayer? Bind(IOpOptions options);

    /// <summary>A C# expression of type <c>Module&lt;Tensor, Tensor&gt;</c> that builds the op's TorchSharp module
    /// from <c>n</c>, its plan node (of <see cref="NodeType"/>). Inside the generated layer file: <c>Torch</c> is
    /// <c>TorchSharp.torch</c>, <c>FunctionLayer</c> wraps a parameterless <c>Func&lt;Tensor, Tensor&gt;</c>. Only
    /// names shared by every supported TorchSharp version (0.99, 0.106+) may be used.</summary>
    public abstract string TorchSharpModule { get; }
}

/// <summary>How an op reads its options from a spec: each method reports a located diagnostic and returns null
/// when the option is invalid, or when it is absent and has no fallback.</summary>
public interface IOpOptions
{
    /// <summary>An integer option: a literal or <c>{ choose: [...] }</c> (which creates a decision).</summary>
    Value<int>? Int(string key, int min, int max, int? fallback = null);

    /// <summary>A number option (a literal).</summary>
    double? Number(string key, double min, double max, double? fallback = null);

    /// <summary>A true/false option (a literal).</summary>
    bool? Bool(string key, bool? fallback = null);

    /// <summary>A width (output channels) option, read like the <c>out</c> of built-in blocks such as <c>skip</c>: scaled
    /// by the spec's width multiplier, a choice or <c>$out</c>; when absent, the context's width (a reducing cell's new
    /// width), else null: keep the input's. <c>Ok</c> is false after an error.</summary>
    (bool Ok, Value<int>? Value) Width(string key);

    /// <summary>A stride option (a literal, a choice or <c>$stride</c>); when absent, the context's stride (on a reducing
    /// cell's input edges, the cell's stride), else 1.</summary>
    Value<int>? Stride(string key);
}

/// <summary>The IR layer of a registered op. Public constructors whose parameters match get-only properties let
/// generated code rebuild it (see <c>ObjectLiteralEmitter</c>).</summary>
public abstract class OpLayer : Layer
{
    /// <summary>The plan node for one architecture, given the input shape; throws <see cref="ShapeException"/> (with
    /// this layer, so the message points at the spec) when the input does not fit.</summary>
    public abstract OpNode Instantiate(string name, Shape input, Architecture architecture);

    /// <summary>As <see cref="Instantiate(string, Shape, Architecture)"/>, for ops that need to know where they are
    /// (cross-attention reads the encoder output of its <see cref="OpContext"/>).</summary>
    public virtual OpNode Instantiate(string name, Shape input, Architecture architecture, OpContext context) =>
        Instantiate(name, input, architecture);

    internal sealed override PlanNode BuildNode(Instantiator at, Shape input, string name) => Instantiate(name, input, at.Architecture, at.Context);

    /// <summary>Throws unless <paramref name="input"/> is a feature map (C×H×W).</summary>
    protected void RequireFeatureMap(Shape input, string what)
    {
        if (input.IsVector) throw new ShapeException(this, $"{what} needs a feature map but gets a vector of {input.Channels}; move it before global_pool");
        if (!input.IsFeatureMap) throw new ShapeException(this, $"{what} needs a feature map but gets {input}");
    }

    /// <summary>Throws unless <paramref name="input"/> is a sequence of token features (after an embedding).</summary>
    protected void RequireSequence(Shape input, string what)
    {
        if (input.IsSequence) return;
        throw new ShapeException(this, input.IsTokens
            ? $"{what} needs token features but gets the token ids; put an embedding before it"
            : $"{what} needs a sequence of token features but gets {(input.IsVector ? "a vector of " + input.Channels : "a " + input + " feature map")}");
    }

    /// <summary>The encoder output an op inside a decoder attends to; throws when <paramref name="context"/> has none.</summary>
    protected Shape RequireMemory(OpContext context, string what) => context.Memory
        ?? throw new ShapeException(this, $"{what} attends to an encoder's output, so it must be inside the decoder of an encoder_decoder");
}

/// <summary>Where an op is instantiated: inside the decoder of an <c>encoder_decoder</c>, <see cref="Memory"/> is the
/// encoder's output (what cross-attention attends to).</summary>
public sealed class OpContext
{
    public static readonly OpContext None = new(null);

    public OpContext(Shape? memory) => Memory = memory;

    public Shape? Memory { get; }
}

/// <summary>The plan node of a registered op: what the cost model counts and what `autobuild inspect` prints.</summary>
public abstract class OpNode : PlanNode
{
    protected OpNode(string name, Shape input, Shape output) : base(name, input, output) { }

    /// <summary>Weights, counted as <c>CostModel</c> counts them (BN affine included, bias when present).</summary>
    public abstract override long Params { get; }

    /// <summary>Multiply-accumulates per image; bias additions only when <paramref name="countBias"/>.</summary>
    public abstract override long Flops(bool countBias);

    /// <summary>One line for `autobuild inspect` (e.g. "channel_shuffle 4 groups").</summary>
    public abstract override string Description { get; }

    /// <summary>The op's spec name (reports group blocks by it).</summary>
    public abstract string OpName { get; }
}
