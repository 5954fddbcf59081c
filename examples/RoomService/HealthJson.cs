using System.Text.Json;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace RoomService;

/// <summary>/health as JSON: the overall status and each device's, with why (the status code stays 200 or 503).</summary>
public static class HealthJson
{
    public static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        return context.Response.WriteAsync(JsonSerializer.Serialize(new
        {
            status = report.Status.ToString(),
            devices = report.Entries.ToDictionary(e => e.Key, e => new { status = e.Value.Status.ToString(), description = e.Value.Description }),
        }));
    }
}
