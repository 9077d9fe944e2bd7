using System.Text.RegularExpressions;
using AutoBuild.Spec.Results;
using AutoBuild.Reports;

namespace AutoBuild.Reports.Tests;

/// <summary>
/// Loads real reports in headless Chromium: no console errors, every section in the rendered DOM, and desktop
/// (1280 px) and phone (390 px) screenshots that are not blank. Reports and screenshots are kept under
/// artifacts/report-browser/ for a person to look at.
/// </summary>
public class BrowserTests
{
    private static string ArtifactDir(string name)
    {
        var dir = Path.Combine(ReportFixtures.RepoRoot, "artifacts", "report-browser", name);
        Directory.CreateDirectory(dir);
        return dir;
    }

    [ChromiumFact]
    public void Nb201_cell_space_report_renders_in_chromium() => CheckInBrowser("nb201", ReportFixtures.Nb201());

    [ChromiumFact]
    public void NasBenchMacro_constrained_report_renders_in_chromium() => CheckInBrowser("nbmacro", ReportFixtures.NasBenchMacro());

    [ChromiumFact]
    public void Console_errors_are_detected()
    {
        // The check must be able to fail: a page whose script throws logs a console error.
        var dir = ArtifactDir("console-control");
        var page = Path.Combine(dir, "broken.html");
        File.WriteAllText(page, "<!DOCTYPE html><html><body><p>broken</p><script>undefinedFunction();</script></body></html>");
        var run = Chromium.Load(page, "--dump-dom");
        Assert.NotEmpty(Chromium.ConsoleMessages(run.Stderr));
    }

    private static void CheckInBrowser(string name, AutoBuildResult result)
    {
        var dir = ArtifactDir(name);
        var html = ReportWriter.Write(result, dir).Single(p => p.EndsWith(".html", StringComparison.Ordinal));
        var source = File.ReadAllText(html);

        var dom = Chromium.Load(html, "--dump-dom");
        Assert.True(dom.ExitCode == 0, "chromium --dump-dom failed: " + dom.Stderr);
        Assert.Empty(Chromium.ConsoleMessages(dom.Stderr));
        Assert.Contains("</html>", dom.Stdout);
        foreach (var id in ReportBuilder.SectionIds)
            Assert.Matches(new Regex("<section id=\"" + Regex.Escape(id) + "\""), dom.Stdout);
        Assert.Equal(Regex.Matches(source, "<svg ").Count, Regex.Matches(dom.Stdout, "<svg ").Count);
        Assert.True(Regex.Matches(dom.Stdout, "<svg ").Count >= 8, "expected at least 8 charts in the rendered page");

        foreach (var (label, width) in new[] { ("desktop", 1280), ("phone", 390) })
        {
            var png = Path.Combine(dir, $"{name}-{label}.png");
            File.Delete(png);
            var shot = Chromium.Load(html, "--screenshot=" + png, $"--window-size={width},2400");
            Assert.True(shot.ExitCode == 0 && File.Exists(png), $"chromium --screenshot ({label}) failed: {shot.Stderr}");
            Assert.Empty(Chromium.ConsoleMessages(shot.Stderr));
            var image = Png.Decode(File.ReadAllBytes(png));
            Assert.Equal(width, image.Width);
            Assert.True(image.DistinctColours > 64, $"{label} screenshot looks blank: only {image.DistinctColours} distinct colours");
            Assert.True(image.FractionNot(0xFFFFFF) > 0.10, $"{label} screenshot is mostly white");
            Assert.True(image.InkIn(image.Height / 2, image.Height) > 0.02, $"{label} screenshot: the lower half is empty");
        }
    }
}
