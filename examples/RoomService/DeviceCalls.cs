using System.Text.Json;
using Microsoft.Extensions.Options;
using ShureDrivers;
using ShureDrivers.Hosting;

namespace RoomService;

/// <summary>
/// What every device endpoint does first: find the device, check the input, check the device is there, and turn what
/// can go wrong into problem details (RFC 9457) with the status a client can act on.
/// </summary>
public static class DeviceCalls
{
    /// <summary>Runs <paramref name="call"/>, answering each failure with its problem details.</summary>
    public static async Task<IResult> RunAsync(Func<Task<IResult>> call)
    {
        try
        {
            return await call();
        }
        catch (ApiProblemException problem)
        {
            return Results.Problem(statusCode: problem.Status, title: problem.Title, detail: problem.Message);
        }
        catch (DeviceCommandRejectedException ex)
        {
            return Results.Problem(statusCode: StatusCodes.Status422UnprocessableEntity, title: "The device refused the value", detail: ex.Message);
        }
        catch (DeviceTimeoutException ex)
        {
            return Results.Problem(statusCode: StatusCodes.Status504GatewayTimeout, title: "The device did not answer in time", detail: ex.Message);
        }
        catch (DeviceConnectionException ex)
        {
            return Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "The device is not connected", detail: ex.Message);
        }
        catch (DeviceProtocolException ex)
        {
            return Results.Problem(statusCode: StatusCodes.Status502BadGateway, title: "The device answered something unexpected", detail: ex.Message);
        }
    }

    /// <summary>The configured device <paramref name="name"/> (404 if there is none, 409 while a Model: AUTO device has not said what it is).</summary>
    public static ShureDevice Find(IShureDeviceRegistry registry, IOptions<ShureDriversOptions> options, string name)
    {
        if (!options.Value.Devices.ContainsKey(name))
        {
            throw new ApiProblemException(StatusCodes.Status404NotFound, "Unknown device", $"No device named '{name}' is configured.");
        }

        try
        {
            return registry.GetShureDevice(name);
        }
        catch (InvalidOperationException ex)
        {
            throw new ApiProblemException(StatusCodes.Status409Conflict, "The device has not been identified yet", ex.Message);
        }
    }

    /// <summary>The device, which must be connected with fresh values: nothing is sent to a device that is not (409).</summary>
    public static ShureDevice FindConnected(IShureDeviceRegistry registry, IOptions<ShureDriversOptions> options, string name)
    {
        var device = Find(registry, options, name);
        if (device.Session.State != ConnectionState.Connected)
        {
            var why = device.Session.LastFailure is { } failure ? ": " + failure.Message : string.Empty;
            throw new ApiProblemException(StatusCodes.Status409Conflict, "The device is not connected", $"{name} is {device.Session.State.ToString().ToLowerInvariant()}{why}");
        }

        return device;
    }

    /// <summary>Channel <paramref name="n"/> of the kind in the path (an ANI4OUT's outputs, an ANI4IN's inputs); 404 otherwise.</summary>
    public static ShureChannel Channel(ShureDevice device, string name, string kind, int n)
    {
        IReadOnlyList<ShureChannel> channels = (device, kind) switch
        {
            (Ani4OutDevice output, "outputs") => output.Outputs,
            (Ani4InDevice input, "inputs") => input.Inputs,
            _ => throw new ApiProblemException(StatusCodes.Status404NotFound, "No such channel", $"{name} is an {device.Model ?? "unidentified device"}: it has {(device is Ani4InDevice ? "inputs" : "outputs")}, not {kind}."),
        };
        return n >= 1 && n <= channels.Count
            ? channels[n - 1]
            : throw new ApiProblemException(StatusCodes.Status404NotFound, "No such channel", $"{name} has {kind} 1-{channels.Count}, not {n}.");
    }

    /// <summary>The request's JSON object (400 when the body is missing, not JSON, or not an object).</summary>
    public static async Task<JsonElement> ReadObjectAsync(HttpRequest request)
    {
        if (!request.HasJsonContentType())
        {
            throw new ApiProblemException(StatusCodes.Status415UnsupportedMediaType, "Send JSON", "The body must be application/json.");
        }

        try
        {
            var body = await request.ReadFromJsonAsync<JsonElement>(request.HttpContext.RequestAborted);
            return body.ValueKind == JsonValueKind.Object ? body : throw new ApiProblemException(StatusCodes.Status400BadRequest, "Bad input", "The body must be a JSON object.");
        }
        catch (JsonException ex)
        {
            throw new ApiProblemException(StatusCodes.Status400BadRequest, "Bad input", "The body is not valid JSON: " + ex.Message);
        }
    }

    /// <summary>Property <paramref name="name"/> of <paramref name="body"/>, which must be there and of <paramref name="kind"/>.</summary>
    public static JsonElement Property(JsonElement body, string name, JsonValueKind kind, string expected)
    {
        if (body.TryGetProperty(name, out var value) && (value.ValueKind == kind || (kind == JsonValueKind.True && value.ValueKind == JsonValueKind.False)))
        {
            return value;
        }

        throw new ApiProblemException(StatusCodes.Status400BadRequest, "Bad input", $"Send {{\"{name}\": {expected}}}.");
    }
}
