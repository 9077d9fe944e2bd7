using AutoBuild.Learning.Build;
using AutoBuild.Learning.Labels;
using AutoBuild.Spec.Results;

namespace AutoBuild.Learning.Tests.Build;

/// <summary>The candidates CSV (<c>--candidates-out</c>) keeps the labels' header as the labels reader sees it, so its
/// rows can be appended to the labels.</summary>
public class CandidatesCsvTests
{
    [Fact]
    public void A_quoted_header_cell_with_a_comma_stays_one_column()
    {
        var dir = Directory.CreateTempSubdirectory("ab-candidates").FullName;
        try
        {
            var labels = Path.Combine(dir, "labels.csv");
            File.WriteAllText(labels, "arch,\"acc, top1\",lat\n\"a,b\",90,2\n");
            var result = new AutoBuildResult
            {
                Candidates =
                {
                    new RankedArchitecture { Arch = "x,y", Predicted = 91.25 },
                    new RankedArchitecture { Arch = "z", Predicted = 0.1 },
                },
            };
            var written = BuildOutput.WriteCandidatesCsv(result, labels, Path.Combine(dir, "next.csv"));

            var table = CsvTable.Parse(File.ReadAllText(written));
            Assert.Empty(table.Errors);
            Assert.Equal(new[] { "arch", "acc, top1", "lat", LabelsReader.PredictedColumn }, table.Records[0].Fields.Select(f => f.Value));
            Assert.Equal(new[] { "x,y", "", "", "91.25" }, table.Records[1].Fields.Select(f => f.Value));
            Assert.Equal(new[] { "z", "", "", "0.1" }, table.Records[2].Fields.Select(f => f.Value));
            Assert.Equal("arch,\"acc, top1\",lat,autobuild_predicted", File.ReadLines(written).First());
        }
        finally { Directory.Delete(dir, recursive: true); }
    }
}
