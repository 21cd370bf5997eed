using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;

namespace XaiRouter.TestSupport;

/// <summary>
/// A Gateway or Silo running as a real child process (<c>dotnet X.dll</c>), with its output captured, start-up
/// awaited on the host's "Application started." line, and a real SIGTERM to stop it.
/// </summary>
public sealed partial class RouterProcess : IAsyncDisposable
{
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(60);

    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<(string Text, TaskCompletionSource Seen)> _awaitedOutput = [];

    private RouterProcess(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) => OnLine(e.Data);
        _process.ErrorDataReceived += (_, e) => OnLine(e.Data);
    }

    /// <summary>Everything the process wrote to stdout and stderr so far.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public int Id => _process.Id;

    public static RouterProcess Start(string dll, string workingDirectory, params IEnumerable<string> arguments)
    {
        var startInfo = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        startInfo.ArgumentList.Add(dll);
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        // No colours or terminal logger in captured output; keep the child's environment otherwise.
        startInfo.Environment["DOTNET_CONSOLE_ANSI_COLOR"] = "false";
        startInfo.Environment["Logging__Console__DisableColors"] = "true";
        var process = new Process { StartInfo = startInfo, EnableRaisingEvents = true };
        var router = new RouterProcess(process);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return router;
    }

    /// <summary>Waits until the host reports that every hosted service (the silo included) has started.</summary>
    public async Task WaitStartedAsync(CancellationToken cancellationToken)
    {
        var exited = _process.WaitForExitAsync(cancellationToken);
        var first = await Task.WhenAny(_started.Task, exited).WaitAsync(DefaultTimeout, cancellationToken);
        if (first != _started.Task)
        {
            throw new InvalidOperationException($"The process exited with code {_process.ExitCode} before it started:\n{Output}");
        }
    }

    /// <summary>Waits until the process writes a line containing <paramref name="text"/> (or has written it already).</summary>
    public Task WaitForOutputAsync(string text, CancellationToken cancellationToken)
    {
        var seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_output)
        {
            if (_output.ToString().Contains(text, StringComparison.Ordinal))
            {
                return Task.CompletedTask;
            }

            _awaitedOutput.Add((text, seen));
        }

        return seen.Task.WaitAsync(DefaultTimeout, cancellationToken);
    }

    /// <summary>Waits for the process to exit and returns its exit code.</summary>
    public async Task<int> WaitForExitAsync(CancellationToken cancellationToken)
    {
        await _process.WaitForExitAsync(cancellationToken).WaitAsync(DefaultTimeout, cancellationToken);

        // The parameterless overload waits until the redirected streams are drained too.
        _process.WaitForExit();
        return _process.ExitCode;
    }

    /// <summary>Sends SIGTERM, the signal a service manager or container runtime sends to stop a process.</summary>
    public void Terminate()
    {
        if (kill(_process.Id, SigTerm) != 0)
        {
            throw new InvalidOperationException($"kill({_process.Id}, SIGTERM) failed with errno {Marshal.GetLastPInvokeError()}.");
        }
    }

    /// <summary>SIGKILL: the process dies at once, as in a crash (kill -9).</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private void OnLine(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
            foreach (var (text, seen) in _awaitedOutput)
            {
                if (line.Contains(text, StringComparison.Ordinal))
                {
                    seen.TrySetResult();
                }
            }
        }

        if (line.Contains("Application started.", StringComparison.Ordinal))
        {
            _started.TrySetResult();
        }
    }

    private const int SigTerm = 15;

    [LibraryImport("libc", SetLastError = true)]
    private static partial int kill(int pid, int signal);
}
