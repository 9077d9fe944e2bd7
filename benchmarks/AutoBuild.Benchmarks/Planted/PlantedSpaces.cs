namespace AutoBuild.Benchmarks.Planted;

/// <summary>Planted-truth benchmarks (issue 10): synthetic spaces whose targets come from a known, seeded function,
/// so the true marginal mean of every (decision, value), the true depth order and the true optimum are known exactly.
/// Used by the <c>knowledge</c> and <c>quality</c> benchmarks.</summary>
public static class PlantedSpaces
{
    public static readonly string[] Names = { "planted-ofa", "planted-cell" };

    /// <summary>An OFA-MobileNetV3-shaped macro space (5 stages, depth 2–4, kernel/expansion per layer, resolution).
    /// The seed draws the planted effects; the labels' noise comes from <see cref="PlantedSpace.Sample"/>'s seed.</summary>
    public static PlantedSpace OfaLike(int seed = 0)
    {
        var space = PlantedSpace.Compile("PlantedOfa", Planted.OfaLike.SpecText);
        var model = new OfaLike(space, seed);
        return new PlantedSpace("planted-ofa", Planted.OfaLike.SpecText, space, model.Draw,
            new[] { model.Truth(0, "acc"), model.Truth(1, "latency") }, new[] { 0.15, 0.05 }, Planted.OfaLike.Describe());
    }

    /// <summary>A NAS-Bench-201-shaped cell space with a known function (exhaustive truth over 15,625 cells).</summary>
    public static PlantedSpace Cell(int seed = 0)
    {
        var space = PlantedSpace.Compile("PlantedCell", CellLike.SpecText);
        var model = new CellLike(space, seed);
        return new PlantedSpace("planted-cell", CellLike.SpecText, space, model.Draw,
            new[] { model.Truth(0, "acc"), model.Truth(1, "latency") }, new[] { 0.2, 0.02 }, CellLike.Describe());
    }

    public static PlantedSpace ByName(string name, int seed = 0) => name switch
    {
        "planted-ofa" => OfaLike(seed),
        "planted-cell" => Cell(seed),
        _ => throw new ArgumentException($"unknown planted space '{name}' (known: {string.Join(", ", Names)})"),
    };
}
