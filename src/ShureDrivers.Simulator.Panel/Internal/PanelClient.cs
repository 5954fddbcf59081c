using System.Threading.Channels;

namespace ShureDrivers.Simulator.Panel.Internal;

/// <summary>
/// One open page (a server-sent-event stream): a bounded queue of events. A page that cannot keep up is closed, not
/// buffered without end: its EventSource reconnects and starts again from a full snapshot.
/// </summary>
internal sealed class PanelClient
{
    /// <summary>Events a page may fall behind by before it is closed.</summary>
    public const int MaxQueuedEvents = 2048;

    private readonly Channel<string> _events = Channel.CreateBounded<string>(new BoundedChannelOptions(MaxQueuedEvents)
    {
        FullMode = BoundedChannelFullMode.Wait,
        SingleReader = true,
    });

    public ChannelReader<string> Events => _events.Reader;

    /// <summary>Queues one event; a full queue closes the stream.</summary>
    public void Send(string eventText)
    {
        if (!_events.Writer.TryWrite(eventText))
        {
            _events.Writer.TryComplete();
        }
    }

    public void Close() => _events.Writer.TryComplete();
}
