namespace ShureDrivers.Rooms;

/// <summary>One problem in a room file, with the JSON path where it is (<c>$.devices[0].outputs.2.gainDb</c>).</summary>
public sealed class RoomProblem
{
    /// <summary>Creates a problem.</summary>
    public RoomProblem(string path, string message)
    {
        Path = path;
        Message = message;
    }

    /// <summary>Where: a JSON path from the document root.</summary>
    public string Path { get; }

    /// <summary>What is wrong.</summary>
    public string Message { get; }

    /// <inheritdoc />
    public override string ToString() => $"{Path}: {Message}";
}
