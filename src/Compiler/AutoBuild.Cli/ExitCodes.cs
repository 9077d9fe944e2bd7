namespace AutoBuild.Cli;

/// <summary>The exit codes of DESIGN.md: 0 success, 1 bad input (diagnostics printed), 2 internal failure.</summary>
internal static class ExitCodes
{
    public const int Success = 0;
    public const int BadInput = 1;
    public const int InternalFailure = 2;
}
