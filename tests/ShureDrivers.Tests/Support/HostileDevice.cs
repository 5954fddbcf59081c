using System;
using System.IO;
using System.Net;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace ShureDrivers.Tests.Support;

/// <summary>
/// Devices that third-party emulators and broken firmware play: they accept the connection, swallow whatever is
/// written, and send only what their mode says, forever. Each read is bounded (4 KiB), so nothing here allocates
/// without bound; the trickle mode paces itself on the given clock.
/// </summary>
public sealed class HostileDevice(HostileDevice.Mode mode, TimeProvider time, string trickle = "< REP MODEL {ANI4OUT-XLR} >") : DeviceConnector
{
    public enum Mode
    {
        /// <summary>Endless bytes that never hold a frame.</summary>
        Garbage,

        /// <summary>One <c>&lt;</c>, then a frame that never ends.</summary>
        EndlessFrame,

        /// <summary>One byte of a frame every 0.3 s of clock time, the frame again and again.</summary>
        Trickle,
    }

    public override Task<Stream> ConnectAsync(DnsEndPoint endpoint, CancellationToken cancellationToken) =>
        Task.FromResult<Stream>(new HostileStream(mode, time, Encoding.ASCII.GetBytes(trickle)));

    private sealed class HostileStream(Mode mode, TimeProvider time, byte[] trickle) : Stream
    {
        private readonly CancellationTokenSource _closed = new();
        private long _sent;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _closed.Token);
            if (mode == Mode.Trickle)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(300), time, linked.Token);
                buffer.Span[0] = trickle[(int)(_sent++ % trickle.Length)];
                return 1;
            }

            // Yield so the reader does not spin on one thread while the test moves the clock.
            await Task.Yield();
            linked.Token.ThrowIfCancellationRequested();
            var count = Math.Min(buffer.Length, 4096);
            buffer.Span[..count].Fill((byte)'x');
            if (mode == Mode.EndlessFrame && _sent == 0)
            {
                buffer.Span[0] = (byte)'<';
            }

            _sent += count;
            return count;
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) =>
            _closed.IsCancellationRequested ? throw new ObjectDisposedException(nameof(HostileStream)) : ValueTask.CompletedTask;

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            _closed.Cancel();
            base.Dispose(disposing);
        }
    }
}
