using System.Threading;
using System.Threading.Tasks;
using ShureDrivers.Protocol;

namespace ShureDrivers.Internal;

/// <summary>A command written (or about to be) that waits for its reply.</summary>
internal sealed class PendingCommand(CommandString request, ParameterDefinition row, bool settling = false)
{
    private long _writeOrder;
    private int _retired;
    private int _onTheWire;

    public CommandString Request { get; } = request;

    /// <summary>The parameter name the reply carries (<see cref="ParameterDefinition.ReplyName"/> or the request's).</summary>
    public string ReplyName { get; } = row.ReplyName ?? request.Name;

    /// <summary>A <c>GET x ALL</c>: any report afterwards means the device took it.</summary>
    public bool IsDump { get; } = row.ValueKind == ParameterValueKind.Dump;

    /// <summary>
    /// True when an ambiguous <c>REP ERR</c> can be settled by reading back: a GET (asked again) or a SET of an
    /// absolute value (the value the device then holds says whether it was taken); never a dump, a step, a toggle, or
    /// a command that is itself a settlement.
    /// </summary>
    public bool CanSettle => !IsSettlement && CanDefer;

    /// <summary>
    /// True when this command may wait for an ambiguous <c>REP ERR</c> to be settled: a GET, or a SET of an absolute
    /// value the device can be asked for; a settlement too (it is then settled by counting, never read back again).
    /// </summary>
    public bool CanDefer => !IsDump && (Request.Kind == CommandKind.Get || (ExpectedValue is not null && (row.Access & ParameterAccess.Get) != 0));

    /// <summary>True for a command sent to settle an ambiguous <c>REP ERR</c> (a GET asked again, a read-back).</summary>
    public bool IsSettlement { get; } = settling;

    /// <summary>True while an unassigned <c>REP ERR</c> may be this command's (guarded by the table's lock).</summary>
    public bool IsSuspect { get; set; }

    /// <summary>Set once the write returned and the reply's timeout runs: only a reply or that timeout can end it now.</summary>
    public bool IsOnTheWire
    {
        get => Volatile.Read(ref _onTheWire) != 0;
        set => Volatile.Write(ref _onTheWire, value ? 1 : 0);
    }

    /// <summary>The position of the command on the wire (1 = first written on its connection); 0 until written.</summary>
    public long WriteOrder
    {
        get => Interlocked.Read(ref _writeOrder);
        set => Interlocked.Exchange(ref _writeOrder, value);
    }

    /// <summary>
    /// True once a command written after this one was answered: the device answers in order, so it skipped this
    /// one, and a later <c>REP ERR</c> is not about it.
    /// </summary>
    public bool IsRetired
    {
        get => Volatile.Read(ref _retired) != 0;
        set => Volatile.Write(ref _retired, value ? 1 : 0);
    }

    /// <summary>
    /// For a SET of an absolute value: the value its own reply carries. Null for GETs, steps and toggles (their result
    /// cannot be predicted) and for commands answered under another name.
    /// </summary>
    public CommandValue? ExpectedValue { get; } =
        request.Kind == CommandKind.Set && request.Operation == SetOperation.Assign && !request.Value.IsNone && (row.ReplyName ?? request.Name) == request.Name
            ? request.Value
            : null;

    /// <summary>
    /// Fails the command. The exception is marked observed at once: the caller may already have left (a timeout, a
    /// failed write), and a faulted task nobody awaits would raise <c>TaskScheduler.UnobservedTaskException</c>, which
    /// ends .NET Framework hosts configured to throw on it. A caller still waiting gets the exception as usual.
    /// </summary>
    public void Fail(System.Exception exception)
    {
        if (Completion.TrySetException(exception))
        {
            _ = Completion.Task.Exception;
        }
    }

    public TaskCompletionSource<CommandString> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>
    /// The one rule for "does this report answer this request": the same reply name, and the same channel and index
    /// unless the request named all of them (0 or none); and for a SET of an absolute value, the value it asked for
    /// (another controller's change of the same key meanwhile is not this SET's reply). A reply under another name (a
    /// SET answered by a different parameter) matches on the name alone; such a command also takes a reply under its
    /// own name (newer firmware answers <c>SET DEFAULT_SETTINGS</c> with <c>REP DEFAULT_SETTINGS 00</c>, older with
    /// <c>REP PRESET 00</c>).
    /// </summary>
    public bool IsAnsweredBy(CommandString report) =>
        ReplyName != Request.Name && string.Equals(report.Name, Request.Name, System.StringComparison.Ordinal)
        || (string.Equals(report.Name, ReplyName, System.StringComparison.Ordinal)
            && (Request.Channel is null or 0 || report.Channel == Request.Channel || ReplyName != Request.Name)
            && (Request.Index is null or 0 || report.Index == Request.Index)
            && (ExpectedValue is not { } expected || expected == report.Value));
}
