using AutoBuild.Learning.Numerics;

namespace AutoBuild.Learning.Tests.Numerics;

public class OpGradientTests
{
    private static (Tape Tape, Tensor X) Input(int rows, int cols, int seed, double awayFromZero = 0)
    {
        var tape = new Tape();
        var x = GradCheck.Random(rows, cols, seed, 1, awayFromZero);
        return (tape, x);
    }

    [Fact]
    public void Linear_with_bias()
    {
        var (tape, x) = Input(7, 5, 1);
        var ps = new ParameterSet();
        var lin = tape.Add(new Linear(x, ps, "l", 5, 3, true, new Random(2)));
        tape.Add(new WeightedSum(lin.Output, 3));
        GradCheck.Check(tape, new[] { x, lin.Weight, lin.Bias! });
    }

    [Fact]
    public void Linear_large_enough_for_the_blocked_kernel()
    {
        var (tape, x) = Input(13, 20, 4);
        var ps = new ParameterSet();
        var lin = tape.Add(new Linear(x, ps, "l", 20, 33, false, new Random(5)));
        tape.Add(new WeightedSum(lin.Output, 6));
        GradCheck.Check(tape, new[] { x, lin.Weight });
    }

    [Fact]
    public void Add_and_activations()
    {
        foreach (var kind in new[] { Nonlinearity.ReLU, Nonlinearity.LeakyReLU, Nonlinearity.Abs, Nonlinearity.Identity })
        {
            var (tape, x) = Input(4, 6, 7, awayFromZero: 0.05);
            var y = GradCheck.Random(4, 6, 8, 1, 0.05);
            var sum = tape.Add(new Add(x, y));
            var act = tape.Add(new Activation(x, kind));
            var both = tape.Add(new Add(sum.Output, act.Output));
            tape.Add(new WeightedSum(both.Output, 9));
            GradCheck.Check(tape, new[] { x, y }, eps: 1e-3);
        }
    }

    [Fact]
    public void Batch_norm_training_and_evaluation()
    {
        foreach (var training in new[] { true, false })
        {
            var (tape, x) = Input(6, 4, 10);
            var ps = new ParameterSet();
            var bn = tape.Add(new BatchNorm(x, ps, "bn", 4));
            Init.Uniform(bn.Gamma, 1, new Random(11));
            Init.Uniform(bn.Beta, 1, new Random(12));
            tape.Add(new WeightedSum(bn.Output, 13));
            GradCheck.Check(tape, new[] { x, bn.Gamma, bn.Beta }, training, eps: 1e-3);
        }
    }

    [Fact]
    public void Batch_norm_running_statistics_follow_torch()
    {
        var x = new Tensor(4, 1);
        new[] { 1f, 2f, 3f, 6f }.CopyTo(x.Data, 0);
        var bn = new BatchNorm(x, new ParameterSet(), "bn", 1);
        bn.Forward(training: true);
        Assert.Equal(0.1f * 3f, bn.RunningMean[0], 6);
        Assert.Equal(0.9f + 0.1f * (14f / 3f), bn.RunningVar[0], 5); // unbiased variance 14/3
        Assert.Equal((1 - 3) / MathF.Sqrt(3.5f + 1e-5f), bn.Output.Data[0], 5); // biased variance 3.5
    }

    [Fact]
    public void Feature_embedding()
    {
        var (batch, _) = GradCheck.SmallBatch();
        var ps = new ParameterSet();
        var tape = new Tape();
        var fe = tape.Add(new FeatureEmbedding(batch, new[] { 3, 2 }, 1, ps, new Random(14)));
        tape.Add(new WeightedSum(fe.Output, 15));
        GradCheck.Check(tape, ps.Items.Select(p => p.Tensor), eps: 1e-3);
    }

    [Fact]
    public void Scatter_sum_and_pooling()
    {
        foreach (var mean in new[] { false, true })
        {
            var (batch, _) = GradCheck.SmallBatch();
            var tape = new Tape();
            var x = GradCheck.Random(7, 3, 16);
            var agg = tape.Add(new ScatterSum(x, batch));
            var pool = tape.Add(new Pool(agg.Output, batch, mean));
            var pool0 = tape.Add(new Pool(x, batch, mean));
            tape.Add(new WeightedSum(pool.Output, 17));
            tape.Add(new WeightedSum(pool0.Output, 18));
            tape.Add(new WeightedSum(agg.Output, 19));
            GradCheck.Check(tape, new[] { x });
        }
    }

    [Fact]
    public void Scatter_sum_adds_sources_into_targets()
    {
        var (batch, _) = GradCheck.SmallBatch();
        var x = new Tensor(7, 1);
        for (var i = 0; i < 7; i++) x.Data[i] = 1 << i;
        var op = new ScatterSum(x, batch);
        op.Forward(false);
        // graph 2 occupies rows 3..6 with edges 0→1, 0→2, 1→3, 2→3
        Assert.Equal(new float[] { 0, 1, 2, 0, 8, 8, 16 + 32 }, op.Output.Values.ToArray());
    }

    [Fact]
    public void Gatv2_attention()
    {
        var (batch, _) = GradCheck.SmallBatch();
        var tape = new Tape();
        var xl = GradCheck.Random(7, 4, 20);
        var xr = GradCheck.Random(7, 4, 21);
        var att = tape.Add(new GatAttention(xl, xr, batch, new ParameterSet(), "gat", 4, new Random(22)));
        tape.Add(new WeightedSum(att.Output, 23));
        GradCheck.Check(tape, new[] { xl, xr, att.Attention }, eps: 1e-3);
    }

    [Fact]
    public void Gatv2_node_without_in_edges_attends_only_to_itself()
    {
        var (batch, _) = GradCheck.SmallBatch();
        var xl = GradCheck.Random(7, 4, 20);
        var xr = GradCheck.Random(7, 4, 21);
        var att = new GatAttention(xl, xr, batch, new ParameterSet(), "gat", 4, new Random(22));
        att.Forward(false);
        Assert.Equal(xl.Row(0).ToArray(), att.Output.Row(0).ToArray());
    }

    [Fact]
    public void Row_l1_norm()
    {
        var (tape, x) = Input(5, 3, 24, awayFromZero: 0.05);
        var norm = tape.Add(new RowL1Norm(x));
        tape.Add(new WeightedSum(norm.Output, 25));
        GradCheck.Check(tape, new[] { x }, eps: 1e-3);
    }

    [Fact]
    public void Mse_and_pearson_losses()
    {
        var (batch, _) = GradCheck.SmallBatch();
        batch.Load(Enumerable.Repeat(GradCheck.SmallBatch().Graphs[0], 5).ToArray(), new[] { 0, 1, 2, 3, 4 }, new[] { 0.5f, -1f, 2f, 0.1f, -0.7f });
        var tape = new Tape();
        var a = GradCheck.Random(5, 1, 26);
        tape.Add(new MseLoss(a, batch, 0.7f));
        tape.Add(new PearsonLoss(a, batch, 1.3f));
        GradCheck.Check(tape, new[] { a }, eps: 1e-3);
    }

    [Fact]
    public void Top_weighted_mse_gradient_and_value()
    {
        var (batch, _) = GradCheck.SmallBatch();
        var targets = new[] { 0.5f, -1f, 2f, 0.1f, -0.7f };
        batch.Load(Enumerable.Repeat(GradCheck.SmallBatch().Graphs[0], 5).ToArray(), new[] { 0, 1, 2, 3, 4 }, targets);
        var tape = new Tape();
        var a = GradCheck.Random(5, 1, 27);
        var mse = tape.Add(new MseLoss(a, batch, 0.7f) { TopWeight = 2f });
        GradCheck.Check(tape, new[] { a }, eps: 1e-3);
        tape.Forward(training: true);
        // Σ w·d² / Σ w with w = 1 + 2·max(0, target): the better-than-average targets count more.
        double num = 0, den = 0;
        for (var i = 0; i < 5; i++)
        {
            var w = 1 + 2 * Math.Max(0, targets[i]);
            var d = (double)a.Data[i] - targets[i];
            num += w * d * d; den += w;
        }
        Assert.Equal(num / den, mse.Value, 6);
    }
}

public class GraphConvTests
{
    [Fact]
    public void Fused_graph_conv_gradients()
    {
        var (batch, _) = GradCheck.SmallBatch();
        var tape = new Tape();
        var x = GradCheck.Random(7, 3, 30);
        var conv = tape.Add(new GraphConv(x, batch, new ParameterSet(), "gc", 3, 4, new Random(31)));
        tape.Add(new WeightedSum(conv.Output, 32));
        GradCheck.Check(tape, new[] { x, conv.Weight, conv.Bias }, eps: 1e-3);
    }

    [Fact]
    public void Fused_graph_conv_equals_scatter_then_two_linears()
    {
        var (batch, _) = GradCheck.SmallBatch();
        var x = GradCheck.Random(7, 3, 33);
        var conv = new GraphConv(x, batch, new ParameterSet(), "gc", 3, 4, new Random(34));
        conv.Forward(false);
        var agg = new ScatterSum(x, batch);
        agg.Forward(false);
        for (var i = 0; i < 7; i++)
            for (var c = 0; c < 4; c++)
            {
                double expected = conv.Bias.Data[c];
                for (var p = 0; p < 3; p++)
                    expected += agg.Output.Data[i * 3 + p] * conv.Weight.Data[p * 8 + c] + x.Data[i * 3 + p] * conv.Weight.Data[p * 8 + 4 + c];
                Assert.Equal(expected, conv.Output.Data[i * 4 + c], 1e-5);
            }
    }
}
