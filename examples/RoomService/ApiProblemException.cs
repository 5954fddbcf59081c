namespace RoomService;

/// <summary>A request refused before anything is sent to a device: its status, title and detail become problem details.</summary>
public sealed class ApiProblemException(int status, string title, string detail) : Exception(detail)
{
    public int Status { get; } = status;

    public string Title { get; } = title;
}
