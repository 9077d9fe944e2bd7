using System;
using System.Collections.Generic;
using AutoBuild.Spec.Diagnostics;
using AutoBuild.Runtime;
using AutoBuild.Runtime.Ir;

namespace AutoBuild.Spec;

/// <summary>Binds the syntax tree of a spec to the IR: decisions (with roles, sites and activity conditions) and the
/// network template. Reports every problem as a diagnostic and never throws on bad input. This class binds the top
/// level, layers, stages and user ops (its partial files); the services in Binding/ do the rest:
/// <see cref="SpecReader"/> (locations, diagnostics, literals), <see cref="ValueBinder"/> (values that may be
/// decisions; it owns the decisions), <see cref="BlockBinder"/> (composite blocks), <see cref="GraphBinder"/> (the cell
/// and the DAG), <see cref="RegisteredOpBinder"/> (ops registered in AutoBuild.Runtime/Ops).</summary>
internal sealed partial class Binder
{
    private static readonly string[] TopKeys =
    {
        "space", "namespace", "description", "input", "classes", "width_multiplier", "divisor", "constraints", "cost",
        "bn", "enumerate", "ops", "cell", "dag", "network",
    };

    // Bounds that keep hostile specs cheap (SpecLimits, docs/spec-language.md).
    private const int MaxLayerNesting = SpecLimits.MaxLayerNesting;
    private const int MaxStageDepth = SpecLimits.MaxStageDepth;
    private const int MaxRepeat = SpecLimits.MaxRepeat;

    private readonly SpecReader _read;
    private readonly ValueBinder _values;
    private readonly RegisteredOpBinder _registeredOps;
    private readonly GraphBinder _graphs;
    private readonly BlockBinder _blocks;
    private readonly Dictionary<string, KeyValuePair<ScalarSyntax, SyntaxNode>> _ops = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ScalarSyntax> _stageNames = new(StringComparer.Ordinal);
    private int _stageIndex;
    private int _globalLayer;
    private int _nesting;
    private bool _tooDeep;

    public Binder(string path, List<Diagnostic> diagnostics)
    {
        _read = new SpecReader(path, diagnostics);
        _values = new ValueBinder(_read);
        _registeredOps = new RegisteredOpBinder(_read, _values);
        _graphs = new GraphBinder(_read, _values, BindOp);
        _blocks = new BlockBinder(_read, _values, BindLayer);
    }

    public SyntaxNode? EnumerateKey { get; private set; }

    /// <summary>Where each decision is declared (<see cref="ValueBinder.Locations"/>).</summary>
    public Dictionary<string, SourceLocation> DecisionLocations() => _values.Locations();

    public SearchSpace? Bind(SyntaxNode root)
    {
        if (root is not MappingSyntax top)
        {
            _read.Error(SpecDiagnostics.WrongType(_read.At(root), "a spec", "a mapping of keys such as 'space:' and 'network:'", root.KindName));
            return null;
        }
        _read.CheckKeys(top, "the spec", TopKeys);
        var errorsBefore = _read.ErrorCount();

        var declared = _read.Identifier(top, "space", "the space name", required: true, example: "space: MySpace");
        var name = declared ?? "Space";
        // Only a name that passed the identifier check can clash (an unsafe one already has its AB1010).
        if (declared is not null && GeneratedMemberNames.IsReservedTypeName(declared) && top.Get("space") is { } spaceNode)
            _read.Error(SpecDiagnostics.UnsafeIdentifier(_read.At(spaceNode), "the space name", name,
                $"its generated class '{Identifiers.PascalCase(name, "S")}' would have a member of that name (Space, Architecture, Decisions, Size, Sample, Mutate, Enumerate, Params, Flops, ToPlan, Best, Ranked, Candidates); pick a more specific name such as 'MySpace'"));
        string? ns = null;
        if (top.Get("namespace") is { } nsNode && _read.Text(nsNode, "namespace") is { } nsText)
        {
            var problem = Identifiers.DottedProblem(nsText);
            if (problem is not null) _read.Error(SpecDiagnostics.UnsafeIdentifier(_read.At(nsNode), "namespace", nsText, problem));
            else ns = nsText;
        }
        if (top.Get("description") is { } description) _read.Text(description, "description");

        _values.Divisor = top.Get("divisor") is { } divisorNode ? _read.IntLiteral(divisorNode, "divisor", 1, 1024) ?? 8 : 8;
        if (top.Get("width_multiplier") is { } widthNode) _values.Width = _read.Number(widthNode, "width_multiplier", 0.01, 100) ?? 1.0;

        var (inputChannels, resolution, sequence) = BindInput(top.Get("input"));
        var classes = top.Get("classes") is { } classesNode ? _read.IntLiteral(classesNode, "classes", 1, 1_000_000) ?? 1000 : 1000;
        var constraints = BindConstraints(top.Get("constraints"));
        var countBias = false;
        if (top.Get("cost") is { } costNode && _read.Mapping(costNode, "cost") is { } cost)
        {
            _read.CheckKeys(cost, "cost", "count_bias");
            if (cost.Get("count_bias") is { } cb) countBias = _read.Bool(cb, "count_bias") ?? false;
        }
        var (bnEps, bnMomentum) = BindBatchNorm(top.Get("bn"));
        var enumerate = false;
        if (top.Get("enumerate") is { } enumerateNode)
        {
            EnumerateKey = top.KeyOf("enumerate");
            enumerate = _read.Bool(enumerateNode, "enumerate") ?? false;
        }

        CollectOps(top.Get("ops"));
        if (top.Get("cell") is { } cellNode) _graphs.DefineCell(cellNode);
        if (top.Get("dag") is { } dagNode) _graphs.DefineDag(dagNode);

        Layer? body = null;
        var networkNode = top.Get("network");
        if (networkNode is null)
            _read.Error(SpecDiagnostics.MissingKey(_read.At(top), "network", "a spec", "network: [ { conv_bn: { out: 16, kernel: 3 } }, cell, global_pool, classifier ]"));
        else if (networkNode is not SequenceSyntax networkList)
            _read.Error(SpecDiagnostics.WrongType(_read.At(networkNode), "'network'", "a list of layers", networkNode.KindName));
        else
            body = BindNetwork(networkList);

        if (_read.ErrorCount() > errorsBefore || body is null || resolution is null) return null;
        var kind = _graphs.Dag is not null ? SpaceKind.Dag : _graphs.Cell is not null ? SpaceKind.Cell : SpaceKind.Macro;
        var network = new Network(inputChannels, resolution, classes, body, _values.Width, _values.Divisor, countBias, bnEps, bnMomentum,
            sequence.Length, sequence.Vocabulary);
        return new SearchSpace(name, ns, kind, System.Linq.Enumerable.ToArray(_values.Decisions), network, constraints, enumerate);
    }

    /// <summary><c>bn: { eps, momentum }</c>: every BatchNorm's settings (PyTorch's defaults when absent).</summary>
    private (double Eps, double Momentum) BindBatchNorm(SyntaxNode? node)
    {
        double eps = Network.DefaultBatchNormEps, momentum = Network.DefaultBatchNormMomentum;
        if (node is null || _read.Mapping(node, "bn") is not { } bn) return (eps, momentum);
        _read.CheckKeys(bn, "bn", "eps", "momentum");
        if (bn.Get("eps") is { } e) eps = _read.Number(e, "bn eps", 1e-12, 1) ?? eps;
        if (bn.Get("momentum") is { } m) momentum = _read.Number(m, "bn momentum", 0, 1) ?? momentum;
        return (eps, momentum);
    }

    /// <summary>The `bn` op: <c>bn</c>, or <c>{ bn: { eps, momentum } }</c> for settings of its own.</summary>
    private Layer? BatchNorm(MappingSyntax o)
    {
        double? eps = o.Get("eps") is { } e ? _read.Number(e, "bn eps", 1e-12, 1) : null;
        double? momentum = o.Get("momentum") is { } m ? _read.Number(m, "bn momentum", 0, 1) : null;
        if ((o.Get("eps") is not null && eps is null) || (o.Get("momentum") is not null && momentum is null)) return null;
        return new BatchNormLayer(eps, momentum);
    }

    private (int Channels, Value<int>? Resolution, (int Length, int Vocabulary) Sequence) BindInput(SyntaxNode? node)
    {
        if (node is null) return (3, Value<int>.Of(224), (0, 0));
        if (_read.Mapping(node, "input") is not { } input) return (3, null, (0, 0));
        _read.CheckKeys(input, "input", "channels", "size", "sequence", "tokens", "vocab");
        if (input.Get("sequence") is not null || input.Get("tokens") is not null || input.Get("vocab") is not null)
            return (0, Value<int>.Of(0), BindSequenceInput(input));
        var channels = input.Get("channels") is { } c ? _read.IntLiteral(c, "input channels", 1, 1_000_000) ?? 3 : 3;
        var size = input.Get("size") is { } s
            ? _values.IntValue(s, "size", BindContext.Root, DecisionRole.Resolution, 1, 100_000, channels: false, defaultName: "resolution")
            : Value<int>.Of(224);
        return (channels, size, (0, 0));
    }

    private SpaceConstraints BindConstraints(SyntaxNode? node)
    {
        if (node is null || _read.Mapping(node, "constraints") is not { } map) return SpaceConstraints.None;
        _read.CheckKeys(map, "constraints", "max_params", "max_flops");
        long? maxParams = map.Get("max_params") is { } p ? _read.Count(p, "max_params") : null;
        long? maxFlops = map.Get("max_flops") is { } f ? _read.Count(f, "max_flops") : null;
        return new SpaceConstraints(maxParams, maxFlops);
    }

    private void CollectOps(SyntaxNode? node)
    {
        if (node is null || _read.Mapping(node, "ops") is not { } ops) return;
        foreach (var entry in ops.Entries)
        {
            var opName = entry.Key.Value;
            var problem = Identifiers.Problem(opName);
            if (problem is not null)
            {
                _read.Error(SpecDiagnostics.UnsafeIdentifier(_read.At(entry.Key), "op name", opName, problem));
                continue;
            }
            if (BuiltIns.Contains(opName))
            {
                _read.Error(SpecDiagnostics.Duplicate(_read.At(entry.Key), "op", opName, "the built-in op of that name; choose another name"));
                continue;
            }
            if (!_ops.ContainsKey(opName)) _ops.Add(opName, entry);
        }
    }

    private Layer? BindNetwork(SequenceSyntax list)
    {
        if (list.Items.Count == 0)
        {
            _read.Error(SpecDiagnostics.EmptyDomain(_read.At(list), "'network' is empty; list the layers of the network"));
            return null;
        }
        return BindTopLevelList(list, allowEncoderDecoder: true);
    }

    /// <summary>The layers of 'network:' (or of an encoder_decoder's encoder or decoder): the places where stages, and
    /// in 'network:' an encoder_decoder, may stand. Stages are numbered across all of them in spec order.</summary>
    private Layer? BindTopLevelList(SequenceSyntax list, bool allowEncoderDecoder)
    {
        var layers = new List<Layer>();
        var ok = true;
        foreach (var item in list.Items)
        {
            Layer? layer = IsTopLevel(item, "stage", out var stageNode, out var stageKey)
                ? BindStage(stageNode!, stageKey!, _stageIndex++)
                : allowEncoderDecoder && IsTopLevel(item, "encoder_decoder", out var edNode, out var edKey)
                    ? BindEncoderDecoder(edNode, edKey!)
                    : BindLayer(item, BindContext.Root);
            if (layer is null) ok = false;
            else layers.Add(layer);
        }
        return ok ? new SequenceLayer(layers) { Origin = list } : null;
    }

    private static bool IsTopLevel(SyntaxNode item, string op, out SyntaxNode? value, out ScalarSyntax? key)
    {
        value = null;
        key = null;
        if (item is MappingSyntax m && m.Entries.Count == 1 && m.Entries[0].Key.Value == op)
        {
            key = m.Entries[0].Key;
            value = m.Entries[0].Value;
            return true;
        }
        return false;
    }
}
