using System;
using System.Collections.Generic;
using System.Linq;

namespace AutoBuild.Runtime.Ops;

/// <summary>Every op defined in its own file under Ops/. To add an op: write its file (definition, IR layer, plan
/// node) and add one line below.</summary>
public static class OpRegistry
{
    /// <summary>The registered ops, in a fixed order (generated code lists them in this order).</summary>
    public static IReadOnlyList<OpDefinition> All { get; } = new OpDefinition[]
    {
        new ChannelShuffleOp(),
        new FactorizedReduceOp(),
        new EmbeddingOp(),
        new AttentionOp(),
        new CrossAttentionOp(),
        new FeedForwardOp(),
        new LayerNormOp(),
        new EncoderLayerOp(),
        new DecoderLayerOp(),
        new LanguageModelHeadOp(),
    };

    private static readonly Dictionary<string, OpDefinition> ByName = All.ToDictionary(o => o.Name, StringComparer.Ordinal);

    public static bool TryGet(string name, out OpDefinition definition) => ByName.TryGetValue(name, out definition!);
}
