using System.Numerics;
using AutoBuild.Learning.Labels;
using AutoBuild.Runtime;

namespace AutoBuild.Learning.Tests.Labels;

/// <summary>Architecture operations and labels on the real example specs.</summary>
public class ExampleSpacesTests
{
    [Theory]
    [InlineData("nas-bench-201.space.yaml", CanonicalEncoding.CellEdges, "15625")]
    [InlineData("transnas-micro.space.yaml", CanonicalEncoding.CellEdges, "4096")]
    [InlineData("nas-bench-macro.space.yaml", CanonicalEncoding.MacroDigits, "6561")]
    [InlineData("ofa-mobilenetv3.space.yaml", CanonicalEncoding.MacroCompact, "65275966477717457553")]      // 3 × (9² + 9³ + 9⁴)^5
    [InlineData("ofa-proxylessnas.space.yaml", CanonicalEncoding.MacroCompact, "587483698299457117977")]   // 3 × (9² + 9³ + 9⁴)^5 × 9
    [InlineData("resnet18.space.yaml", CanonicalEncoding.Generic, "1")]
    [InlineData("mobilenetv3-large.space.yaml", CanonicalEncoding.Generic, "1")]
    [InlineData("mobilenetv3-small.space.yaml", CanonicalEncoding.Generic, "1")]
    [InlineData("mobilenetv2.space.yaml", CanonicalEncoding.Generic, "1")]
    [InlineData("efficientnet-b0.space.yaml", CanonicalEncoding.Generic, "1")]
    public void Encoding_size_and_round_trips(string spec, CanonicalEncoding encoding, string size)
    {
        var space = TestData.CompileExample(spec);
        Assert.Equal(encoding, space.Encoding);
        Assert.Equal(BigInteger.Parse(size), space.Size);
        var random = new Random(17);
        var samples = space.SampleDistinct((int)BigInteger.Min(space.Size, 300), random);
        foreach (var a in samples)
        {
            Assert.True(space.IsValid(a.Choices, out var error), error);
            Assert.Equal(a, space.Parse(a.ToString()));
            var m = space.Size > 1 ? space.Mutate(a, random) : a;
            Assert.True(space.IsValid(m.Choices, out error), error);
        }
    }

    [Fact]
    public void Ofa_strings_read_like_the_network()
    {
        var space = TestData.CompileExample("ofa-mobilenetv3.space.yaml");
        const string text = "r224|s1:d2:k3e4,k5e6|s2:d3:k3e3,k3e3,k7e6|s3:d4:k3e4,k3e4,k3e4,k3e4|s4:d2:k5e3,k5e3|s5:d3:k7e6,k7e6,k7e6";
        var a = space.Parse(text);
        Assert.Equal("224", a.Value("resolution"));
        Assert.Equal("3", a.Value("s2.depth"));
        Assert.Equal("7", a.Value("s2.l3.kernel"));
        Assert.Null(a.Value("s2.l4.kernel"));
        Assert.Equal(text, a.ToString());
        Assert.False(space.TryParse("r224|s1:d2:k3e4,k5e6,k7e3|s2", out _, out var error));
        Assert.Equal("expected '|' before s2 at character 21, found ','", error);
    }

    [Fact]
    public void Nas_bench_macro_reads_through_the_real_spec_and_its_arch_digits_agree()
    {
        var space = TestData.CompileExample("nas-bench-macro.space.yaml");
        var path = TestData.Data("nas-bench-macro", "nas_bench_macro_cifar10.csv.gz");
        var r = LabelsReader.Read(space, path, TestData.ReadText(path), TargetExpression.Parse("mean_acc"));
        Assert.Empty(r.Diagnostics); // 'arch' is cross-checked against layer0..layer7 on every row
        var labels = r.Labels!;
        Assert.Equal(6_561, labels.Architectures.Count);
        var best = labels.Architectures.Select((a, i) => (a, i)).Single(x => x.a.ToString() == "22212220").i;
        Assert.Equal(93.127, labels.Targets![best], 3);
        var costs = labels.Metric("params");
        Assert.Equal(1_985_514, costs[best]); // README: params of the best architecture
    }
}
