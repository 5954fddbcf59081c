using System.Collections.Concurrent;
using System.Threading;

namespace ShureDrivers.Simulator.Panel.Internal;

/// <summary>The open pages, and one event sent to all of them.</summary>
internal sealed class PanelHub
{
    private readonly ConcurrentDictionary<int, PanelClient> _clients = new();
    private int _nextId;

    public bool HasClients => !_clients.IsEmpty;

    public (int Id, PanelClient Client) Add()
    {
        var client = new PanelClient();
        var id = Interlocked.Increment(ref _nextId);
        _clients[id] = client;
        return (id, client);
    }

    public void Remove(int id)
    {
        if (_clients.TryRemove(id, out var client))
        {
            client.Close();
        }
    }

    /// <summary>Sends <c>event: NAME</c> with one line of JSON to every page.</summary>
    public void Broadcast(string name, string json)
    {
        var text = Format(name, json);
        foreach (var client in _clients.Values)
        {
            client.Send(text);
        }
    }

    public void CloseAll()
    {
        foreach (var id in _clients.Keys)
        {
            Remove(id);
        }
    }

    // JSON from Utf8JsonWriter holds no raw line breaks, so one data line is always enough.
    public static string Format(string name, string json) => "event: " + name + "\ndata: " + json + "\n\n";
}
