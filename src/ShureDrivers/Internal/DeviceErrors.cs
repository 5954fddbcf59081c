using System;
using System.IO;
using System.Net.Sockets;
using ShureDrivers.Protocol;

namespace ShureDrivers.Internal;

/// <summary>
/// The one place that decides which transport exceptions mean "the link failed" and builds the session's typed
/// exceptions and their messages (MQTTnet's WrapAndThrowException, SE.Redis's ExceptionFactory).
/// </summary>
internal static class DeviceErrors
{
    /// <summary>True for the exceptions a socket, stream or pipe throws when the link goes away under it.</summary>
    public static bool IsLinkFailure(Exception exception) =>
        exception is IOException or ObjectDisposedException or SocketException;

    /// <summary>True for what a connect attempt can fail with: a typed device error, a socket or an I/O error.</summary>
    public static bool IsConnectFailure(Exception exception) =>
        exception is ShureDeviceException or SocketException or IOException;

    /// <summary>The one rule for "try the connect again": a connect failure that is not a typed, final refusal (another model).</summary>
    public static bool IsRetryable(Exception exception) =>
        IsConnectFailure(exception) && exception is not ShureDeviceException { IsTransient: false };

    /// <summary>True for a link failure or the cancellation of the connection's own closing token.</summary>
    public static bool IsLinkFailureOrClose(Exception exception) =>
        exception is OperationCanceledException || IsLinkFailure(exception);

    public static DeviceConnectionException NotConnected(string endPoint, ConnectionState state) =>
        new($"{endPoint} is not connected ({state}).", endPoint);

    public static DeviceConnectionException ConnectionClosed(string endPoint, Exception? reason = null) =>
        new($"{endPoint}: the connection is closed.", endPoint, reason);

    public static DeviceConnectionException LostBeforeReply(string endPoint, CommandString request, Exception? reason) =>
        new($"{endPoint}: the connection was lost before {request} was answered.", endPoint, reason);

    public static DeviceConnectionException SendFailed(string endPoint, CommandString command, Exception reason) =>
        new($"{endPoint}: could not send {command}.", endPoint, reason);

    public static DeviceConnectionException ConnectFailed(string endPoint, Exception reason) =>
        new($"{endPoint}: could not connect ({reason.Message}).", endPoint, reason);

    public static DeviceConnectionException ReadFailed(string endPoint, Exception reason) =>
        new($"{endPoint}: reading failed ({reason.Message}).", endPoint, reason);

    public static DeviceConnectionException WriteFailed(string endPoint, Exception reason) =>
        new($"{endPoint}: writing failed ({reason.Message}).", endPoint, reason);

    public static DeviceConnectionException ClosedByDevice(string endPoint) =>
        new($"{endPoint} closed the connection.", endPoint);

    public static DeviceConnectionException LinkDead(string endPoint, TimeSpan silence) =>
        new($"{endPoint}: nothing heard for {silence.TotalSeconds:0.#} s; the link is dead.", endPoint);

    public static DeviceTimeoutException NoReply(string endPoint, CommandString request, TimeSpan timeout, TimeSpan elapsed, Exception inner) =>
        new($"{endPoint}: no reply to {request} within {timeout.TotalSeconds:0.###} s.", elapsed, endPoint, inner);

    public static DeviceTimeoutException SendTimedOut(string endPoint, CommandString command, TimeSpan timeout, Exception inner) =>
        new($"{endPoint}: could not send {command} within {timeout.TotalSeconds:0.###} s.", timeout, endPoint, inner);

    public static DeviceTimeoutException ConnectTimedOut(string endPoint, TimeSpan timeout, Exception inner) =>
        new($"{endPoint}: no connection within {timeout.TotalSeconds:0.###} s.", timeout, endPoint, inner);

    public static DeviceCommandRejectedException Rejected(string endPoint, CommandString request)
    {
        var text = request.ToString();
        return new DeviceCommandRejectedException($"{endPoint} rejected {text} (REP ERR).", text, endPoint);
    }
}
