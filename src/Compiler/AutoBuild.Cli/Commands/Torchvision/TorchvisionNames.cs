using System;
using System.Collections.Generic;
using System.IO;

namespace AutoBuild.Cli.Commands.Torchvision;

/// <summary>torchvision's module names for the layers of the fixed ResNet-18 and MobileNetV3-Large example specs
/// (<c>&lt;Space&gt;.torchvision-names.txt</c>, made by make_names.py and embedded), so that an exported model loads
/// torchvision's pretrained state dicts by name. Weightless layers (activations) keep their own names.</summary>
internal static class TorchvisionNames
{
    /// <summary>The spaces that have a name map.</summary>
    public static IReadOnlyList<string> Spaces { get; } = new[] { "MobileNetV3Large", "ResNet18" };

    /// <summary>Maps a layer's state-dict path to torchvision's; null for a space without a map.</summary>
    public static Func<string, string>? For(string space)
    {
        using var stream = typeof(TorchvisionNames).Assembly.GetManifestResourceStream("AutoBuild.Cli.Torchvision." + space + ".torchvision-names.txt");
        if (stream is null) return null;
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        using var reader = new StreamReader(stream);
        while (reader.ReadLine() is { } line)
        {
            var parts = line.Split(' ');
            if (parts.Length == 2) names.Add(parts[0], parts[1]);
        }
        return path => names.TryGetValue(path, out var theirs) ? theirs : path;
    }
}
