using System;
using System.Buffers;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using ShureDrivers.Protocol;

namespace ShureDrivers.Simulator.Panel.Internal;

/// <summary>The JSON the page reads: a device's state, its meters, its wire log. Written by hand, so the shape is plain to see.</summary>
internal static class DeviceJson
{
    // Served as application/json and read by JSON.parse, never pasted into HTML: quotes and apostrophes stay readable.
    // Control characters are still escaped, so an event's JSON is always one line.
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Snapshot(PanelDevice device) => Write(w => WriteDevice(w, device));

    public static string List(IReadOnlyList<PanelDevice> devices, bool withWire) => Write(w =>
    {
        w.WriteStartObject();
        w.WriteStartArray("devices");
        foreach (var device in devices)
        {
            WriteDevice(w, device);
        }

        w.WriteEndArray();
        if (withWire)
        {
            w.WriteStartArray("wire");
            foreach (var device in devices)
            {
                WriteWireBody(w, device.Id, device.WireAfter(0));
            }

            w.WriteEndArray();
        }

        w.WriteEndObject();
    });

    public static string Meters(int id, int[] levels) => Write(w =>
    {
        w.WriteStartObject();
        w.WriteNumber("id", id);
        w.WriteStartArray("levels");
        foreach (var level in levels)
        {
            w.WriteNumberValue(level);
        }

        w.WriteEndArray();
        w.WriteEndObject();
    });

    public static string Wire(int id, List<WireFrame> frames) => Write(w => WriteWireBody(w, id, frames));

    public static string Error(string message) => Write(w =>
    {
        w.WriteStartObject();
        w.WriteString("error", message);
        w.WriteEndObject();
    });

    private static void WriteWireBody(Utf8JsonWriter w, int id, List<WireFrame> frames)
    {
        w.WriteStartObject();
        w.WriteNumber("id", id);
        w.WriteStartArray("frames");
        foreach (var frame in frames)
        {
            w.WriteStartObject();
            w.WriteNumber("seq", frame.Sequence);
            w.WriteNumber("ms", frame.AtMilliseconds);
            w.WriteString("dir", frame.Outgoing ? "out" : "in");
            w.WriteString("text", frame.Text);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void WriteDevice(Utf8JsonWriter w, PanelDevice device)
    {
        var sim = device.Simulator;
        var isInput = sim.Options.Family == SimulatedFamily.Ani4In;
        w.WriteStartObject();
        w.WriteNumber("id", device.Id);
        w.WriteString("hostName", device.Device.HostName);
        w.WriteString("name", sim.GetValue(ShureParameters.DeviceId).Text);
        w.WriteString("model", sim.ModelName);
        w.WriteString("family", isInput ? "ANI4IN" : "ANI4OUT");
        w.WriteString("profile", sim.Options.Profile.Name);
        w.WriteString("mac", sim.MacAddress);
        w.WriteString("control", device.Device.ControlEndPoint.ToString());
        w.WriteString("dante", device.Device.DanteEndPoint.ToString());
        w.WriteBoolean("booting", sim.IsBooting);
        w.WriteBoolean("acceptingConnections", sim.IsAcceptingConnections);
        w.WriteStartArray("controllers");
        foreach (var controller in sim.Controllers)
        {
            w.WriteStringValue(controller);
        }

        w.WriteEndArray();
        w.WriteNumber("meterRate", sim.MeterRate);
        w.WriteNumber("activePreset", sim.ActivePreset);
        w.WriteStartArray("presets");
        for (var slot = 1; slot <= Ani4OutCommandTable.PresetCount; slot++)
        {
            w.WriteStartObject();
            w.WriteNumber("slot", slot);
            w.WriteString("name", sim.GetValue(ShureParameters.Preset + slot.ToString(CultureInfo.InvariantCulture)).Text);
            w.WriteBoolean("stored", sim.HasPreset(slot));
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteString("channelKind", isInput ? "input" : "output");
        w.WriteStartArray("channels");
        for (var n = 1; n <= Ani4OutCommandTable.OutputCount; n++)
        {
            w.WriteStartObject();
            w.WriteNumber("n", n);
            w.WriteString("name", sim.GetChannelName(n));
            w.WriteNumber("gainDb", sim.GetGain(n).Decibels);
            w.WriteBoolean("muted", sim.IsMuted(n));
            if (isInput)
            {
                w.WriteNumber("preampDb", sim.GetValue(Ani4InParameters.AudioGain, n).Number);
                w.WriteBoolean("phantom", sim.GetValue(Ani4InParameters.PhantomPowerEnable, n).TryGetSwitch(out var on) && on);
            }
            else
            {
                w.WriteString("level", sim.GetOutputLevel(n));
            }

            w.WriteEndObject();
        }

        w.WriteEndArray();
        var faults = sim.Faults;
        w.WriteStartObject("faults");
        w.WriteBoolean("silent", faults.Silent);
        if (device.SilentUntil is { } until)
        {
            w.WriteString("silentUntil", until.ToString("O", CultureInfo.InvariantCulture));
        }

        w.WriteNumber("replyDelayMs", (long)faults.ReplyDelay.TotalMilliseconds);
        w.WriteBoolean("refuseConnections", faults.RefuseConnections);
        w.WriteStartArray("rejectSetsOn");
        foreach (var output in device.RejectedOutputs)
        {
            w.WriteNumberValue(output);
        }

        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteEndObject();
    }

    private static string Write(Action<Utf8JsonWriter> body)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            body(writer);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
