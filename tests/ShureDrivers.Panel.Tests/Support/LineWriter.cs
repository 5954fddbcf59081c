using System.Collections.Concurrent;
using System.Linq;
using System.Text;
using System.IO;

namespace ShureDrivers.Panel.Tests.Support;

/// <summary>A writer another thread can read while the CLI writes to it.</summary>
public sealed class LineWriter : TextWriter
{
    private readonly ConcurrentQueue<string> _lines = new();
    private readonly StringBuilder _current = new();
    private readonly object _gate = new();

    public override Encoding Encoding => Encoding.UTF8;

    /// <summary>Raised with each complete line, on the writing thread.</summary>
    public event System.Action<string>? LineWritten;

    public override void Write(char value)
    {
        lock (_gate)
        {
            if (value == '\n')
            {
                var line = _current.ToString().TrimEnd('\r');
                _lines.Enqueue(line);
                _current.Clear();
                LineWritten?.Invoke(line);
            }
            else
            {
                _current.Append(value);
            }
        }
    }

    public override string ToString() => string.Join("\n", _lines.Concat([_current.ToString()]));
}
