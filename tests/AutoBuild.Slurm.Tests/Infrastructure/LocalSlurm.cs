using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;

namespace AutoBuild.Slurm.Tests.Infrastructure;

/// <summary>
/// A private Slurm cluster of one node on 127.0.0.1, in a temporary folder: its own slurm.conf, ports, state and spool
/// folders and munge key and socket; proctrack/linuxproc and task/none (no cgroups in a container), no accounting
/// (no slurmdbd, so no sacct). munged, slurmctld and slurmd run in the foreground as children of the test process;
/// <see cref="Dispose"/> cancels every job and kills them, and a watchdog shell kills them too if the test process
/// dies without disposing. Client commands find the cluster through <see cref="Environment"/> (SLURM_CONF).
/// </summary>
public sealed class LocalSlurm : IDisposable
{
    private readonly List<Process> _daemons = [];
    private Process? _watchdog;

    public LocalSlurm()
    {
        Folder = Directory.CreateTempSubdirectory("autobuild-slurm-").FullName;
        if (SlurmInstallation.SkipReason is not null || !OperatingSystem.IsLinux()) return; // the tests skip themselves
        try { Start(); }
        catch
        {
            Dispose();
            throw;
        }
    }

    public string Folder { get; }
    public string Config => Path.Combine(Folder, "slurm.conf");

    /// <summary>What a Slurm client command (or a program that runs them) needs in its environment.</summary>
    public IReadOnlyDictionary<string, string> Environment => new Dictionary<string, string> { ["SLURM_CONF"] = Config };

    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    private void Start()
    {
        foreach (var d in new[] { "state", "spool", "log", "munge" }) Directory.CreateDirectory(Path.Combine(Folder, d));
        File.SetUnixFileMode(Folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead
            | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        var key = Path.Combine(Folder, "munge", "munge.key");
        File.WriteAllBytes(key, RandomNumberGenerator.GetBytes(1024));
        File.SetUnixFileMode(key, UnixFileMode.UserRead);
        var socket = Path.Combine(Folder, "munge", "munge.socket.2");
        var user = System.Environment.UserName;
        File.WriteAllText(Config, $"""
            ClusterName=autobuildtest
            SlurmctldHost=localhost(127.0.0.1)
            SlurmctldPort={FreePort()}
            SlurmdPort={FreePort()}
            SlurmUser={user}
            SlurmdUser={user}
            AuthType=auth/munge
            AuthInfo=socket={socket}
            CredType=cred/munge
            StateSaveLocation={Folder}/state
            SlurmdSpoolDir={Folder}/spool
            SlurmctldPidFile={Folder}/slurmctld.pid
            SlurmdPidFile={Folder}/slurmd.pid
            SlurmctldLogFile={Folder}/log/slurmctld.log
            SlurmdLogFile={Folder}/log/slurmd.log
            ProctrackType=proctrack/linuxproc
            TaskPlugin=task/none
            JobAcctGatherType=jobacct_gather/none
            AccountingStorageType=accounting_storage/none
            JobCompType=jobcomp/none
            MpiDefault=none
            MailProg=/bin/true
            SchedulerType=sched/backfill
            SelectType=select/cons_tres
            SelectTypeParameters=CR_Core
            ReturnToService=2
            KillWait=5
            SlurmdParameters=config_overrides
            NodeName=autobuildnode NodeHostname=localhost NodeAddr=127.0.0.1 CPUs={System.Environment.ProcessorCount} State=UNKNOWN
            PartitionName=test Nodes=autobuildnode Default=YES MaxTime=INFINITE State=UP

            """);
        Daemon("munged", "-F", "-f", "--socket=" + socket, "--key-file=" + key, "--pid-file=" + Path.Combine(Folder, "munge", "munged.pid"),
            "--log-file=" + Path.Combine(Folder, "log", "munged.log"), "--seed-file=" + Path.Combine(Folder, "munge", "munged.seed"));
        WaitFor(() => File.Exists(socket), "munged's socket");
        Daemon("slurmctld", "-D", "-f", Config);
        Daemon("slurmd", "-D", "-N", "autobuildnode", "-f", Config);
        StartWatchdog();
        WaitFor(() => Run("sinfo", "--noheader", "--format=%T").Out.Trim() == "idle", "the node to be idle (sinfo)");
    }

    /// <summary>Runs a Slurm client command against this cluster: exit code, standard output and error.</summary>
    public (int Exit, string Out, string Err) Run(string program, params string[] args) =>
        Processes.Run(SlurmInstallation.Find(program) ?? program, args, Environment, TimeSpan.FromMinutes(2));

    /// <summary>Polls <paramref name="condition"/> until it holds; throws with the daemons' logs after
    /// <paramref name="limit"/> (default three minutes: the machine may be heavily loaded).</summary>
    public void WaitFor(Func<bool> condition, string what, TimeSpan? limit = null)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > (limit ?? TimeSpan.FromMinutes(3)))
                throw new TimeoutException($"waited {clock.Elapsed.TotalSeconds:0} s for {what}; daemon logs:\n{Logs()}");
            Thread.Sleep(200);
        }
    }

    public string Logs() => string.Join("\n", Directory.EnumerateFiles(Path.Combine(Folder, "log")).Order()
        .Select(f => $"--- {Path.GetFileName(f)}\n{string.Join("\n", File.ReadLines(f).TakeLast(30))}"));

    private void Daemon(string program, params string[] args)
    {
        var start = new ProcessStartInfo(SlurmInstallation.Find(program)!) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) start.ArgumentList.Add(a);
        start.Environment["SLURM_CONF"] = Config;
        var process = Process.Start(start)!;
        var log = Path.Combine(Folder, "log", program + ".out");
        // Drain both streams into a log of our own: a full pipe would block the daemon.
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (_daemons) File.AppendAllText(log, e.Data + "\n"); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (_daemons) File.AppendAllText(log, e.Data + "\n"); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _daemons.Add(process);
    }

    /// <summary>A shell that cancels every job and kills the daemons (by their process ids) once this test process is
    /// gone, so a crashed or killed test run leaves no Slurm behind; a normal <see cref="Dispose"/> kills the watchdog
    /// first.</summary>
    private void StartWatchdog()
    {
        var pids = string.Join(' ', _daemons.Select(d => d.Id));
        var scancel = SlurmInstallation.Find("scancel");
        var script = $"while kill -0 {System.Environment.ProcessId} 2>/dev/null; do sleep 1; done; " +
                     $"SLURM_CONF='{Config}' timeout 20 '{scancel}' --user={System.Environment.UserName}; sleep 6; kill -9 {pids} 2>/dev/null; " +
                     $"for p in /proc/[0-9]*; do grep -qsxzF 'SLURM_CONF={Config}' $p/environ && kill -9 ${{p#/proc/}}; done";
        _watchdog = Process.Start(new ProcessStartInfo("/bin/bash") { ArgumentList = { "-c", script }, RedirectStandardOutput = true, RedirectStandardError = true });
    }

    public void Dispose()
    {
        if (_daemons.Count > 0 && _daemons.All(d => !d.HasExited))
        {
            // Cancel every job of this private cluster and let its processes end before the daemons go.
            Run("scancel", "--user=" + System.Environment.UserName);
            try { WaitFor(() => Run("squeue", "--noheader").Out.Trim().Length == 0, "the queue to empty after scancel", TimeSpan.FromMinutes(1)); }
            catch (TimeoutException) { /* the daemons are killed below either way */ }
        }
        foreach (var process in _watchdog is null ? _daemons : _daemons.Prepend(_watchdog))
        {
            try
            {
                if (!process.HasExited) process.Kill(entireProcessTree: true);
                process.WaitForExit(10_000);
            }
            catch (InvalidOperationException) { /* already gone */ }
            process.Dispose();
        }
        _daemons.Clear();
        KillJobProcesses();
        try { Directory.Delete(Folder, recursive: true); }
        catch (IOException) { /* a file still held open; the folder is in the temporary directory */ }
    }

    /// <summary>Kills what is left of this cluster's jobs (a slurmstepd whose slurmd is gone waits for it for minutes).</summary>
    private void KillJobProcesses()
    {
        foreach (var pid in JobProcesses(_ => true)) Signal(pid, "KILL");
    }

    /// <summary>Stops (SIGSTOP) the `autobuild-evaluate` processes of array task <paramref name="task"/> of job
    /// <paramref name="job"/> and returns how many there were: a stopped task cannot finish its row, so a test can
    /// check that it has none yet and then cancel it without racing it. Slurm's cancellation continues and
    /// terminates it (SIGCONT, SIGTERM, and SIGKILL after KillWait).</summary>
    public int StopTask(string job, int task)
    {
        var stopped = 0;
        foreach (var pid in JobProcesses(environ => environ.Contains("SLURM_ARRAY_JOB_ID=" + job) && environ.Contains("SLURM_ARRAY_TASK_ID=" + task)))
        {
            string command;
            try { command = File.ReadAllText($"/proc/{pid}/cmdline"); }
            catch (IOException) { continue; } // gone meanwhile
            if (command.Contains("autobuild-evaluate", StringComparison.Ordinal) && Signal(pid, "STOP")) stopped++;
        }
        return stopped;
    }

    /// <summary>The processes whose environment names this cluster's slurm.conf, which only its daemons, steps and
    /// tasks carry, and satisfies <paramref name="select"/>.</summary>
    private IEnumerable<int> JobProcesses(Func<string[], bool> select)
    {
        var mark = "SLURM_CONF=" + Config;
        foreach (var proc in Directory.Exists("/proc") ? Directory.EnumerateDirectories("/proc") : [])
        {
            if (!int.TryParse(Path.GetFileName(proc), out var pid) || pid == System.Environment.ProcessId) continue;
            string[] environ;
            try { environ = File.ReadAllText(Path.Combine(proc, "environ")).Split('\0'); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { continue; } // gone meanwhile, or not ours to read
            if (environ.Contains(mark) && select(environ)) yield return pid;
        }
    }

    private static bool Signal(int pid, string signal) => Processes.Run("kill", ["-" + signal, pid.ToString(System.Globalization.CultureInfo.InvariantCulture)], null, TimeSpan.FromSeconds(10)).Exit == 0;

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
