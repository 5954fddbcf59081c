using System.Threading.Tasks;
using ShureDrivers.Protocol;

namespace ShureDrivers.Internal;

/// <summary>A command written (or about to be) that waits for its reply.</summary>
internal sealed class PendingCommand(CommandString request, ParameterDefinition row, long sequence)
{
    public CommandString Request { get; } = request;

    /// <summary>The parameter name the reply carries (<see cref="ParameterDefinition.ReplyName"/> or the request's).</summary>
    public string ReplyName { get; } = row.ReplyName ?? request.Name;

    /// <summary>A <c>GET x ALL</c>: any report afterwards means the device took it.</summary>
    public bool IsDump { get; } = row.ValueKind == ParameterValueKind.Dump;

    /// <summary>The order in which commands were registered on their connection.</summary>
    public long Sequence { get; } = sequence;

    public TaskCompletionSource<CommandString> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>
    /// The one rule for "does this report answer this request": the same reply name, and the same channel and index
    /// unless the request named all of them (0 or none). A reply under another name (a SET answered by a different
    /// parameter) matches on the name alone.
    /// </summary>
    public bool IsAnsweredBy(CommandString report) =>
        string.Equals(report.Name, ReplyName, System.StringComparison.Ordinal)
        && (Request.Channel is null or 0 || report.Channel == Request.Channel || ReplyName != Request.Name)
        && (Request.Index is null or 0 || report.Index == Request.Index);
}
