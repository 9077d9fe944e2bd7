using AutoBuild.Learning.Numerics;

namespace AutoBuild.Learning.Tests.Numerics;

/// <summary>BatchNorm fused with its activation and residual must give the bits of the three separate ops.</summary>
public class FusedBatchNormTests
{
    private sealed record Run(float[] Output, float[] GradX, float[] GradResidual, float[] GradGamma, float[] GradBeta, float[] RunningMean, float[] RunningVar);

    private static Run Train(bool fused, Nonlinearity kind, bool residual, bool training, int rows, int cols, bool overwrite = false)
    {
        var x = GradCheck.Random(rows, cols, 21, scale: 2);
        var r = GradCheck.Random(rows, cols, 22);
        for (var i = 0; i < x.Length; i += 7) x.Data[i] = 0f;          // exact zeros: the activation's kink
        var ps = new ParameterSet();
        var tape = new Tape();
        Tensor y;
        BatchNorm bn;
        if (fused)
        {
            bn = tape.Add(new BatchNorm(x, ps, "bn", cols, activation: kind, residual: residual ? r : null, onlyConsumer: overwrite));
            y = bn.Output;
        }
        else
        {
            bn = tape.Add(new BatchNorm(x, ps, "bn", cols));
            y = kind == Nonlinearity.Identity ? bn.Output : tape.Add(new Activation(bn.Output, kind)).Output;
            if (residual) y = tape.Add(new Add(y, r)).Output;
        }
        Init.Uniform(bn.Gamma, 1, new Random(23));
        Init.Uniform(bn.Beta, 1, new Random(24));
        tape.Add(new WeightedSum(y, 25));
        // two steps, so the second starts from updated running statistics and accumulated gradients
        for (var step = 0; step < 2; step++)
        {
            if (overwrite && !fused) x.ZeroGrad();   // what an overwriting only consumer must amount to
            if (overwrite && fused) x.Grad.Fill(float.NaN); // ... whatever the gradient held before
            tape.Forward(training);
            tape.Backward();
        }
        return new Run(y.Values.ToArray(), x.Grad.ToArray(), r.Grad.ToArray(), bn.Gamma.Grad.ToArray(), bn.Beta.Grad.ToArray(),
            bn.RunningMean.ToArray(), bn.RunningVar.ToArray());
    }

    [Theory]
    [InlineData(Nonlinearity.LeakyReLU, true, true, 64)]
    [InlineData(Nonlinearity.LeakyReLU, false, true, 64)]
    [InlineData(Nonlinearity.ReLU, true, true, 20)]       // 20 columns: vector lanes and a scalar tail
    [InlineData(Nonlinearity.ReLU, false, false, 20)]
    [InlineData(Nonlinearity.LeakyReLU, true, false, 13)]
    [InlineData(Nonlinearity.Identity, true, true, 16)]
    public void Fused_equals_batch_norm_activation_and_add_bit_for_bit(Nonlinearity kind, bool residual, bool training, int cols)
    {
        foreach (var overwrite in new[] { false, true })
            Compare(Train(false, kind, residual, training, 37, cols, overwrite), Train(true, kind, residual, training, 37, cols, overwrite));
    }

    private static void Compare(Run separate, Run fused)
    {
        Assert.Equal(Bits(separate.Output), Bits(fused.Output));
        Assert.Equal(Bits(separate.GradX), Bits(fused.GradX));
        Assert.Equal(Bits(separate.GradResidual), Bits(fused.GradResidual));
        Assert.Equal(Bits(separate.GradGamma), Bits(fused.GradGamma));
        Assert.Equal(Bits(separate.GradBeta), Bits(fused.GradBeta));
        Assert.Equal(Bits(separate.RunningMean), Bits(fused.RunningMean));
        Assert.Equal(Bits(separate.RunningVar), Bits(fused.RunningVar));
        Assert.Contains(fused.GradX, v => v != 0);
    }

    [Fact]
    public void Fusing_an_absolute_value_is_refused()
    {
        var x = new Tensor(3, 2);
        Assert.Throws<ArgumentException>(() => new BatchNorm(x, new ParameterSet(), "bn", 2, activation: Nonlinearity.Abs));
    }

    private static uint[] Bits(float[] values) => values.Select(BitConverter.SingleToUInt32Bits).ToArray();
}
