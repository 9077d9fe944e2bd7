using System.Collections.Generic;
using AutoBuild.Runtime;
using AutoBuild.Runtime.Ir;

namespace AutoBuild.Learning.Graphs;

// Encoder–decoder spaces: every decoder layer attends to the encoder's output, so the graph links the last encoder
// layer to every decoder layer (besides the chain). Without these edges the encoder reaches decoder layer k only
// after k hops, beyond a 4-layer GNN for HAT's 6-layer decoders.
public sealed partial class GraphEncoder
{
    /// <summary>Stage indices inside the encoder and the decoder of the space's encoder_decoder (empty otherwise).</summary>
    private readonly HashSet<int> _encoderStages = new(), _decoderStages = new();

    private void FindEncoderDecoderStages(Network? network)
    {
        if (network?.Body is not SequenceLayer body) return;
        foreach (var layer in body.Children)
            if (layer is EncoderDecoderLayer ed)
            {
                CollectStages(ed.Encoder, _encoderStages);
                CollectStages(ed.Decoder, _decoderStages);
            }
    }

    // Stages stand only directly in the layer lists (the front end refuses them elsewhere).
    private static void CollectStages(Layer layer, HashSet<int> stages)
    {
        if (layer is StageLayer stage) stages.Add(stage.Index);
        else if (layer is SequenceLayer sequence)
            foreach (var child in sequence.Children) CollectStages(child, stages);
    }

    /// <summary>Edges from the last active encoder layer to the decoder layers the chain does not already reach.</summary>
    private IEnumerable<(int, int)> MemoryEdges(List<Slot> active)
    {
        if (_decoderStages.Count == 0) yield break;
        var lastEncoder = -1;
        for (var i = 0; i < active.Count; i++) if (_encoderStages.Contains(active[i].Stage)) lastEncoder = i;
        if (lastEncoder < 0) yield break;
        for (var i = lastEncoder + 2; i < active.Count; i++)
            if (_decoderStages.Contains(active[i].Stage)) yield return (lastEncoder, i);
    }
}
