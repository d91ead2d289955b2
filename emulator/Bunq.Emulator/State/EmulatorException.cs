namespace Bunq.Emulator.State;

/// <summary>An answer in bunq's error envelope: status plus <c>error_description</c>.</summary>
internal sealed class EmulatorException : Exception
{
    public EmulatorException(int statusCode, string description)
        : base(description)
    {
        StatusCode = statusCode;
    }

    public int StatusCode { get; }

    public static EmulatorException BadRequest(string description) => new(400, description);

    public static EmulatorException NotFound() => new(404, "The object you're looking for cannot be found.");
}
