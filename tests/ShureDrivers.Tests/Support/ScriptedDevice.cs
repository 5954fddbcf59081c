using System;
using System.IO;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using ShureDrivers.Protocol;
using ShureDrivers.Simulator.Internal;

namespace ShureDrivers.Tests.Support;

/// <summary>A fake device end: the test reads what the session wrote and writes raw bytes back.</summary>
public sealed class ScriptedDevice : DeviceConnector, IAsyncDisposable
{
    private readonly DuplexPipeStream _client;
    private readonly DuplexPipeStream _server;
    private readonly CommandStringFramer _framer = new();
    private readonly byte[] _buffer = new byte[4096];
    private byte[] _pending = [];

    public ScriptedDevice() => (_client, _server) = DuplexPipeStream.CreatePair();

    public override Task<Stream> ConnectAsync(DnsEndPoint endpoint, CancellationToken cancellationToken) => Task.FromResult<Stream>(_client);

    public async Task<DeviceSession> StartSessionAsync(Microsoft.Extensions.Logging.ILoggerFactory? loggerFactory = null)
    {
        var session = new DeviceSession("scripted", new DeviceSessionOptions { Connector = this, AutoReconnect = false, KeepAliveInterval = TimeSpan.Zero, CommandTimeout = TestTimeouts.Signal, LoggerFactory = loggerFactory });
        await session.StartAsync();
        return session;
    }

    public async Task<string> ReadFrameAsync()
    {
        using var cts = new CancellationTokenSource(TestTimeouts.Signal);
        while (true)
        {
            var sequence = new System.Buffers.ReadOnlySequence<byte>(_pending);
            if (_framer.TryReadFrame(ref sequence, out var frame))
            {
                var text = Sequences.Text(frame);
                _pending = System.Buffers.BuffersExtensions.ToArray(sequence);
                return text;
            }

            var n = await _server.ReadAsync(_buffer, cts.Token);
            if (n == 0)
            {
                throw new EndOfStreamException();
            }

            _pending = [.. _pending, .. _buffer[..n]];
        }
    }

    public async Task WriteAsync(byte[] bytes)
    {
        await _server.WriteAsync(bytes);
        await _server.FlushAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
    }
}
